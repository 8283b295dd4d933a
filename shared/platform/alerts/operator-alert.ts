/**
 * Turns publishing failures into a message people can act on, sent to the alarm topic
 * (e-mail, chat or paging subscribe there), so a failed or unconfirmed post is never silent.
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { ALERTED_EVENTS, CredentialExpiryNoticed, PostFailed, PostUnconfirmed, type DetailOf } from '../../contracts/events/catalogue.js';

export { ALERTED_EVENTS };
type Alerted = (typeof ALERTED_EVENTS)[number];

export function alertFor(entry: Alerted, detail: DetailOf<Alerted>): { subject: string; message: string } {
  if (entry === CredentialExpiryNoticed) {
    const d = detail as DetailOf<typeof CredentialExpiryNoticed>;
    return {
      subject: `Pillars: ${d.network} token expires in ${d.daysLeft} day(s)`,
      message: `The token of ${d.network} account ${d.accountId} (brand ${d.brandId}) expires at ${d.expiresAt} and could not be refreshed. Reconnect the account before then, or its posts will fail.`,
    };
  }
  const post = detail as DetailOf<typeof PostFailed> | DetailOf<typeof PostUnconfirmed>;
  const where = `brand ${post.brandId}, ${post.network} account ${post.accountId}, post ${post.postId}`;
  if (entry === PostFailed) {
    return { subject: `Pillars: post failed (${(post as DetailOf<typeof PostFailed>).errorKind})`, message: `A post was not published (${where}).\nReason: ${post.reason}` };
  }
  return { subject: 'Pillars: post outcome unknown, reconciling', message: `The network did not confirm a post (${where}); Pillars is reconciling it without posting twice.\nReason: ${post.reason}` };
}

export async function sendAlert(client: SNSClient, topicArn: string, alert: { subject: string; message: string }, dedupeId: string): Promise<void> {
  await client.send(new PublishCommand({
    TopicArn: topicArn,
    Subject: alert.subject.slice(0, 100),
    Message: alert.message,
    MessageAttributes: { eventId: { DataType: 'String', StringValue: dedupeId } },
  }));
}
