/**
 * Reads a MIME message back for the tests, following the RFCs rather than the writer's code:
 * headers unfolded (RFC 5322 §2.2.3), multipart bodies split on their delimiter lines
 * (RFC 2046 §5.1.1), base64 bodies decoded, RFC 2047 encoded words decoded.
 */
export interface MimePart {
  readonly headers: Map<string, string>;
  readonly contentType: string;
  readonly params: Record<string, string>;
  readonly parts: MimePart[];
  readonly body: Buffer;
}

export function readMime(raw: string): MimePart {
  const split = raw.indexOf('\r\n\r\n');
  const head = split === -1 ? raw : raw.slice(0, split);
  const rawBody = split === -1 ? '' : raw.slice(split + 4);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n(?=[ \t])/g, '').split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  const [type = 'text/plain', ...paramTexts] = (headers.get('content-type') ?? 'text/plain').split(';').map((s) => s.trim());
  const params = Object.fromEntries(paramTexts.map((p) => {
    const eq = p.indexOf('=');
    return [p.slice(0, eq).toLowerCase(), p.slice(eq + 1).replace(/^"(.*)"$/, '$1')];
  }));
  if (type.startsWith('multipart/')) {
    const delimiter = `--${params.boundary}`;
    const sections = `\r\n${rawBody}`.split(`\r\n${delimiter}`);
    const closeAt = sections.findIndex((s) => s.startsWith('--'));
    if (closeAt === -1) throw new Error(`no close delimiter for ${delimiter}`);
    const parts = sections.slice(1, closeAt).map((s) => readMime(s.replace(/^[ \t]*\r\n/, '')));
    return { headers, contentType: type, params, parts, body: Buffer.alloc(0) };
  }
  const encoding = headers.get('content-transfer-encoding')?.toLowerCase();
  const body = encoding === 'base64' ? Buffer.from(rawBody.replace(/\s+/g, ''), 'base64') : Buffer.from(rawBody, 'utf8');
  return { headers, contentType: type, params, parts: [], body };
}

export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?B\?([^?]*)\?=/gi, (_, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));
}
