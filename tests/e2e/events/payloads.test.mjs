// Every event type, raised through the REST API, checked field by field against the examples
// of docs/events.md; read back from the default jsonl sink and from `confide events tail`.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  startServer, api, expectStatus, makeUser, createConversation, send, runCli, ISO_MS,
  adminHeaders,
  defaultJsonl,
} from '../../integration/harness.mjs';
import { readJsonl, eventually } from './support.mjs';

const DOC = fileURLToPath(new URL('../../../docs/events.md', import.meta.url));

/** The `data` example of each `### type` section of docs/events.md. */
function documentedExamples() {
  const text = fs.readFileSync(DOC, 'utf8');
  const examples = new Map();
  const section = /^### ([a-z]+\.[a-z]+)\n([\s\S]*?)(?=^### |^## |(?![\s\S]))/gm;
  for (const [, type, body] of text.matchAll(section)) {
    const block = body.match(/```json\n([\s\S]*?)\n```/);
    if (block) examples.set(type, JSON.parse(block[1]));
  }
  return examples;
}

// The fields docs/events.md says may be null (its examples show them set).
const NULLABLE = new Set(['conversation.created.title', 'message.sent.replyToMessageId']);

const kind = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Same keys in the same order, and each value of the documented JSON type. */
function assertLikeExample(actual, example, what) {
  assert.deepEqual(Object.keys(actual), Object.keys(example), `${what}: the fields`);
  for (const [key, value] of Object.entries(example)) {
    if (actual[key] === null && NULLABLE.has(`${what}.${key}`)) continue;
    assert.equal(kind(actual[key]), kind(value), `${what}.${key} is ${kind(value)}`);
    if (typeof value === 'string' && ISO_MS.test(value)) {
      assert.match(actual[key], ISO_MS, `${what}.${key} is an ISO timestamp`);
    }
    if (Array.isArray(value) && value.length) {
      for (const item of actual[key]) assert.equal(kind(item), kind(value[0]), `${what}.${key}[]`);
    }
  }
}

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

test('every event type is recorded with the fields docs/events.md shows', async () => {
  const examples = documentedExamples();
  assert.deepEqual([...examples.keys()].sort(), [
    'conversation.created', 'message.deleted', 'message.read', 'message.sent',
    'message.updated', 'participant.added', 'participant.removed', 'reaction.added',
    'reaction.removed', 'user.blocked', 'user.deleted', 'user.unblocked',
  ]);

  const a = await makeUser(server, 'pa', { role: 'therapist' });
  const b = await makeUser(server, 'pb');
  const c = await makeUser(server, 'pc');
  const d = await makeUser(server, 'pd');
  const therapy = await createConversation(server, a, [b.id],
    { type: 'THERAPY', title: 'Weekly session' });
  const group = await createConversation(server, a, [b.id, c.id], { type: 'GROUP' });
  const m1 = await send(server, b, therapy.id, 'Hello');
  const m2 = await send(server, a, therapy.id, 'Here is the worksheet', {
    messageType: 'FILE', replyToId: m1.id, attachmentUrl: 'https://files.example.com/w.pdf',
    attachmentName: 'w.pdf', attachmentSize: 1234,
  });
  expectStatus(await api(server, 'POST', `/messaging/messages/${m2.id}/read`, { token: b.token }), 200);
  expectStatus(await api(server, 'PUT', `/messaging/messages/${m2.id}`,
    { token: a.token, body: { content: 'Here is the updated worksheet' } }), 200);
  expectStatus(await api(server, 'POST', `/messaging/messages/${m2.id}/reactions`,
    { token: b.token, body: { emoji: '👍' } }), 201);
  expectStatus(await api(server, 'DELETE',
    `/messaging/messages/${m2.id}/reactions/${encodeURIComponent('👍')}`, { token: b.token }), 204);
  expectStatus(await api(server, 'DELETE', `/messaging/messages/${m2.id}`, { token: a.token }), 204);
  expectStatus(await api(server, 'POST', '/messaging/block',
    { token: b.token, body: { userId: c.id } }), 201);
  expectStatus(await api(server, 'DELETE', `/messaging/block/${c.id}`, { token: b.token }), 204);
  expectStatus(await api(server, 'POST', `/messaging/conversations/${group.id}/participants`,
    { token: a.token, body: { participantIds: [d.id] } }), 201);
  expectStatus(await api(server, 'DELETE',
    `/messaging/conversations/${group.id}/participants/${d.id}`, { token: a.token }), 204);
  // A deleted user leaves every conversation, then is gone.
  expectStatus(await api(server, 'DELETE', `/admin/users/${c.id}`,
    { headers: adminHeaders(server) }), 204);
  // Refused changes record nothing.
  assert.equal((await api(server, 'POST', `/messaging/conversations/${therapy.id}/messages`,
    { token: b.token, body: { content: '' } })).status, 400);
  assert.equal((await api(server, 'PUT', `/messaging/messages/${m1.id}`,
    { token: a.token, body: { content: 'not mine' } })).status, 403);

  const file = defaultJsonl(server.dir);
  const events = await eventually(() => {
    const all = fs.existsSync(file) ? readJsonl(file) : [];
    return all.length >= 15 && all;
  }, { what: 'the events in the jsonl file' });

  // The envelope.
  let previous = 0;
  for (const e of events) {
    assert.deepEqual(Object.keys(e), ['id', 'seq', 'type', 'occurredAt', 'data']);
    assert.match(e.id, /^evt_/);
    assert.ok(e.seq > previous, 'seq increases');
    previous = e.seq;
    assert.match(e.occurredAt, ISO_MS);
  }
  assert.equal(new Set(events.map((e) => e.id)).size, events.length, 'ids are unique');
  assert.deepEqual(events.map((e) => e.type), [
    'conversation.created', 'conversation.created', 'message.sent', 'message.sent',
    'message.read', 'message.updated', 'reaction.added', 'reaction.removed', 'message.deleted',
    'user.blocked', 'user.unblocked', 'participant.added', 'participant.removed',
    'participant.removed', 'user.deleted',
  ]);
  for (const e of events) assertLikeExample(e.data, examples.get(e.type), e.type);

  const byType = (t, i = 0) => events.filter((e) => e.type === t)[i].data;
  assert.deepEqual(byType('conversation.created'), {
    conversationId: therapy.id, createdBy: a.id, participantIds: byType('conversation.created').participantIds,
    conversationType: 'therapy', title: 'Weekly session', isPrivate: true,
  });
  assert.deepEqual([...byType('conversation.created').participantIds].sort(), [a.id, b.id].sort());
  assert.equal(byType('conversation.created', 1).conversationType, 'group');
  assert.equal(byType('conversation.created', 1).isPrivate, false);
  assert.equal(byType('conversation.created', 1).title, null);
  assert.deepEqual(byType('message.sent', 1), {
    messageId: m2.id, conversationId: therapy.id, senderId: a.id,
    content: 'Here is the worksheet', messageType: 'file', sentAt: m2.createdAt,
    recipientIds: [b.id], replyToMessageId: m1.id,
    fileAttachments: ['https://files.example.com/w.pdf'],
  });
  assert.equal(byType('message.sent', 0).replyToMessageId, null);
  assert.deepEqual(byType('message.sent', 0).fileAttachments, []);
  assert.deepEqual(byType('message.sent', 0).recipientIds, [a.id]);
  const read = byType('message.read');
  assert.equal(read.messageId, m2.id);
  assert.equal(read.readBy, b.id);
  assert.equal(read.conversationId, therapy.id);
  assert.equal(read.messagesSinceLastRead, 1);
  assert.equal(byType('message.updated').content, 'Here is the updated worksheet');
  assert.equal(byType('reaction.added').emoji, '👍');
  assert.equal(byType('reaction.removed').userId, b.id);
  assert.equal(byType('message.deleted').deletedBy, a.id);
  assert.deepEqual([byType('user.blocked').blockerId, byType('user.blocked').blockedId], [b.id, c.id]);
  assert.equal(byType('participant.added').userId, d.id);
  assert.equal(byType('participant.added').role, 'MEMBER');
  assert.equal(byType('participant.removed').removedBy, a.id);
  assert.deepEqual(byType('participant.removed', 1), {
    conversationId: group.id, userId: c.id, removedBy: c.id,
    removedAt: byType('user.deleted').deletedAt,
  });
  assert.equal(byType('user.deleted').userId, c.id);

  // `confide events tail` reads the same stream from the database.
  const tail = await runCli(['events', 'tail', '--db', server.db, '--from', '1', '--no-follow']);
  assert.equal(tail.code, 0, tail.stderr);
  const tailed = tail.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(tailed, events);
  const last = await runCli(['events', 'tail', '--db', server.db, '-n', '2', '--no-follow']);
  assert.deepEqual(last.stdout.trim().split('\n').map((l) => JSON.parse(l)), events.slice(-2));

  // The stored position follows the file within about a second (docs/events.md).
  const caughtUp = new RegExp(`jsonl \\(.*events\\.jsonl\\): delivered up to seq ${events.at(-1).seq}, 0 behind`);
  const status = await eventually(async () => {
    const s = await runCli(['events', 'status', '--db', server.db]);
    assert.equal(s.code, 0, s.stderr);
    return caughtUp.test(s.stdout) && s;
  }, { timeoutMs: 5_000, what: 'events status to show the sink caught up' });
  assert.match(status.stdout, /outbox: newest seq/);

  // `confide events replay` delivers again, from a seq, to a sink configured by name.
  const copy = path.join(server.dir, 'replayed.jsonl');
  const replay = await runCli(['events', 'replay', '--db', server.db, '--events', `jsonl:${copy}`,
    '--sink', 'jsonl', '--from', String(events[3].seq)]);
  assert.equal(replay.code, 0, replay.stderr);
  assert.match(replay.stdout, new RegExp(`replayed ${events.length - 3} events`));
  assert.deepEqual(readJsonl(copy), events.slice(3));
  const unknown = await runCli(['events', 'replay', '--db', server.db, '--sink', 'kafka', '--from', '1']);
  assert.notEqual(unknown.code, 0);
  assert.match(unknown.stderr, /no sink named "kafka" is configured \(configured: jsonl\)/);

  // The metrics say the sink is caught up.
  const metrics = await api(server, 'GET', '/metrics');
  assert.match(metrics.text, /confide_events_lag\{sink="jsonl"\} 0\n/);
  assert.match(metrics.text, new RegExp(`confide_events_delivered_total\\{sink="jsonl"\\} ${events.length}\\n`));
});
