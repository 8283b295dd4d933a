import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBitlyStandIn, DEFAULT_BITLY_TOKEN, type BitlyStandIn } from '../../../local/stand-ins/bitly/server.js';
import { createBitlyShortener } from '../../../shared/publishing/links/bitly.js';
import { LinkShortenerError } from '../../../shared/publishing/links/shortener.js';
import { failure } from '../../helpers/failure.js';

let bitly: BitlyStandIn;

beforeAll(async () => {
  bitly = await startBitlyStandIn({ domains: ['go.example.com'] });
});

afterAll(async () => {
  await bitly?.close();
});

describe('Bitly shortener against the Bitly v4 stand-in', () => {
  it('shortens a link with POST /v4/shorten and returns the same bitlink for the same long URL', async () => {
    const shortener = createBitlyShortener({ accessToken: DEFAULT_BITLY_TOKEN, baseUrl: bitly.url });
    const long = 'https://example.com/launch?utm_source=x&utm_medium=social&utm_campaign=spring';

    const first = await shortener.shorten(long);
    const again = await shortener.shorten(long);

    expect(first).toMatch(/^https:\/\/bit\.ly\/\w+$/);
    expect(again).toBe(first);
    expect(bitly.links().filter((l) => l.longUrl === long)).toEqual([expect.objectContaining({ link: first, domain: 'bit.ly', groupGuid: 'Bpillars0001' })]);
  });

  it('sends the configured branded domain and group', async () => {
    const shortener = createBitlyShortener({ accessToken: DEFAULT_BITLY_TOKEN, baseUrl: bitly.url, domain: 'go.example.com', groupGuid: 'Bteam42' });

    const link = await shortener.shorten('https://example.com/branded');

    expect(link).toMatch(/^https:\/\/go\.example\.com\/\w+$/);
    expect(bitly.links().find((l) => l.link === link)).toMatchObject({ domain: 'go.example.com', groupGuid: 'Bteam42' });
  });

  it.each([
    { name: 'an unknown token', options: { accessToken: 'wrong' }, fault: undefined, message: 'bitly: answered 403 (FORBIDDEN: The token is missing or not valid.)' },
    { name: 'a domain the account does not own', options: { domain: 'nope.example' }, fault: undefined, message: 'bitly: answered 400 (INVALID_ARG_DOMAIN: The value provided is invalid.)' },
    { name: 'a 503', options: {}, fault: { kind: 'status', status: 503 } as const, message: 'bitly: answered 503 (INTERNAL_ERROR: Injected fault.)' },
    { name: 'a 429', options: {}, fault: { kind: 'rate_limit', retryAfterSeconds: 60 } as const, message: 'bitly: answered 429 (RATE_LIMIT_EXCEEDED: You have exceeded your rate limit.)' },
  ])('fails with a LinkShortenerError that says what Bitly answered: $name', async ({ options, fault, message }) => {
    if (fault) bitly.injectFault(fault);
    const shortener = createBitlyShortener({ accessToken: DEFAULT_BITLY_TOKEN, baseUrl: bitly.url, ...options });

    const error = await failure(shortener.shorten('https://example.com/fails'), LinkShortenerError);

    expect(error.message).toBe(message);
  });

  it('fails with a LinkShortenerError naming the host when Bitly cannot be reached', async () => {
    const unreachable = createBitlyShortener({ accessToken: DEFAULT_BITLY_TOKEN, baseUrl: 'http://127.0.0.1:9', timeoutMs: 1_000 });

    const error = await failure(unreachable.shorten('https://example.com/x'), LinkShortenerError);

    expect(error.message).toMatch(/^bitly: could not reach http:\/\/127\.0\.0\.1:9 /);
  });
});
