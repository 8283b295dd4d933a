/**
 * Amazon SNS's Publish (awsQuery: form-encoded request, XML response): the alarm topic locally.
 * There are no subscribers on this machine, so each message is handed to `onMessage`, which
 * prints it — the people an alarm would page read it in the terminal instead.
 */
import { randomUUID } from 'node:crypto';

export interface SnsMessage {
  readonly topicArn: string;
  readonly subject?: string;
  readonly message: string;
  readonly messageId: string;
}

export interface SnsReply {
  readonly status: number;
  readonly xml: string;
}

export function handleSnsQuery(form: URLSearchParams, onMessage: (message: SnsMessage) => void): SnsReply {
  const action = form.get('Action');
  if (action !== 'Publish') return error(400, 'InvalidAction', `Action ${action ?? '(none)'} is not emulated locally.`);
  const topicArn = form.get('TopicArn') ?? form.get('TargetArn');
  const message = form.get('Message');
  if (!topicArn) return error(400, 'InvalidParameter', 'Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter');
  if (!message) return error(400, 'InvalidParameter', 'Invalid parameter: Message Reason: no value for required parameter');
  const messageId = randomUUID();
  onMessage({ topicArn, subject: form.get('Subject') ?? undefined, message, messageId });
  return {
    status: 200,
    xml: `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${messageId}</MessageId></PublishResult>`
      + `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
  };
}

function error(status: number, code: string, message: string): SnsReply {
  return {
    status,
    xml: `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>${code}</Code>`
      + `<Message>${escapeXml(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  };
}

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
