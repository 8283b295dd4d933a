import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkMedia } from '../../../shared/publishing/media-check.js';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/photo.png') return res.writeHead(200, { 'content-type': 'image/png' }).end();
    if (req.url === '/page.html') return res.writeHead(200, { 'content-type': 'text/html' }).end();
    if (req.url === '/no-head.mp4') {
      if (req.method === 'HEAD') return res.writeHead(405).end();
      return res.writeHead(206, { 'content-type': 'video/mp4' }).end('x');
    }
    // Never answers (until the server closes): only the check's own timeout ends this request.
    if (req.url === '/slow.png') return;
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));

describe('checkMedia', () => {
  it('accepts media served as the declared kind, falling back to GET where HEAD is refused', async () => {
    expect(await checkMedia([{ url: `${base}/photo.png`, kind: 'image' }, { url: `${base}/no-head.mp4`, kind: 'video' }])).toEqual([]);
  });

  it('rejects each unreachable, mistyped or slow URL with its field and reason', async () => {
    const issues = await checkMedia([
      { url: `${base}/missing.png`, kind: 'image' },
      { url: `${base}/page.html`, kind: 'image' },
      { url: `${base}/slow.png`, kind: 'image' },
    ], fetch, 2_000);
    expect(issues).toEqual([
      { field: 'media.0.url', message: expect.stringContaining('HTTP 404') },
      { field: 'media.1.url', message: expect.stringContaining('"text/html", not as image') },
      { field: 'media.2.url', message: expect.stringContaining('timed out') },
    ]);
  });
});
