/**
 * The report as an e-mail: HTML with a plain-text alternative summarising the KPIs, and one CSV
 * attachment per chart and table. The bytes go to SESv2 SendEmail (Content.Raw.Data) in AWS and to
 * a local .eml file under `npm start`; the sender is whoever calls this.
 */
import { ulid } from 'ulid';
import { parseReportDocument, type ReportDocumentInput } from './document.js';
import { formatPeriod } from './format.js';
import { buildMimeMessage } from './mime.js';
import { renderReportCsvs } from './render-csv.js';
import { renderReportHtml, type RenderHtmlOptions } from './render-html.js';
import { renderReportText } from './render-text.js';

export interface ReportEmailOptions extends RenderHtmlOptions {
  readonly from: string;
  readonly to: readonly string[];
  /** @default now */
  readonly date?: Date;
  /** @default a ULID at the sender's domain */
  readonly messageId?: string;
}

/** Shaped so it can go straight to mailer.ts's sendReport. */
export interface ReportEmail {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly messageId: string;
  readonly raw: Uint8Array;
}

export async function buildReportEmail(input: ReportDocumentInput, options: ReportEmailOptions): Promise<ReportEmail> {
  const doc = parseReportDocument(input);
  const subject = `${doc.brand} — ${doc.title}, ${formatPeriod(doc.period)}`;
  const messageId = options.messageId ?? `${ulid()}@${senderDomain(options.from)}`;
  const raw = await buildMimeMessage({
    from: options.from,
    to: options.to,
    subject,
    text: renderReportText(doc),
    html: renderReportHtml(doc, options),
    attachments: renderReportCsvs(doc).map((csv) => ({ filename: csv.name, contentType: 'text/csv; charset=utf-8', content: csv.content })),
    date: options.date ?? new Date(),
    messageId,
  });
  return { from: options.from, to: options.to, subject, messageId, raw };
}

function senderDomain(from: string): string {
  const address = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from;
  return address.slice(address.lastIndexOf('@') + 1).trim() || 'pillars.invalid';
}
