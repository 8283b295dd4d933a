/**
 * Signature check of the Standard Webhooks scheme (https://www.standardwebhooks.com): the sender
 * signs `${webhook-id}.${webhook-timestamp}.${raw body}` with HMAC-SHA256 under the base64 key
 * after `whsec_`, and sends `v1,<base64>` signatures separated by spaces (several during a key
 * rotation). The timestamp bounds replays; the raw bytes are signed, never re-serialised JSON.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

export interface WebhookHeaders {
  readonly id?: string;
  readonly timestamp?: string;
  readonly signature?: string;
}

export type WebhookVerdict = { readonly ok: true; readonly id: string } | { readonly ok: false; readonly reason: string };

/** `v1,<base64 HMAC-SHA256>` of one message under one `whsec_` secret. */
export function standardWebhookSignature(secret: string, id: string, timestamp: string, rawBody: Buffer | string): string {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
  const mac = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(rawBody).digest('base64');
  return `v1,${mac}`;
}

export function verifyStandardWebhook(input: {
  readonly headers: WebhookHeaders;
  readonly rawBody: Buffer;
  /** Every secret currently accepted (old and new during a rotation). */
  readonly secrets: readonly string[];
  readonly now: Date;
  readonly toleranceSeconds?: number;
}): WebhookVerdict {
  const { id, timestamp, signature } = input.headers;
  if (!id || !timestamp || !signature) return { ok: false, reason: 'missing webhook-id, webhook-timestamp or webhook-signature header' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'webhook-timestamp must be integer seconds since the epoch' };
  const age = Math.abs(input.now.getTime() / 1000 - Number(timestamp));
  if (age > (input.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS)) return { ok: false, reason: 'webhook-timestamp is too far from now (replayed or clock skew)' };
  const offered = signature.split(' ').filter((s) => s.startsWith('v1,')).map((s) => Buffer.from(s));
  for (const secret of input.secrets) {
    const expected = Buffer.from(standardWebhookSignature(secret, id, timestamp, input.rawBody));
    if (offered.some((candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected))) return { ok: true, id };
  }
  return { ok: false, reason: 'no webhook-signature matches' };
}
