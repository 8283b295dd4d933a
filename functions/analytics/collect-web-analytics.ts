/**
 * Daily (EventBridge schedule): imports yesterday's GA4 traffic (UTC) for every brand with a GA4
 * entry in the web analytics secret. `{ "day": "YYYY-MM-DD", "brandId"?: "..." }` as the event
 * re-imports or backfills a day. A brand that fails does not stop the others; the run then fails so
 * the retry and the alarm see it, and re-importing the brands that succeeded is harmless.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logger } from '../../shared/platform/observability.js';
import { previousDay } from '../../shared/platform/time/days.js';
import { collectWebAnalytics, createGa4ClientsForBrands, webAnalyticsDeps } from '../../shared/analytics/index.js';

const deps = webAnalyticsDeps();
const ga4For = createGa4ClientsForBrands(deps.secrets);

export const handler = middy(async (event: { day?: string; brandId?: string } = {}) => {
  const day = event.day ?? previousDay(deps.now());
  const brands = event.brandId ? [event.brandId] : await deps.secrets.brandsWithGa4();
  const failed: string[] = [];
  for (const brandId of brands) {
    try {
      const ga4 = await ga4For(brandId);
      if (!ga4) throw new Error(`brand ${brandId} has no ga4 entry in the web analytics secret`);
      logger.info('web analytics imported', { brandId, ...(await collectWebAnalytics({ ga4, repo: deps.webAnalytics }, brandId, day)) });
    } catch (error) {
      failed.push(brandId);
      logger.error('web analytics import failed', { brandId, day, error: error as Error });
    }
  }
  if (failed.length > 0) throw new Error(`web analytics import for ${day} failed for ${failed.join(', ')}; see the log lines before this one`);
  return { day, brands: brands.length };
}).use(injectLambdaContext(logger, { resetKeys: true }));
