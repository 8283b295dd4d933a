import { describe, expect, it } from 'vitest';
import { tagLink } from '../../../shared/publishing/utm.js';

describe('tagLink', () => {
  it('adds source, medium and campaign, lower-cased without spaces', () => {
    expect(tagLink('https://shop.example/sale', { source: 'linkedin', campaign: 'Spring Sale' }))
      .toBe('https://shop.example/sale?utm_source=linkedin&utm_medium=social&utm_campaign=spring-sale');
  });

  it('keeps parameters the author set and the rest of the URL', () => {
    expect(tagLink('https://shop.example/p?id=7&utm_campaign=vip#top', { source: 'x', campaign: 'spring' }))
      .toBe('https://shop.example/p?id=7&utm_campaign=vip&utm_source=x&utm_medium=social#top');
  });

  it('leaves what is not an http(s) URL alone', () => {
    expect(tagLink('mailto:hi@example.com', { source: 'x' })).toBe('mailto:hi@example.com');
    expect(tagLink('not a url', { source: 'x' })).toBe('not a url');
  });
});
