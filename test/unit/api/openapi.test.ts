/**
 * The generated OpenAPI document: valid and clean under redocly's recommended rules, with every
 * operation of the route catalogue and the statuses responses.ts lists for it.
 * The lint runs redocly's CLI on a temporary file: measured here, it takes about 3 s, against
 * 4-5 s for @redocly/openapi-core's node API (whose import alone takes 1.4-2.8 s).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../../shared/contracts/api/openapi.js';
import { routes } from '../../../shared/contracts/api/routes.js';
import { responses } from '../../../shared/contracts/api/responses.js';

const redocly = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'pillars-openapi-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface LintReport {
  readonly totals: { readonly errors: number; readonly warnings: number };
  readonly problems: readonly { readonly ruleId: string; readonly message: string; readonly location: readonly { readonly pointer: string }[] }[];
}

describe('the OpenAPI document', () => {
  it("lints with no error and no warning under redocly's recommended rules", async () => {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(buildOpenApi('https://api.example.org')));

    const { stdout } = await promisify(execFile)(process.execPath, [redocly, 'lint', file, '--extends=recommended', '--format=json'], {
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    }).catch((error: { stdout?: string }) => {
      // redocly exits 1 when it finds errors; the report on stdout says which.
      if (error.stdout) return { stdout: error.stdout };
      throw error;
    });
    const report = JSON.parse(stdout) as LintReport;

    expect(report.problems.map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('has every route as an operation, with exactly the statuses responses.ts lists and the route\'s security', () => {
    const doc = buildOpenApi();
    for (const [operationId, route] of Object.entries(routes)) {
      const operation = doc.paths?.[route.path]?.[route.method.toLowerCase() as 'get'];
      expect(operation?.operationId, `${route.method} ${route.path}`).toBe(operationId);
      expect(Object.keys(operation?.responses ?? {}).sort()).toEqual(Object.keys(responses[operationId as keyof typeof responses]).sort());
      expect(operation?.security).toEqual(route.auth ? [{ bearer: [] }] : []);
    }
  });

  it('declares the path parameters of every path, the webhook brandId among them', () => {
    const doc = buildOpenApi();
    const webhook = doc.paths?.['/webhooks/conversions/{brandId}']?.post;
    expect(webhook?.parameters).toContainEqual(expect.objectContaining({ name: 'brandId', in: 'path', required: true }));
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      for (const operation of Object.values(item ?? {})) {
        const declared = ((operation as { parameters?: { in: string; name: string }[] }).parameters ?? [])
          .filter((p) => p.in === 'path').map((p) => p.name).sort();
        expect(declared, path).toEqual(inPath);
      }
    }
  });

  it('documents the Idempotency-Key header on the operations that honour it', () => {
    const doc = buildOpenApi();
    for (const route of Object.values(routes)) {
      const parameters = (doc.paths?.[route.path]?.[route.method.toLowerCase() as 'post']?.parameters ?? []) as { in: string; name: string }[];
      const documented = parameters.some((p) => p.in === 'header' && p.name === 'Idempotency-Key');
      expect(documented, `${route.method} ${route.path}`).toBe('idempotent' in route && route.idempotent === true);
    }
  });
});
