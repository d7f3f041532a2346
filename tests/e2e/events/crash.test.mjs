// `kill -9` between commit and delivery: what was committed is delivered after the restart,
// and nothing that was not committed is.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  startServer, api, makeUser, createConversation, randomSecret, tempDir, listMessages, defaultJsonl,
} from '../../integration/harness.mjs';
import { WebhookReceiver, readJsonl, eventually, firstOfEach } from './support.mjs';

const servers = [];
after(async () => {
  for (const s of servers) {
    if (!s.exited) s.kill();
  }
});

test('events committed before a kill -9 are delivered after the restart', { timeout: 120_000 }, async () => {
  const dir = tempDir();
  const receiver = new WebhookReceiver(randomSecret());
  await receiver.start();
  await receiver.stop();  // the port is known, and nobody answers on it yet
  // One user sends 40 messages in a row: no allowance, which is not what this is about.
  const args = ['--events', `jsonl,webhook:${receiver.url}`,
    '--events-webhook-secret', receiver.secret, '--events-webhook-timeout', '500',
    '--rate-messages', '0'];
  const first = await startServer({ dir, args });
  servers.push(first);

  const a = await makeUser(first, 'ka');
  const b = await makeUser(first, 'kb');
  const conv = await createConversation(first, a, [b.id]);
  const acknowledged = [];
  for (let i = 0; i < 40; i++) {
    const res = await api(first, 'POST', `/messaging/conversations/${conv.id}/messages`,
      { token: a.token, body: { content: `m${i}` } });
    assert.equal(res.status, 201);
    acknowledged.push(res.body.id);
  }
  // Refused: no event.
  assert.equal((await api(first, 'POST', `/messaging/conversations/${conv.id}/messages`,
    { token: a.token, body: { content: '   ' } })).status, 400);
  // More sends in flight while the process dies: each either committed or not.
  const inFlight = Array.from({ length: 30 }, (_, i) =>
    api(first, 'POST', `/messaging/conversations/${conv.id}/messages`,
      { token: b.token, body: { content: `late ${i}` } }).catch(() => null));
  first.kill();
  const results = await Promise.all(inFlight);
  await first.exitPromise;
  for (const r of results) if (r?.status === 201) acknowledged.push(r.body.id);
  assert.equal(receiver.events.length, 0, 'nothing reached the webhook before the kill');

  await receiver.start();
  const second = await startServer({ dir, args, jwtSecret: first.jwtSecret });
  servers.push(second);
  const committed = (await listMessages(second, a, conv.id, 'limit=100')).map((m) => m.id);
  for (const id of acknowledged) assert.ok(committed.includes(id), `acknowledged ${id} is stored`);

  await eventually(() => firstOfEach(receiver.events)
    .filter((e) => e.type === 'message.sent').length >= committed.length,
  { timeoutMs: 60_000, what: 'the committed messages at the webhook' });
  const delivered = firstOfEach(receiver.events);
  const sentIds = delivered.filter((e) => e.type === 'message.sent').map((e) => e.data.messageId);
  assert.deepEqual(sentIds, committed, 'every committed message, once, in order, and no other');
  assert.equal(delivered.filter((e) => e.type === 'conversation.created').length, 1);

  // The jsonl file, written before the kill and after, holds each event once.
  const jsonl = readJsonl(defaultJsonl(dir));
  assert.deepEqual(jsonl.map((e) => e.id), delivered.map((e) => e.id));

  await second.stop();
  await receiver.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});
