/** Subscribed to PostFailed and PostUnconfirmed; sends each to the alarm topic. */
import { SNSClient } from '@aws-sdk/client-sns';
import { eventHandler } from '../../shared/platform/middleware/event.js';
import { ALERTED_EVENTS, alertFor, sendAlert } from '../../shared/platform/alerts/operator-alert.js';
import { getStringFromEnv } from '../../shared/platform/config.js';

const sns = new SNSClient({});
const topicArn = getStringFromEnv('ALARM_TOPIC_ARN');

export const handler = eventHandler(ALERTED_EVENTS, async ({ entry, detail, eventId }) => {
  await sendAlert(sns, topicArn, alertFor(entry, detail), eventId);
});
