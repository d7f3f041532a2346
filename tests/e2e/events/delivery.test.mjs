// The three sinks at once, with the webhook receiver and nats-server stopped in the middle of
// a stream of sends and started again: every event arrives at each, in order per
// conversation, and the JetStream stream holds each event exactly once.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  startServer, api, makeUser, createConversation, randomSecret, sleep,
  defaultJsonl,
} from '../../integration/harness.mjs';
import {
  NATS_SERVER, NatsServer, WebhookReceiver, readStream, streamCount, readJsonl, eventually,
  firstOfEach,
} from './support.mjs';

const STREAM = 'CONFIDE_TEST_EVENTS';
const SUBJECT = 'test.events';

let nats;
let receiver;
let server;

before(async () => {
  if (!fs.existsSync(NATS_SERVER)) return;
  nats = new NatsServer();
  await nats.start();
  receiver = new WebhookReceiver(randomSecret());
  await receiver.start();
  server = await startServer({
    args: [
      '--events', `jsonl,webhook:${receiver.url},nats:${nats.url}`,
      '--events-webhook-secret', receiver.secret,
      '--events-webhook-timeout', '1000',
      '--events-nats-stream', STREAM,
      '--events-nats-subject', SUBJECT,
      '--events-batch', '50',
      '--rate-messages', '0',  // each sender sends 60 messages in a row
    ],
  });
});

after(async () => {
  await server?.stop();
  await receiver?.stop();
  await nats?.destroy();
});

/** Sends `n` messages to each conversation, a few at a time; returns the ids in send order. */
async function sendRound(conversations, n, label) {
  const sent = new Map(conversations.map(({ conv }) => [conv.id, []]));
  await Promise.all(conversations.map(async ({ conv, who }) => {
    for (let i = 0; i < n; i++) {
      const res = await api(server, 'POST', `/messaging/conversations/${conv.id}/messages`,
        { token: who.token, body: { content: `${label} ${i}` } });
      assert.equal(res.status, 201, res.text);
      sent.get(conv.id).push(res.body.id);
    }
  }));
  return sent;
}

function assertInOrderPerConversation(events, expected, where) {
  for (const [convId, ids] of expected) {
    const got = events.filter((e) => e.type === 'message.sent' && e.data.conversationId === convId)
      .map((e) => e.data.messageId);
    assert.deepEqual(got, ids, `${where}: the messages of ${convId}, once each, in order`);
  }
}

test('sinks that go down get every event once they are back', { timeout: 120_000 }, async (t) => {
  if (!nats) return t.skip(`${NATS_SERVER} is not installed`);
  const users = [];
  for (let i = 0; i < 4; i++) users.push(await makeUser(server, `dl${i}`));
  const conversations = [];
  for (let i = 0; i < 3; i++) {
    const conv = await createConversation(server, users[i], [users[i + 1].id]);
    conversations.push({ conv, who: users[i] });
  }

  const first = await sendRound(conversations, 20, 'before');
  await eventually(() => receiver.events.length >= 63, { what: 'the first events at the webhook' });

  // Both destinations go away while messages keep coming.
  await receiver.stop();
  await nats.stop();
  const during = await sendRound(conversations, 30, 'during');
  await sleep(1500);  // the sinks fail and back off meanwhile
  const metrics = await api(server, 'GET', '/metrics');
  assert.match(metrics.text, /confide_events_errors_total\{sink="webhook"\} [1-9]/);
  assert.match(metrics.text, /confide_events_errors_total\{sink="nats"\} [1-9]/);
  assert.match(metrics.text, /confide_events_lag\{sink="jsonl"\} 0\n/, 'the jsonl sink goes on');

  await nats.start();
  await receiver.start();
  const afterwards = await sendRound(conversations, 10, 'after');
  const expected = new Map(conversations.map(({ conv }) => [conv.id,
    [...first.get(conv.id), ...during.get(conv.id), ...afterwards.get(conv.id)]]));
  const total = 3 + 3 * 60;  // conversation.created and the messages

  await eventually(() => firstOfEach(receiver.events).length >= total,
    { timeoutMs: 60_000, what: 'every event at the webhook' });
  assert.equal(receiver.badSignatures, 0, 'every request was signed');
  const webhookEvents = firstOfEach(receiver.events);
  assert.equal(webhookEvents.length, total);
  assertInOrderPerConversation(webhookEvents, expected, 'webhook');
  const seqs = webhookEvents.map((e) => e.seq);
  assert.deepEqual(seqs, [...seqs].sort((x, y) => x - y), 'the webhook got them in seq order');

  await eventually(async () => (await streamCount(nats.url, STREAM)) >= total,
    { timeoutMs: 60_000, what: 'every event in the JetStream stream' });
  const { messages, info } = await readStream(nats.url, STREAM);
  assert.equal(info.state.messages, total, 'the stream holds each event exactly once');
  const ids = messages.map((m) => m.event.id);
  assert.equal(new Set(ids).size, ids.length, 'no duplicate at the JetStream consumer');
  for (const m of messages) {
    assert.equal(m.subject, `${SUBJECT}.${m.event.type}`);
    assert.equal(m.msgId, m.event.id);
    assert.equal(Number(m.seqHeader), m.event.seq);
  }
  assertInOrderPerConversation(messages.map((m) => m.event), expected, 'nats');

  const jsonl = readJsonl(defaultJsonl(server.dir));
  assert.equal(jsonl.length, total);
  assertInOrderPerConversation(jsonl, expected, 'jsonl');

  await eventually(async () => {
    const text = (await api(server, 'GET', '/metrics')).text;
    return ['jsonl', 'webhook', 'nats'].every((s) =>
      new RegExp(`confide_events_lag\\{sink="${s}"\\} 0\\n`).test(text));
  }, { what: 'no lag at any sink' });
});
