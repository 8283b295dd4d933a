/**
 * A MIME message as bytes (RFC 5322 headers, RFC 2045/2046 bodies, RFC 2047 encoded words): what
 * SESv2 SendEmail takes as Content.Raw.Data in AWS and what the local runtime writes to a .eml
 * file. Every body part is base64, so any UTF-8 text and any line length survive every relay.
 */
import { randomBytes } from 'node:crypto';
import { ValidationError, type FieldIssue } from '../../platform/errors.js';

export interface MimeAttachment {
  /** Printable ASCII, e.g. "top-posts.csv". */
  readonly filename: string;
  /** e.g. "text/csv; charset=utf-8" */
  readonly contentType: string;
  readonly content: string | Uint8Array;
}

export interface MimeMessage {
  /** "reports@example.com" or "Pillars Reports <reports@example.com>" */
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly attachments?: readonly MimeAttachment[];
  readonly date: Date;
  /** Without angle brackets: "01JD…@example.com". */
  readonly messageId: string;
}

const CRLF = '\r\n';
/** Parameters go on continuation lines so header lines stay within 78 characters (RFC 5322 §2.1.1). */
const FOLD = `${CRLF} `;
const ADDR_SPEC = /^[^\s<>()@,;:"\\[\]]+@[^\s<>()@,;:"\\[\]]+\.[^\s<>()@,;:"\\[\]]+$/;
const NAMED = /^(.*?)\s*<([^<>]+)>$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const FILENAME = /^[\x21\x23-\x5b\x5d-\x7e][\x20\x21\x23-\x5b\x5d-\x7e]*$/;
// 39 bytes → 52 base64 characters, 64 with "=?UTF-8?B?…?=": within RFC 2047's 75, and a line stays
// within 78 even after "Subject: " or "To: ".
const WORD_BYTES = 39;

export function buildMimeMessage(message: MimeMessage): Uint8Array {
  const issues = check(message);
  if (issues.length) throw new ValidationError(issues);
  const mixed = boundary();
  const alternative = boundary();
  const headers = [
    `From: ${mailbox(message.from)}`,
    foldList('To', message.to.map(mailbox)),
    `Subject: ${encodeWords(message.subject)}`,
    `Date: ${rfc5322Date(message.date)}`,
    `Message-ID: <${message.messageId}>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed;${FOLD}boundary="${mixed}"`,
  ];
  const parts = [
    [
      `Content-Type: multipart/alternative;${FOLD}boundary="${alternative}"`,
      '',
      delimiter(alternative),
      ...base64Part(['Content-Type: text/plain; charset=utf-8'], message.text),
      delimiter(alternative),
      ...base64Part(['Content-Type: text/html; charset=utf-8'], message.html),
      closeDelimiter(alternative),
    ],
    ...(message.attachments ?? []).map((a) => base64Part([
      `Content-Type: ${a.contentType};${FOLD}name="${a.filename}"`,
      `Content-Disposition: attachment;${FOLD}filename="${a.filename}"`,
    ], a.content)),
  ];
  const lines = [
    ...headers,
    '',
    'This is a multi-part message in MIME format.',
    ...parts.flatMap((part) => [delimiter(mixed), ...part]),
    closeDelimiter(mixed),
    '',
  ];
  return new TextEncoder().encode(lines.join(CRLF));
}

/** Base64 in lines of at most 76 characters (RFC 2045 §6.8). */
export function base64Lines(content: string | Uint8Array): string[] {
  const encoded = Buffer.from(typeof content === 'string' ? Buffer.from(content, 'utf8') : content).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < encoded.length; i += 76) lines.push(encoded.slice(i, i + 76));
  return lines;
}

/** RFC 2047 B-encoded words for anything but plain printable ASCII; never splits a character. */
export function encodeWords(text: string): string {
  if (PRINTABLE_ASCII.test(text) && text.length <= 60) return text;
  const words: string[] = [];
  let chunk = '';
  for (const char of text) {
    if (Buffer.byteLength(chunk + char, 'utf8') > WORD_BYTES) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join(`${CRLF} `);
}

/** "Thu, 26 Nov 2026 10:38:11 +0000" (RFC 5322 §3.3), always in UTC. */
export function rfc5322Date(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

function base64Part(headers: string[], content: string | Uint8Array): string[] {
  return [...headers, 'Content-Transfer-Encoding: base64', '', ...base64Lines(content)];
}

/** "=_" cannot occur in base64 text and no header we write contains it, so the boundary never collides. */
function boundary(): string {
  return `=_pillars_${randomBytes(12).toString('hex')}`;
}

function delimiter(b: string): string {
  return `--${b}`;
}

function closeDelimiter(b: string): string {
  return `--${b}--`;
}

function mailbox(address: string): string {
  const named = NAMED.exec(address.trim());
  if (!named) return address.trim();
  const [, name = '', spec = ''] = named;
  if (!name) return `<${spec}>`;
  const display = PRINTABLE_ASCII.test(name) ? `"${name.replace(/["\\]/g, '\\$&')}"` : encodeWords(name);
  return `${display} <${spec}>`;
}

function foldList(name: string, items: string[]): string {
  return `${name}: ${items.join(`,${CRLF} `)}`;
}

function check(message: MimeMessage): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const address = (field: string, value: string) => {
    const spec = NAMED.exec(value.trim())?.[2] ?? value.trim();
    if (/[\r\n]/.test(value) || !ADDR_SPEC.test(spec)) {
      issues.push({ field, message: `"${value.replace(/[\r\n]/g, ' ')}" is not an e-mail address; use one like reports@example.com or "Name <reports@example.com>"` });
    }
  };
  address('from', message.from);
  if (!message.to.length) issues.push({ field: 'to', message: 'add at least one recipient, such as marketing@example.com' });
  message.to.forEach((to, i) => address(`to.${i}`, to));
  if (/[\r\n]/.test(message.subject)) issues.push({ field: 'subject', message: 'must be one line; remove the line breaks' });
  if (Number.isNaN(message.date.getTime())) issues.push({ field: 'date', message: 'is not a valid date' });
  if (!ADDR_SPEC.test(message.messageId)) issues.push({ field: 'messageId', message: 'use a unique id like 01JD2XK3@example.com, without angle brackets' });
  (message.attachments ?? []).forEach((a, i) => {
    if (!FILENAME.test(a.filename)) issues.push({ field: `attachments.${i}.filename`, message: 'use printable ASCII without quotes or backslashes, such as "top-posts.csv"' });
    if (!/^[\w.+-]+\/[\w.+-]+(;\s*[\w-]+=[\w.-]+)*$/.test(a.contentType)) {
      issues.push({ field: `attachments.${i}.contentType`, message: 'use a media type such as "text/csv; charset=utf-8"' });
    }
  });
  return issues;
}
