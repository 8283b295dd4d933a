import { describe, expect, it } from 'vitest';
import { buildMimeMessage, type MimeMessage } from '../../../shared/analytics/reports/mime.js';
import { ValidationError } from '../../../shared/platform/errors.js';
import { decodeWords, readMime } from './mime-reader.js';
import { failure } from '../../helpers/failure.js';

const HTML = `<!DOCTYPE html><p>Grüße — ${'long line without breaks '.repeat(20)}</p>\n<p>=_ and -- are just text</p>`;
const CSV = 'network,text\r\nx,"Olá, mundo 🎉"\r\n';

function message(overrides: Partial<MimeMessage> = {}): MimeMessage {
  return {
    from: 'Pillars Reports <reports@acme.example>',
    to: ['lead@acme.example', 'Jörg Müller <joerg@acme.example>'],
    subject: 'Acme — Weekly report, 16 Nov 2026 – 22 Nov 2026',
    text: 'Engagement rate: 4.25%\n',
    html: HTML,
    attachments: [{ filename: 'top-posts.csv', contentType: 'text/csv; charset=utf-8', content: CSV }],
    date: new Date('2026-11-23T07:00:05Z'),
    messageId: '01JD2XK3ABCDEF@acme.example',
    ...overrides,
  };
}

const raw = Buffer.from(await buildMimeMessage(message())).toString('utf8');
const mail = readMime(raw);

describe('buildMimeMessage', () => {
  it('writes the RFC 5322 headers a mail system needs', () => {
    expect(mail.headers.get('mime-version')).toBe('1.0');
    expect(mail.headers.get('date')).toBe('Mon, 23 Nov 2026 07:00:05 +0000');
    expect(mail.headers.get('message-id')).toBe('<01JD2XK3ABCDEF@acme.example>');
    expect(mail.headers.get('from')).toBe('Pillars Reports <reports@acme.example>');
    expect(decodeWords(mail.headers.get('to')!)).toBe('lead@acme.example, Jörg Müller <joerg@acme.example>');
    expect(decodeWords(mail.headers.get('subject')!)).toBe('Acme — Weekly report, 16 Nov 2026 – 22 Nov 2026');
  });

  it('is multipart/mixed holding a text+HTML alternative and the attachments', () => {
    expect(mail.contentType).toBe('multipart/mixed');
    const [alternative, attachment] = mail.parts;
    expect(mail.parts).toHaveLength(2);
    expect(alternative!.contentType).toBe('multipart/alternative');
    expect(alternative!.parts.map((p) => `${p.contentType}; charset=${p.params.charset}`)).toEqual(['text/plain; charset=utf-8', 'text/html; charset=utf-8']);
    expect(attachment!.contentType).toBe('text/csv');
    expect(attachment!.headers.get('content-disposition')).toMatch(/^attachment; filename="?top-posts\.csv"?$/);
  });

  it('round-trips the text, HTML and CSV through base64 byte for byte', () => {
    const [alternative, attachment] = mail.parts;
    expect(alternative!.parts[0]!.body.toString('utf8')).toBe('Engagement rate: 4.25%\n');
    expect(alternative!.parts[1]!.body.toString('utf8')).toBe(HTML);
    expect(attachment!.body.toString('utf8')).toBe(CSV);
    for (const part of [...alternative!.parts, attachment!]) expect(part.headers.get('content-transfer-encoding')).toBe('base64');
  });

  it('uses CRLF only, lines of at most 78 characters, base64 lines of at most 76', () => {
    expect(raw).not.toMatch(/[^\r]\n/);
    const lines = raw.split('\r\n');
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(78);
    const base64Lines = lines.filter((line) => /^[A-Za-z0-9+/]{20,}=*$/.test(line));
    expect(base64Lines.length).toBeGreaterThan(10);
    for (const line of base64Lines) expect(line.length).toBeLessThanOrEqual(76);
  });

  it('uses two distinct boundaries that occur only in their header, delimiters and close delimiter', () => {
    const mixed = mail.params.boundary!;
    const alternative = mail.parts[0]!.params.boundary!;
    expect(mixed).not.toBe(alternative);
    // header + one delimiter per part (2) + close
    expect(raw.split(mixed).length - 1).toBe(1 + 2 + 1);
    // header + text and HTML delimiters + close
    expect(raw.split(alternative).length - 1).toBe(1 + 2 + 1);
  });

  it('refuses header injection and bad addresses, naming the field', async () => {
    const refused = async (overrides: Partial<MimeMessage>) =>
      (await failure(() => buildMimeMessage(message(overrides)), ValidationError)).issues.map((i) => i.field);
    expect(await refused({ to: ['lead@acme.example\r\nBcc: spy@evil.example'] })).toEqual(['to.0']);
    expect(await refused({ subject: 'Report\r\nBcc: spy@evil.example' })).toEqual(['subject']);
    expect(await refused({ from: 'not an address' })).toEqual(['from']);
    expect(await refused({ to: [] })).toEqual(['to']);
    expect(await refused({ attachments: [{ filename: 'a"b.csv', contentType: 'text/csv', content: '' }] })).toEqual(['attachments.0.filename']);
  });
});

describe('the subject header', () => {
  it('keeps short ASCII as it is', async () => {
    const short = readMime(Buffer.from(await buildMimeMessage(message({ subject: 'Weekly report' }))).toString('utf8'));
    expect(short.headers.get('subject')).toBe('Weekly report');
  });

  it('splits long UTF-8 into encoded words of at most 75 characters without cutting a character', async () => {
    const subject = 'Wöchentlicher Bericht 🎉 für Acme — Engagement, Reichweite und Klicks im Überblick';
    const written = Buffer.from(await buildMimeMessage(message({ subject }))).toString('utf8');
    const folded = /^Subject: (.*(?:\r\n .*)*)/m.exec(written)![1]!;
    const words = folded.split('\r\n ');
    expect(words.length).toBeGreaterThan(1);
    for (const word of words) {
      expect(word).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/);
      expect(word.length).toBeLessThanOrEqual(75);
      expect(Buffer.from(word.slice(10, -2), 'base64').toString('utf8')).not.toContain('\uFFFD');
    }
    expect(decodeWords(readMime(written).headers.get('subject')!)).toBe(subject);
  });
});
