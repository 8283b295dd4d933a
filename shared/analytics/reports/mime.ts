/**
 * A MIME message as bytes, composed by nodemailer's MailComposer: what SESv2 SendEmail takes as
 * Content.Raw.Data in AWS and what the local runtime writes to a .eml file. The input is checked
 * first, so a bad address or a header line break is refused naming its field rather than mended.
 */
import MailComposer from 'nodemailer/lib/mail-composer';
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

const ADDR_SPEC = /^[^\s<>()@,;:"\\[\]]+@[^\s<>()@,;:"\\[\]]+\.[^\s<>()@,;:"\\[\]]+$/;
const NAMED = /^(.*?)\s*<([^<>]+)>$/;
const FILENAME = /^[\x21\x23-\x5b\x5d-\x7e][\x20\x21\x23-\x5b\x5d-\x7e]*$/;

export async function buildMimeMessage(message: MimeMessage): Promise<Uint8Array> {
  const issues = check(message);
  if (issues.length) throw new ValidationError(issues);
  const composer = new MailComposer({
    from: message.from,
    to: [...message.to],
    subject: message.subject,
    date: message.date,
    messageId: `<${message.messageId}>`,
    text: message.text,
    html: message.html,
    attachments: (message.attachments ?? []).map((a) => ({
      filename: a.filename, contentType: a.contentType, content: typeof a.content === 'string' ? a.content : Buffer.from(a.content),
    })),
    // Base64 keeps every part byte for byte (a CSV's line ends included) whatever its lines.
    encoding: 'base64',
    textEncoding: 'B',
    newline: 'win',
    // Everything is given as content; nothing may be read from a path or a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return new Uint8Array(await composer.compile().build());
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
