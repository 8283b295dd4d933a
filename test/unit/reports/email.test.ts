import { describe, expect, it } from 'vitest';
import { buildReportEmail } from '../../../shared/analytics/reports/email.js';
import { renderReportCsvs } from '../../../shared/analytics/reports/render-csv.js';
import { decodeWords, readMime } from './mime-reader.js';
import { sampleReport } from './sample-document.js';

const doc = sampleReport();
const email = await buildReportEmail(doc, { from: 'reports@acme.example', to: ['lead@acme.example'], date: new Date('2026-11-23T07:00:00Z') });
const mail = readMime(Buffer.from(email.raw).toString('utf8'));
const [alternative, ...attachments] = mail.parts;

describe('buildReportEmail', () => {
  it('names the brand, report and period in the subject and gives a Message-ID at the sender domain', () => {
    expect(email.subject).toBe('Acme <Coffee> & Co — Weekly report, 16 Nov 2026 – 22 Nov 2026');
    expect(decodeWords(mail.headers.get('subject')!)).toBe(email.subject);
    expect(email.messageId).toMatch(/^[0-9A-Z]{26}@acme\.example$/);
    expect(mail.headers.get('message-id')).toBe(`<${email.messageId}>`);
  });

  it('summarises the KPIs in the plain-text alternative, missing ones as missing', () => {
    const text = alternative!.parts[0]!.body.toString('utf8');
    expect(text).toContain('- Engagement rate: 4.25% (previous 3.75%, +0.5 pp (+13.3%), better)');
    expect(text).toContain('- Impressions: 12,840 (previous 15,000, −2,160 (−14.4%), worse)');
    expect(text).toContain('- Reach: — (missing) (previous 900)');
    expect(text).toContain('Note: No posts were published between 16 Nov 2026 and 22 Nov 2026.');
  });

  it('carries the HTML report and every CSV as an attachment, byte for byte', () => {
    const html = alternative!.parts[1]!.body.toString('utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('data-kpi="engagement-rate" data-field="value" data-value="4.25"');
    expect(attachments.map((a) => ({ name: a.params.name, content: a.body.toString('utf8') })))
      .toEqual(renderReportCsvs(doc).map((c) => ({ name: c.name, content: c.content })));
  });
});
