import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { BadRequestException, MessageRejected, SendEmailCommand, SESv2Client, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { afterEach, describe, expect, it } from 'vitest';
import { startAwsServices, type AwsServices, type SentEmail } from '../../../local/aws/server.js';

const running: AwsServices[] = [];
const folders: string[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
  folders.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

async function start() {
  const dataDir = mkdtempSync(join(tmpdir(), 'pillars-ses-test-'));
  folders.push(dataDir);
  const sent: SentEmail[] = [];
  const services = await startAwsServices({
    dataDir, onEvents: () => {}, onScheduleDue: () => {}, nextFireTime: () => undefined, onEmail: (email) => { sent.push(email); },
  });
  running.push(services);
  const ses = new SESv2Client({ endpoint: services.url, region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  return { services, ses, sent, outbox: join(dataDir, 'outbox') };
}

const RAW = [
  'From: Pillars <reports@brand.example>',
  'To: team@brand.example,',
  ' "Lee, Ann" <ann@brand.example>',
  'Subject: =?UTF-8?B?V29jaGVuYmVyaWNodCDDvGJlcnNpY2h0?=',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=UTF-8',
  'Content-Transfer-Encoding: 8bit',
  '',
  'Reichweite +12 % — 🚀',
  '',
].join('\r\n');

describe('local SES v2 through the real SESv2 client', () => {
  it('writes a raw message to the outbox as an .eml file byte for byte and answers its MessageId', async () => {
    const { ses, sent, outbox } = await start();
    const bytes = Buffer.from(RAW, 'utf8');
    const { MessageId } = await ses.send(new SendEmailCommand({
      FromEmailAddress: 'reports@brand.example', Destination: { ToAddresses: ['team@brand.example'] }, Content: { Raw: { Data: bytes } },
    }));

    const files = readdirSync(outbox);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^\\d{8}T\\d{9}Z-${MessageId}\\.eml$`));
    expect(readFileSync(join(outbox, files[0]!)).equals(bytes)).toBe(true);
    expect(sent).toEqual([{ messageId: MessageId, from: 'reports@brand.example', to: ['team@brand.example'], subject: 'Wochenbericht übersicht', path: join(outbox, files[0]!) }]);
  });

  it('reports a subject folded into several encoded words, even one that splits a character between them, as its text', async () => {
    const { ses, sent } = await start();
    // "Wochenbericht — Übersicht": the em dash's three UTF-8 bytes are split across the two words.
    const bytes = Buffer.from('Wochenbericht — Übersicht', 'utf8');
    const split = bytes.indexOf(0xe2) + 1;
    const word = (part: Buffer) => `=?UTF-8?B?${part.toString('base64')}?=`;
    const raw = RAW.replace(/^Subject: .*$/m, `Subject: ${word(bytes.subarray(0, split))}\r\n ${word(bytes.subarray(split))}`);
    await ses.send(new SendEmailCommand({ Content: { Raw: { Data: Buffer.from(raw) } } }));
    expect(sent[0]!.subject).toBe('Wochenbericht — Übersicht');
  });

  it('takes the sender and recipients from the raw message\'s headers when the request leaves them out, as SES does', async () => {
    const { ses, sent } = await start();
    await ses.send(new SendEmailCommand({ Content: { Raw: { Data: Buffer.from(RAW) } } }));
    expect(sent[0]).toMatchObject({ from: 'Pillars <reports@brand.example>', to: ['team@brand.example', 'ann@brand.example'] });
  });

  it('assembles a Simple message into a MIME .eml with both bodies and a UTF-8 subject', async () => {
    const { ses, sent } = await start();
    const { MessageId } = await ses.send(new SendEmailCommand({
      FromEmailAddress: 'reports@brand.example',
      Destination: { ToAddresses: ['team@brand.example'], CcAddresses: ['boss@brand.example'], BccAddresses: ['audit@brand.example'] },
      ReplyToAddresses: ['social@brand.example'],
      Content: { Simple: { Subject: { Data: 'Wochenbericht übersicht' }, Body: { Text: { Data: 'Reichweite +12 %' }, Html: { Data: '<p>Reichweite <b>+12 %</b></p>' } } } },
    }));

    expect(basename(sent[0]!.path)).toContain(MessageId!);
    expect(sent[0]!.to).toEqual(['team@brand.example', 'boss@brand.example', 'audit@brand.example']);
    const eml = readFileSync(sent[0]!.path, 'utf8');
    const headEnd = eml.indexOf('\r\n\r\n');
    const [head, body] = [eml.slice(0, headEnd), eml.slice(headEnd)];
    expect(head).toContain('From: reports@brand.example\r\nTo: team@brand.example\r\nCc: boss@brand.example\r\nReply-To: social@brand.example\r\n');
    expect(head).toContain(`Subject: =?UTF-8?B?${Buffer.from('Wochenbericht übersicht').toString('base64')}?=`);
    expect(head).not.toContain('audit@brand.example');
    expect(eml).toMatch(/Content-Type: multipart\/alternative;\s+boundary="([^"]+)"/);
    const decoded = [...body.matchAll(/Content-Transfer-Encoding: base64\r\n\r\n([A-Za-z0-9+/=\r\n]+)/g)].map((m) => Buffer.from(m[1]!, 'base64').toString('utf8'));
    expect(decoded).toEqual(['Reichweite +12 %', '<p>Reichweite <b>+12 %</b></p>']);
  });

  it.each<[string, SendEmailCommandInput, RegExp]>([
    ['a Simple message without FromEmailAddress', { Destination: { ToAddresses: ['a@b.example'] }, Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } } }, /FromEmailAddress is required/],
    ['a Simple message without Destination', { FromEmailAddress: 'a@b.example', Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } } }, /Destination must name at least one recipient/],
    ['a raw message with neither parameters nor headers', { Content: { Raw: { Data: Buffer.from('Subject: x\r\n\r\nbody') } } }, /FromEmailAddress is required, or the raw message needs a From header/],
    ['a raw message without any recipient', { FromEmailAddress: 'a@b.example', Content: { Raw: { Data: Buffer.from('Subject: x\r\n\r\nbody') } } }, /at least one recipient/],
    ['an address without a domain', { FromEmailAddress: 'a@b.example', Destination: { ToAddresses: ['team'] }, Content: { Raw: { Data: Buffer.from('Subject: x\r\n\r\nbody') } } }, /Illegal address in Destination.*: team/],
    ['no content', { FromEmailAddress: 'a@b.example', Destination: { ToAddresses: ['a@b.example'] }, Content: {} }, /exactly one of Raw, Simple or Template/],
  ])('rejects %s with BadRequestException and writes nothing', async (_, input, message) => {
    const { ses, sent, outbox } = await start();
    const send = ses.send(new SendEmailCommand(input));
    await expect(send).rejects.toBeInstanceOf(BadRequestException);
    await expect(send).rejects.toMatchObject({ message: expect.stringMatching(message), $metadata: { httpStatusCode: 400 } });
    expect(sent).toEqual([]);
    expect(() => readdirSync(outbox)).toThrow(/ENOENT/);
  });

  it('rejects more than 50 recipients with MessageRejected, as SES does', async () => {
    const { ses } = await start();
    const many = Array.from({ length: 51 }, (_, i) => `user${i}@brand.example`);
    await expect(ses.send(new SendEmailCommand({ FromEmailAddress: 'a@b.example', Destination: { ToAddresses: many }, Content: { Raw: { Data: Buffer.from(RAW) } } })))
      .rejects.toBeInstanceOf(MessageRejected);
  });
});
