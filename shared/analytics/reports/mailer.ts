/**
 * Sends a finished report e-mail through SES v2 as a raw MIME message (built by email.ts), so
 * the HTML body and CSV attachments arrive exactly as built.
 */
import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { ValidationError, type FieldIssue } from '../../platform/errors.js';

export interface MailerDeps {
  readonly sesv2: SESv2Client;
}

export interface ReportEmail {
  /** A verified SES identity, e.g. "reports@example.com" or "Pillars <reports@example.com>". */
  readonly from: string;
  readonly to: readonly string[];
  /** The whole MIME message. */
  readonly raw: Uint8Array;
}

/** SES's limit on recipients per message. */
const MAX_RECIPIENTS = 50;
const ADDRESS = /^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/;

export async function sendReport({ sesv2 }: MailerDeps, email: ReportEmail): Promise<{ messageId: string }> {
  const issues = emailIssues(email);
  if (issues.length > 0) throw new ValidationError(issues);
  const sent = await sesv2.send(new SendEmailCommand({
    FromEmailAddress: email.from,
    // Given explicitly, the recipients are exactly these, whatever the MIME headers say.
    Destination: { ToAddresses: [...email.to] },
    Content: { Raw: { Data: email.raw } },
  }));
  return { messageId: sent.MessageId! };
}

function emailIssues({ from, to, raw }: ReportEmail): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!isAddress(from)) issues.push({ field: 'from', message: `must be an e-mail address such as "reports@example.com", got "${from}"` });
  if (to.length === 0) issues.push({ field: 'to', message: 'must name at least one recipient' });
  if (to.length > MAX_RECIPIENTS) issues.push({ field: 'to', message: `SES takes at most ${MAX_RECIPIENTS} recipients per message, got ${to.length}; send in batches` });
  to.forEach((address, index) => {
    if (!isAddress(address)) issues.push({ field: `to[${index}]`, message: `must be an e-mail address such as "team@example.com", got "${address}"` });
  });
  if (raw.length === 0) issues.push({ field: 'raw', message: 'is empty; pass the MIME message built by email.ts' });
  return issues;
}

/** "a@x.org" or "Ann <a@x.org>". */
function isAddress(value: string): boolean {
  const bare = /<([^>]*)>\s*$/.exec(value)?.[1] ?? value.trim();
  return ADDRESS.test(bare);
}
