import { describe, expect, it } from 'vitest';
import { findOurPost, normalise } from '../../../shared/publishing/reconcile.js';

const at = (iso: string) => new Date(iso);

describe('normalise', () => {
  it('ignores HTML, entities, links, case and spacing the network added', () => {
    expect(normalise('<p>Spring sale &amp; more!<br>Shop: <a href="https://t.co/x">https://t.co/x</a></p>'))
      .toBe(normalise('Spring  sale & more!\nShop: https://shop.example/sale?utm_source=x'));
  });
});

describe('findOurPost', () => {
  const recent = [
    { networkPostId: '3', text: 'Something else entirely', createdAt: '2026-05-01T10:00:05Z' },
    { networkPostId: '2', text: 'Spring sale starts now https://t.co/abc', createdAt: '2026-05-01T10:00:01Z' },
    { networkPostId: '1', text: 'Spring sale starts now', createdAt: '2026-04-30T09:00:00Z' },
  ];

  it('finds the post with our text published after the first attempt', () => {
    expect(findOurPost('Spring sale starts now\n\nhttps://shop.example/sale', at('2026-05-01T10:00:00Z'), recent)?.networkPostId).toBe('2');
  });

  it('ignores an identical older post, which is not ours', () => {
    expect(findOurPost('Spring sale starts now', at('2026-05-01T11:00:00Z'), recent)).toBeUndefined();
  });

  it('finds nothing for a text that is not there', () => {
    expect(findOurPost('Autumn sale', at('2026-05-01T10:00:00Z'), recent)).toBeUndefined();
  });

  it('accepts a truncated listing when a long prefix matches', () => {
    const long = 'A long announcement that goes on for quite a while about our new collection';
    const listed = [{ networkPostId: '9', text: `${long.slice(0, 50)}…`.replace('…', ''), createdAt: '2026-05-01T10:00:01Z' }];
    expect(findOurPost(long, at('2026-05-01T10:00:00Z'), listed)?.networkPostId).toBe('9');
  });
});
