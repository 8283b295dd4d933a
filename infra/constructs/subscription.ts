/**
 * Subscribes a function to catalogue events on the Pillars bus. The rule's pattern is derived
 * from the catalogue entries, never retyped; delivery failures go to the dead-letter queue.
 */
import { Duration } from 'aws-cdk-lib';
import { Rule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { CatalogueEntry } from '../../shared/contracts/events/catalogue.js';
import { patternFor } from '../../shared/contracts/events/pattern.js';
import type { PillarsFunction } from './pillars-function.js';

export interface SubscriptionProps {
  readonly bus: IEventBus;
  readonly events: readonly CatalogueEntry[];
  readonly target: PillarsFunction;
  readonly deadLetterQueue: IQueue;
}

export class Subscription extends Construct {
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: SubscriptionProps) {
    super(scope, id);
    this.rule = new Rule(this, 'Rule', {
      eventBus: props.bus,
      description: `${props.events.map((e) => e.detailType).join(', ')} → ${props.target.node.id}`,
      eventPattern: patternFor(...props.events),
      targets: [new LambdaFunction(props.target.function, {
        deadLetterQueue: props.deadLetterQueue,
        retryAttempts: 8,
        maxEventAge: Duration.hours(24),
      })],
    });
  }
}
