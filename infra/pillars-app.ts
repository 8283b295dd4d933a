/**
 * Builds the whole Pillars CDK app: the core stack and one stack per pillar. Used by `cdk`
 * (infra/app.ts), by the infra tests, and by the local runtime, which reads its wiring from
 * the synthesized templates so local and cloud cannot drift apart.
 */
import { App, Validations, type AppProps, type CfnElement } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CoreStack } from './core-stack.js';
import { PublishingStack } from './publishing-stack.js';
import { AnalyticsStack } from './analytics-stack.js';
import { acknowledgeAnalytics, acknowledgeFindings, acknowledgePublishing } from './nag-acknowledgements.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './constructs/pillars-function.js';

export interface PillarsAppOptions extends AppProps {
  /** Run cdk-nag's AwsSolutions checks at synth. @default true */
  readonly nag?: boolean;
}

export function buildPillarsApp(options: PillarsAppOptions = {}) {
  // cdk.json's feature flags apply to tests and the local runtime too, not only to the CLI.
  const app = new App({ ...options, context: { ...cdkJsonContext(), ...options.context } });
  const core = new CoreStack(app, 'pillars-core', { description: 'Pillars core: bus, table, API, alarms, secrets' });
  const publishing = new PublishingStack(app, 'pillars-publishing', { core, description: 'Pillars planning & publishing' });
  const reportSender = app.node.tryGetContext('pillars:reportSender') as string | undefined;
  const analytics = new AnalyticsStack(app, 'pillars-analytics', { core, reportSender: reportSender || undefined, description: 'Pillars analytics & reporting' });
  if (options.nag !== false) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
    acknowledgeFindings({ core, pillars: [publishing, analytics] });
    acknowledgeAnalytics(analytics);
    acknowledgePublishing(publishing, publishing.resolve(publishing.scheduleGroup.scheduleGroupName) as string,
      publishing.getLogicalId(publishing.publisher.function.node.defaultChild as CfnElement),
      publishing.getLogicalId(publishing.importsBucket.node.defaultChild as CfnElement));
  }
  return { app, core, publishing, analytics };
}

function cdkJsonContext(): Record<string, unknown> {
  return (JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> }).context ?? {};
}
