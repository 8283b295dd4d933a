/** The demo's calls to the local management API, as the demo brand's admin (it connects accounts). */
import { randomUUID } from 'node:crypto';
import type { Runtime } from '../runtime.js';
import { DEMO_BRAND, type LocalConfig } from '../local-config.js';

export type DemoCall = (method: string, path: string, body?: unknown) => Promise<Record<string, any>>;

export function demoApi(runtime: Runtime, config: LocalConfig): DemoCall {
  const ofBrand = config.tokens.filter((t) => t.brandId === DEMO_BRAND);
  const token = (ofBrand.find((t) => t.groups?.includes('admin')) ?? ofBrand[0])?.token;
  if (!token) throw new Error(`no token for brand ${DEMO_BRAND} in .pillars/local.json`);
  return async (method, path, body) => {
    const res = await fetch(`${runtime.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, any>;
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${JSON.stringify(json)}`);
    return json;
  };
}
