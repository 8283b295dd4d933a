import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAwsServices, type AwsServices, type SentEmail } from '../../../local/aws/server.js';
import { ValidationError } from '../../../shared/platform/errors.js';
import { sendReport } from '../../../shared/analytics/reports/mailer.js';
import { failure } from '../../helpers/failure.js';

let services: AwsServices;
let sesv2: SESv2Client;
const sent: SentEmail[] = [];

beforeAll(async () => {
  services = await startAwsServices({ onEvents: () => {}, onScheduleDue: () => {}, nextFireTime: () => undefined, onEmail: (email) => { sent.push(email); } });
  // The production client, configured only by the variable the local runtime gives every function.
  process.env.AWS_ENDPOINT_URL_SESV2 = services.url;
  ({ sesv2 } = await import('../../../shared/platform/clients.js'));
});
afterAll(async () => {
  sesv2?.destroy();
  await services?.close();
  delete process.env.AWS_ENDPOINT_URL_SESV2;
});

const mime = (to: string) => new TextEncoder().encode([
  'From: Pillars <reports@brand.example>', `To: ${to}`, 'Subject: Weekly report', 'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/html; charset=utf-8', '', '<h1>Week 47</h1>',
  '--b', 'Content-Type: text/csv; name="posts.csv"', 'Content-Disposition: attachment; filename="posts.csv"', '', 'post,reach', 'p1,1200', '--b--', '',
].join('\r\n'));

describe('sendReport through local SES v2', () => {
  it('sends the MIME bytes unchanged to exactly the given recipients and returns the MessageId', async () => {
    const raw = mime('team@brand.example');
    const { messageId } = await sendReport({ sesv2 }, { from: 'Pillars <reports@brand.example>', to: ['team@brand.example', 'boss@brand.example'], raw });

    const email = sent.find((e) => e.messageId === messageId)!;
    expect(email).toMatchObject({ from: 'Pillars <reports@brand.example>', to: ['team@brand.example', 'boss@brand.example'], subject: 'Weekly report' });
    expect(dirname(email.path)).toBe(services.outbox);
    expect(readFileSync(email.path).equals(Buffer.from(raw))).toBe(true);
  });

  it('refuses a bad sender, no or bad recipients and an empty message before calling SES, naming each field', async () => {
    const before = sent.length;
    const refused = await failure(sendReport({ sesv2 }, { from: 'reports', to: [], raw: new Uint8Array() }), ValidationError);
    expect(refused.issues.map((issue) => issue.field)).toEqual(['from', 'to', 'raw']);

    await expect(sendReport({ sesv2 }, { from: 'reports@brand.example', to: ['ok@brand.example', 'team at brand'], raw: mime('x@y.example') }))
      .rejects.toThrow(/to\[1\]: must be an e-mail address/);
    expect(sent.length).toBe(before);
  });
});
