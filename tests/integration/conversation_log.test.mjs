// Sequence numbers per conversation and the conversation log: every change visible in a
// conversation takes the next number (messages carry theirs), and GET
// /conversations/:id/events reads the changes back in order, as the gateway sent them.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, expectStatus, expectError, makeUsers, createConversation, send,
  listMessages, assertKeys, ISO_MS,
} from './harness.mjs';

let server;
before(async () => {
  server = await startServer({ args: ['--rate-messages', '0'] });
});
after(async () => {
  await server?.stop();
});

async function events(who, conversationId, query = '') {
  const res = await api(server, 'GET',
    `/messaging/conversations/${conversationId}/events${query ? '?' + query : ''}`,
    { token: who.token });
  return expectStatus(res, 200);
}

test('every kind of change takes the next number; the log reads them back in order with the gateway payloads', async () => {
  const [a, b, c, d] = await makeUsers(server, 4, 'log');
  const conv = await createConversation(server, a, [b.id, c.id], { type: 'GROUP' });
  const base = `/messaging/conversations/${conv.id}`;
  const m1 = await send(server, a, conv.id, 'first');
  assert.equal(m1.seq, 1);
  const reaction = expectStatus(await api(server, 'POST', `/messaging/messages/${m1.id}/reactions`,
    { token: b.token, body: { emoji: '👍' } }), 201);
  expectStatus(await api(server, 'POST', `/messaging/messages/${m1.id}/read`, { token: c.token }), 200);
  const edited = expectStatus(await api(server, 'PUT', `/messaging/messages/${m1.id}`,
    { token: a.token, body: { content: 'first, edited' } }), 200);
  assert.equal(edited.seq, 1, 'a message keeps the number it was sent with');
  expectStatus(await api(server, 'DELETE',
    `/messaging/messages/${m1.id}/reactions/${encodeURIComponent('👍')}`, { token: b.token }), 204);
  expectStatus(await api(server, 'POST', `${base}/participants`,
    { token: a.token, body: { participantIds: [d.id] } }), 201);
  expectStatus(await api(server, 'DELETE', `${base}/participants/${d.id}`, { token: a.token }), 204);
  const m2 = await send(server, b, conv.id, 'second');
  assert.equal(m2.seq, 8);
  expectStatus(await api(server, 'DELETE', `/messaging/messages/${m2.id}`, { token: b.token }), 204);

  const log = await events(c, conv.id);
  assertKeys(log, ['events', 'lastSeq', 'hasMore'], 'log page');
  assert.equal(log.lastSeq, 9);
  assert.equal(log.hasMore, false);
  assert.deepEqual(log.events.map((e) => [e.seq, e.type]), [
    [1, 'new_message'], [2, 'message_reaction'], [3, 'message_read'], [4, 'message_updated'],
    [5, 'message_reaction'], [6, 'participant_added'], [7, 'participant_removed'],
    [8, 'new_message'], [9, 'message_deleted'],
  ]);
  for (const e of log.events) {
    assertKeys(e, ['seq', 'type', 'data', 'occurredAt'], `entry ${e.seq}`);
    assert.match(e.occurredAt, ISO_MS);
    assert.equal(e.data.seq, e.seq, `${e.type} carries its seq`);
    assert.equal(e.data.conversationId, conv.id);
  }
  // The log shows a message as the API shows it now: m1 edited, m2 a tombstone.
  const [listed1] = (await listMessages(server, c, conv.id)).filter((m) => m.id === m1.id);
  for (const key of ['id', 'content', 'isEdited', 'editedAt', 'isDeleted', 'seq', 'sender', 'createdAt']) {
    assert.deepEqual(log.events[0].data[key], listed1[key], key);
  }
  assert.equal(log.events[0].data.content, 'first, edited');
  assert.equal(log.events[3].data.content, 'first, edited');
  assert.deepEqual(log.events[1].data.reaction, reaction);
  assert.equal(log.events[1].data.action, 'added');
  assert.equal(log.events[4].data.action, 'removed');
  assert.deepEqual(log.events[2].data.userId, c.id);
  assert.deepEqual(log.events[5].data, { conversationId: conv.id, userId: d.id, addedBy: a.id, seq: 6 });
  assert.deepEqual(log.events[6].data, { conversationId: conv.id, userId: d.id, removedBy: a.id, seq: 7 });
  assert.equal(log.events[7].data.isDeleted, true);
  assert.equal(log.events[7].data.content, '');
  assert.ok(!JSON.stringify(log).includes('second'), 'a deleted message leaves the log');
  assert.deepEqual(log.events[8].data, { messageId: m2.id, conversationId: conv.id, seq: 9 });
});

test('afterSeq and limit page through the log; bad values are 400; outsiders get 404', async () => {
  const [a, b, outsider] = await makeUsers(server, 3, 'logpage');
  const conv = await createConversation(server, a, [b.id]);
  for (let i = 1; i <= 5; i += 1) await send(server, i % 2 ? a : b, conv.id, `message ${i}`);
  let page = await events(b, conv.id, 'limit=2');
  assert.deepEqual(page.events.map((e) => e.seq), [1, 2]);
  assert.equal(page.hasMore, true);
  page = await events(b, conv.id, 'afterSeq=2&limit=2');
  assert.deepEqual(page.events.map((e) => e.seq), [3, 4]);
  page = await events(b, conv.id, 'afterSeq=4&limit=2');
  assert.deepEqual(page.events.map((e) => e.seq), [5]);
  assert.equal(page.hasMore, false);
  assert.equal(page.lastSeq, 5);
  assert.deepEqual((await events(b, conv.id, 'afterSeq=5')).events, []);
  assert.deepEqual((await events(b, conv.id, 'afterSeq=500')).events, []);

  const path = `/messaging/conversations/${conv.id}/events`;
  for (const [query, piece] of [
    ['afterSeq=-1', 'afterSeq'], ['afterSeq=abc', 'afterSeq'], ['afterSeq=1.5', 'afterSeq'],
    ['afterSeq=99999999999999999999', 'afterSeq'], ['limit=0', 'limit'], ['limit=1001', 'limit'],
    ['afterSeq=1&afterSeq=2', 'afterSeq'],
  ]) {
    expectError(await api(server, 'GET', `${path}?${query}`, { token: a.token }), 400, { contains: piece });
  }
  expectError(await api(server, 'GET', path, { token: outsider.token }), 404);
  expectError(await api(server, 'GET', '/messaging/conversations/conv_unknown/events', { token: a.token }), 404);
  expectStatus(await api(server, 'GET', `/api${path}`, { token: a.token }), 200);
});

test('the messages of a user the reader blocked are left out of their log, as the gateway leaves them out', async () => {
  const [a, b, c] = await makeUsers(server, 3, 'logblock');
  const conv = await createConversation(server, a, [b.id, c.id], { type: 'GROUP' });
  expectStatus(await api(server, 'POST', '/messaging/block', { token: a.token, body: { userId: c.id } }), 201);
  await send(server, b, conv.id, 'from b');
  await send(server, c, conv.id, 'from c');
  const seen = await events(a, conv.id);
  assert.deepEqual(seen.events.map((e) => e.data.content), ['from b']);
  assert.equal(seen.lastSeq, 2);
  assert.deepEqual((await events(b, conv.id)).events.map((e) => e.data.content), ['from b', 'from c']);
});

test('concurrent sends from many clients: numbers 1..N, each once, the log in that order', async () => {
  const users = await makeUsers(server, 4, 'lograce');
  const conv = await createConversation(server, users[0], users.slice(1).map((u) => u.id), { type: 'GROUP' });
  const N = 60;
  const sent = await Promise.all(Array.from({ length: N },
    (_, i) => send(server, users[i % users.length], conv.id, `race ${i}`)));
  assert.deepEqual(sent.map((m) => m.seq).sort((x, y) => x - y), Array.from({ length: N }, (_, i) => i + 1));
  const log = await events(users[1], conv.id, 'limit=1000');
  assert.deepEqual(log.events.map((e) => e.seq), Array.from({ length: N }, (_, i) => i + 1));
  const bySeq = new Map(sent.map((m) => [m.seq, m.id]));
  for (const e of log.events) assert.equal(e.data.id, bySeq.get(e.seq));
});
