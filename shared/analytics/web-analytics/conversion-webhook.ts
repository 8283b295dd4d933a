/**
 * POST /webhooks/conversions/{brandId}: the brand's shop (or any backend) reports a conversion,
 * signed with the Standard Webhooks scheme under a secret from the brand's web analytics secret.
 * No bearer token: the signature is the authentication, so it is checked before the body is read.
 *
 * Body (JSON):
 *   conversionId  string, required   the sender's stable id; a conversion is stored once per id and time
 *   occurredAt    ISO 8601 instant   when it happened (with Z or an offset)
 *   value         number ≥ 0         its value in `currency`
 *   currency      ISO 4217 code      e.g. EUR
 *   utm_source    string, required   as on the landing URL, e.g. mastodon
 *   utm_medium    string, optional   e.g. social
 *   utm_campaign  string, required   joins the conversion to a campaign
 *   orderId       string, optional   lets a report drop GA4's purchase revenue for the same order
 */
import { conversionInput } from '../../contracts/api/analytics.js';
import { UnauthorizedError, ValidationError } from '../../platform/errors.js';
import { toFieldIssues } from '../../platform/middleware/zod-issues.js';
import type { Conversion, ConversionsRepository } from '../store/conversions-repository.js';
import type { WebAnalyticsSecrets } from './brand-secrets.js';
import { verifyStandardWebhook } from './standard-webhooks.js';

export interface ConversionWebhookDeps {
  readonly secrets: WebAnalyticsSecrets;
  readonly conversions: ConversionsRepository;
  readonly now: () => Date;
}

export interface ConversionDelivery {
  readonly brandId: string;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The body exactly as received: the signature covers these bytes. */
  readonly rawBody: Buffer;
}

export async function receiveConversion(deps: ConversionWebhookDeps, delivery: ConversionDelivery): Promise<{ stored: boolean; conversionId: string }> {
  const secrets = (await deps.secrets.forBrand(delivery.brandId))?.conversionSigningSecrets ?? [];
  const now = deps.now();
  const verdict = verifyStandardWebhook({
    headers: { id: delivery.headers['webhook-id'], timestamp: delivery.headers['webhook-timestamp'], signature: delivery.headers['webhook-signature'] },
    rawBody: delivery.rawBody,
    secrets,
    now,
  });
  // An unknown brand and a wrong signature answer alike, so brand ids cannot be probed.
  if (!verdict.ok) throw new UnauthorizedError(`webhook signature rejected: ${verdict.reason}`);

  const input = conversionInput.safeParse(parseJson(delivery.rawBody));
  if (!input.success) throw new ValidationError(toFieldIssues(input.error, 'body'));
  const body = input.data;
  const conversion: Conversion = {
    brandId: delivery.brandId,
    conversionId: body.conversionId,
    occurredAt: new Date(body.occurredAt).toISOString(),
    value: body.value,
    currency: body.currency,
    source: body.utm_source,
    medium: body.utm_medium,
    campaign: body.utm_campaign,
    orderId: body.orderId,
    webhookId: verdict.id,
    receivedAt: now.toISOString(),
  };
  return { stored: await deps.conversions.putOnce(conversion), conversionId: conversion.conversionId };
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new ValidationError([{ field: 'body', message: 'must be a JSON object; send Content-Type: application/json' }]);
  }
}
