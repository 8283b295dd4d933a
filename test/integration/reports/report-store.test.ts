import { readFileSync } from 'node:fs';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAwsServices, type AwsServices } from '../../../local/aws/server.js';
import { NotFoundError, ValidationError } from '../../../shared/platform/errors.js';
import { getReport, storeReport, type ReportFiles } from '../../../shared/analytics/reports/report-store.js';
import { failure } from '../../helpers/failure.js';

const BUCKET = 'pillars-core-reportsbucket';
let services: AwsServices;
let s3: S3Client;

beforeAll(async () => {
  services = await startAwsServices({ onEvents: () => {}, onScheduleDue: () => {}, nextFireTime: () => undefined, buckets: [BUCKET] });
  // The production client, configured only by the variables the local runtime gives every function.
  process.env.AWS_ENDPOINT_URL_S3 = services.url;
  ({ s3 } = await import('../../../shared/platform/clients.js'));
});
afterAll(async () => {
  s3?.destroy();
  await services?.close();
  delete process.env.AWS_ENDPOINT_URL_S3;
});

const report = (overrides: Partial<ReportFiles> = {}): ReportFiles => ({
  brandId: 'acme',
  reportId: '2026-W47',
  html: '<!doctype html><h1>Semaine 47 — résumé</h1><a href="posts.csv">posts</a>',
  csvs: [{ name: 'posts.csv', content: 'post,reach\np1,1200\n' }, { name: 'accounts.csv', content: 'account,followers\nmastodon,310\n' }],
  ...overrides,
});

describe('storeReport and getReport against local S3', () => {
  it('stores index.html and every CSV under reports/<brandId>/<reportId>/ with their content types, and says where', async () => {
    const stored = await storeReport({ s3, bucket: BUCKET }, report());

    expect(stored).toEqual({
      folder: `s3://${BUCKET}/reports/acme/2026-W47/`,
      index: { name: 'index.html', key: 'reports/acme/2026-W47/index.html', uri: `s3://${BUCKET}/reports/acme/2026-W47/index.html` },
      csvs: [
        { name: 'posts.csv', key: 'reports/acme/2026-W47/posts.csv', uri: `s3://${BUCKET}/reports/acme/2026-W47/posts.csv` },
        { name: 'accounts.csv', key: 'reports/acme/2026-W47/accounts.csv', uri: `s3://${BUCKET}/reports/acme/2026-W47/accounts.csv` },
      ],
    });
    const index = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: stored.index.key }));
    expect(index.ContentType).toBe('text/html; charset=utf-8');
    const csv = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: stored.csvs[0]!.key }));
    expect(csv.ContentType).toBe('text/csv; charset=utf-8');
    expect(stored.index.path).toBeUndefined();
  });

  it('locally also gives each file\'s path on disk, where the local S3 keeps it', async () => {
    const stored = await storeReport({ s3, bucket: BUCKET, localRoot: services.s3Root }, report({ reportId: 'r-local' }));

    expect(stored.index.path).toBe(services.objectPath(BUCKET, stored.index.key));
    expect(readFileSync(stored.index.path!, 'utf8')).toBe(report().html);
    expect(stored.csvs.map((csv) => readFileSync(csv.path!, 'utf8'))).toEqual(report().csvs.map((csv) => csv.content));
  });

  it('reads a stored report back whole, and only that report', async () => {
    await storeReport({ s3, bucket: BUCKET }, report({ reportId: 'r-read', csvs: [{ name: 'a.csv', content: 'x\n1\n' }] }));
    await storeReport({ s3, bucket: BUCKET }, report({ reportId: 'r-read-2', html: '<p>other</p>', csvs: [] }));

    const read = await getReport({ s3, bucket: BUCKET }, { brandId: 'acme', reportId: 'r-read' });
    expect(read).toEqual({ brandId: 'acme', reportId: 'r-read', html: report().html, csvs: [{ name: 'a.csv', content: 'x\n1\n' }] });
  });

  it('answers NotFoundError for a report that was never stored', async () => {
    await expect(getReport({ s3, bucket: BUCKET }, { brandId: 'acme', reportId: 'never' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses ids and CSV names that would escape the report folder or clash, naming each field', async () => {
    const stored = storeReport({ s3, bucket: BUCKET }, report({
      brandId: '../other-brand',
      csvs: [{ name: 'index.html', content: '' }, { name: 'ok.csv', content: '' }, { name: 'ok.csv', content: '' }, { name: 'sub/x.csv', content: '' }],
    }));
    const issues = (await failure(stored, ValidationError)).issues.map((issue) => issue.field);
    expect(issues).toEqual(['brandId', 'csvs[0].name', 'csvs[2].name', 'csvs[3].name']);
    await expect(getReport({ s3, bucket: BUCKET }, { brandId: 'acme', reportId: '' })).rejects.toThrow(/reportId: must be letters/);
  });
});
