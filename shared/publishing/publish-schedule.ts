/**
 * One EventBridge Scheduler one-off schedule per post, named after the post, so the publish
 * trigger is as precise as Scheduler allows and can be moved or cancelled by name.
 */
import {
  ConflictException, CreateScheduleCommand, DeleteScheduleCommand, ResourceNotFoundException,
  UpdateScheduleCommand, type SchedulerClient, type CreateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';

export interface PublishScheduleConfig {
  readonly groupName: string;
  /** The publisher's ARN; a function because the publisher learns its own from its invocation context. */
  readonly targetArn: () => string;
  readonly roleArn: string;
  readonly deadLetterArn?: string;
}

export interface PublishTrigger {
  readonly brandId: string;
  readonly postId: string;
}

export interface PublishScheduler {
  /** Creates or moves the post's trigger to `at` (rounded up to the second: never early). */
  schedule(trigger: PublishTrigger, at: Date): Promise<void>;
  cancel(postId: string): Promise<void>;
}

export const scheduleNameFor = (postId: string) => `post-${postId}`;

/** Scheduler's at() takes whole seconds, so round up rather than fire before the due time. */
export function atExpression(at: Date): string {
  const ceil = new Date(Math.ceil(at.getTime() / 1000) * 1000);
  return `at(${ceil.toISOString().slice(0, 19)})`;
}

export function createPublishScheduler(client: SchedulerClient, config: PublishScheduleConfig): PublishScheduler {
  return {
    async schedule(trigger, at) {
      const input: CreateScheduleCommandInput = {
        Name: scheduleNameFor(trigger.postId),
        GroupName: config.groupName,
        ScheduleExpression: atExpression(at),
        ScheduleExpressionTimezone: 'UTC',
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        Target: {
          Arn: config.targetArn(),
          RoleArn: config.roleArn,
          Input: JSON.stringify(trigger),
          RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: config.deadLetterArn ? { Arn: config.deadLetterArn } : undefined,
        },
      };
      try {
        await client.send(new CreateScheduleCommand(input));
      } catch (error) {
        if (!(error instanceof ConflictException)) throw error;
        await client.send(new UpdateScheduleCommand(input));
      }
    },
    async cancel(postId) {
      try {
        await client.send(new DeleteScheduleCommand({ Name: scheduleNameFor(postId), GroupName: config.groupName }));
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
      }
    },
  };
}
