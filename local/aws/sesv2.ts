/**
 * Amazon SES API v2's SendEmail (restJson1, POST /v2/email/outbound-emails) for Raw and Simple
 * content. Nothing leaves the machine: each accepted message is written to the outbox folder as
 * `<time>-<MessageId>.eml`, which any mail client opens. Raw messages are written byte for byte.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import { AwsError, type Reply } from './http.js';

export interface SentEmail {
  readonly messageId: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly subject?: string;
  /** The .eml file written. */
  readonly path: string;
}

/** SES's own limits, so a message refused in AWS is refused here too. */
const MAX_RECIPIENTS = 50;
const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

const badRequest = (message: string) => new AwsError('BadRequestException', message);

export class SesV2Service {
  readonly outbox: string;
  readonly #onEmail: (email: SentEmail) => void;

  constructor(outbox: string, onEmail: (email: SentEmail) => void) {
    this.outbox = outbox;
    this.#onEmail = onEmail;
  }

  async handle(method: string, path: string, input: Record<string, unknown>): Promise<Reply> {
    if (method !== 'POST' || path !== '/v2/email/outbound-emails') {
      throw new AwsError('NotFoundException', `SES v2 ${method} ${path} is not emulated locally; only SendEmail is.`, 404);
    }
    const content = (typeof input.Content === 'object' && input.Content !== null ? input.Content : {}) as { Raw?: { Data?: unknown }; Simple?: SimpleContent };
    const kinds = ['Raw', 'Simple', 'Template'].filter((kind) => kind in content);
    if (kinds.length !== 1) throw badRequest('Content must contain exactly one of Raw, Simple or Template.');
    if (kinds[0] === 'Template') throw badRequest('Templated messages are not emulated locally; send Raw or Simple content.');

    const messageId = `${Date.now().toString(16).padStart(16, '0')}-${randomUUID()}-000000`;
    const destination = addressesOf(input.Destination);
    const from = typeof input.FromEmailAddress === 'string' ? input.FromEmailAddress : undefined;
    const message = content.Raw
      ? rawMessage(content.Raw.Data, from, destination)
      : await simpleMessage(content.Simple!, from, destination, addressList(input.ReplyToAddresses, 'ReplyToAddresses'), messageId);
    if (message.bytes.length > MAX_MESSAGE_BYTES) throw new AwsError('MessageRejected', 'Message length is more than 10485760 bytes long.');

    mkdirSync(this.outbox, { recursive: true });
    const time = new Date().toISOString().replace(/[-:]/g, '').replace('.', '');
    const file = join(this.outbox, `${time}-${messageId}.eml`);
    writeFileSync(file, message.bytes);
    this.#onEmail({ messageId, from: message.from, to: message.to, subject: message.subject, path: file });
    return { body: { MessageId: messageId } };
  }
}

interface SimpleContent {
  readonly Subject?: { Data?: string };
  readonly Body?: { Text?: { Data?: string }; Html?: { Data?: string } };
  readonly Headers?: { Name: string; Value: string }[];
}

interface Message {
  readonly bytes: Buffer;
  readonly from: string;
  readonly to: string[];
  readonly subject?: string;
}

interface Destination {
  readonly to: string[];
  readonly cc: string[];
  readonly bcc: string[];
}

function rawMessage(data: unknown, from: string | undefined, destination: Destination): Message {
  if (typeof data !== 'string' || data === '') throw badRequest('Content.Raw.Data is required: the base64-encoded MIME message.');
  const bytes = Buffer.from(data, 'base64');
  const headers = parseHeaders(bytes);
  // Like SES, the MIME headers stand in for the parameters a raw message leaves out.
  const sender = from ?? headers.get('from');
  if (!sender) throw badRequest('FromEmailAddress is required, or the raw message needs a From header.');
  const explicit = [...destination.to, ...destination.cc, ...destination.bcc];
  const recipients = explicit.length > 0 ? explicit : ['to', 'cc', 'bcc'].flatMap((name) => splitAddresses(headers.get(name)));
  checkRecipients(recipients, 'Destination (or the raw message\'s To/Cc/Bcc headers)');
  const subject = headers.get('subject');
  return { bytes, from: sender, to: recipients, subject: subject === undefined ? undefined : decodeWords(subject) };
}

async function simpleMessage(simple: SimpleContent, from: string | undefined, destination: Destination, replyTo: string[], messageId: string): Promise<Message> {
  if (!from) throw badRequest('FromEmailAddress is required for Simple content.');
  const recipients = [...destination.to, ...destination.cc, ...destination.bcc];
  checkRecipients(recipients, 'Destination');
  const subject = simple.Subject?.Data;
  if (typeof subject !== 'string') throw badRequest('Content.Simple.Subject.Data is required.');
  const text = simple.Body?.Text?.Data;
  const html = simple.Body?.Html?.Data;
  if (text === undefined && html === undefined) throw badRequest('Content.Simple.Body needs Text or Html.');

  // Bcc recipients get the message but no header naming them, as SES sends it.
  const composer = new MailComposer({
    from, to: destination.to, cc: destination.cc, replyTo, subject, text, html,
    messageId: `<${messageId}@email.amazonses.com>`,
    headers: (simple.Headers ?? []).map((h) => ({ key: h.Name, value: h.Value })),
    encoding: 'base64', textEncoding: 'B', newline: 'win', disableFileAccess: true, disableUrlAccess: true,
  });
  return { bytes: await composer.compile().build(), from, to: recipients, subject };
}

function checkRecipients(recipients: string[], field: string): void {
  if (recipients.length === 0) throw badRequest(`${field} must name at least one recipient.`);
  if (recipients.length > MAX_RECIPIENTS) throw new AwsError('MessageRejected', `Recipient count exceeds ${MAX_RECIPIENTS}.`);
  const invalid = recipients.find((address) => !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(bareAddress(address)));
  if (invalid !== undefined) throw badRequest(`Illegal address in ${field}: ${invalid}`);
}

function addressesOf(value: unknown): Destination {
  const destination = (value ?? {}) as Record<string, unknown>;
  return {
    to: addressList(destination.ToAddresses, 'Destination.ToAddresses'),
    cc: addressList(destination.CcAddresses, 'Destination.CcAddresses'),
    bcc: addressList(destination.BccAddresses, 'Destination.BccAddresses'),
  };
}

function addressList(value: unknown, field: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw badRequest(`${field} must be a list of e-mail addresses.`);
  return value as string[];
}

/** The message's header block (up to the first empty line), unfolded, names lower-cased. */
function parseHeaders(bytes: Buffer): Map<string, string> {
  const [block = ''] = bytes.toString('utf8').split(/\r?\n\r?\n/, 1);
  const headers = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

/** "Ann <a@x.org>, b@y.org" → the addresses; display names may hold commas only inside quotes. */
function splitAddresses(value: string | undefined): string[] {
  if (!value) return [];
  return (value.match(/(?:"[^"]*"|[^,])+/g) ?? [])
    .map(bareAddress)
    .filter((address) => address !== '');
}

/** "Ann <a@x.org>" → "a@x.org", as SES accepts either form. */
const bareAddress = (entry: string) => /<([^>]+)>/.exec(entry)?.[1] ?? entry.trim();

/** RFC 2047's B and Q encoded words back to text, so the log shows the subject people will read. */
function decodeWords(header: string): string {
  const WORD = /=\?[^?]+\?([BbQq])\?([^?]*)\?=/g;
  let out = '';
  let pending: Buffer[] = [];
  let last = 0;
  for (const match of header.matchAll(WORD)) {
    const between = header.slice(last, match.index);
    // Whitespace between two encoded words is not part of the text; their bytes join up.
    if (pending.length && between.trim() !== '') { out += Buffer.concat(pending).toString('utf8'); pending = []; }
    if (!pending.length) out += between;
    const [, encoding, text] = match as unknown as [string, string, string];
    pending.push(encoding.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1'));
    last = match.index + match[0].length;
  }
  return out + Buffer.concat(pending).toString('utf8') + header.slice(last);
}
