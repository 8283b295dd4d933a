/**
 * Turns publishing failures into a message people can act on, sent to the alarm topic
 * (e-mail, chat or paging subscribe there), so a failed or unconfirmed post is never silent.
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { PostFailed, PostUnconfirmed, type DetailOf } from '../events/catalogue.js';

export const ALERTED_EVENTS = [PostFailed, PostUnconfirmed] as const;
type Alerted = (typeof ALERTED_EVENTS)[number];

export function alertFor(entry: Alerted, detail: DetailOf<Alerted>): { subject: string; message: string } {
  const where = `brand ${detail.brandId}, ${detail.network} account ${detail.accountId}, post ${detail.postId}`;
  if (entry === PostFailed) {
    return { subject: `Pillars: post failed (${(detail as DetailOf<typeof PostFailed>).errorKind})`, message: `A post was not published (${where}).\nReason: ${detail.reason}` };
  }
  return { subject: 'Pillars: post outcome unknown, reconciling', message: `The network did not confirm a post (${where}); Pillars is reconciling it without posting twice.\nReason: ${detail.reason}` };
}

export async function sendAlert(client: SNSClient, topicArn: string, alert: { subject: string; message: string }, dedupeId: string): Promise<void> {
  await client.send(new PublishCommand({
    TopicArn: topicArn,
    Subject: alert.subject.slice(0, 100),
    Message: alert.message,
    MessageAttributes: { eventId: { DataType: 'String', StringValue: dedupeId } },
  }));
}
