// participantIds is bounded before anything reaches the database: a list longer than a
// conversation may be is refused by the route, so that it costs the single writer nothing
// and delays nobody else's writes.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, expectError, expectStatus, makeUsers, createConversation, metrics,
} from './harness.mjs';

let server;
before(async () => {
  // No event stream: its sink's position writes would count among the write jobs.
  server = await startServer({ args: ['--events', 'none'] });
});
after(async () => {
  await server?.stop();
});

const WRITES = ['confide_db_jobs_total{kind="write",result="ok"}',
  'confide_db_jobs_total{kind="write",result="error"}'];

async function writeJobs() {
  const series = await metrics(server);
  return WRITES.map((name) => series.get(name) ?? 0);
}

// 100,000 short ids: under the 1 MiB body limit, far over a conversation's 1,000 people.
function manyIds(n = 100_000) {
  return Array.from({ length: n }, (_, i) => `u${i}`);
}

test('100,000 participantIds: 400 from the route, and no write job is run for it', async () => {
  const [a, b, c] = await makeUsers(server, 3, 'many');
  const group = await createConversation(server, a, [b.id, c.id]);
  const body = JSON.stringify({ participantIds: manyIds() });
  assert.ok(Buffer.byteLength(body) < 1 << 20, 'the body fits the default body limit');

  const jobs = await writeJobs();
  const started = Date.now();
  const created = await api(server, 'POST', '/messaging/conversations', { token: a.token, rawBody: body });
  expectError(created, 400, { contains: 'participantIds must contain no more than 1000 elements' });
  const added = await api(server, 'POST', `/messaging/conversations/${group.id}/participants`,
    { token: a.token, rawBody: body });
  expectError(added, 400, { contains: 'participantIds must contain no more than 1000 elements' });
  assert.ok(Date.now() - started < 5000, `refused in ${Date.now() - started} ms`);
  assert.deepEqual(await writeJobs(), jobs, 'neither request reached the writer');
});

test('an unrelated send is not held up while a 100,000-id request is answered', async () => {
  const [a, b] = await makeUsers(server, 2, 'bystander');
  const direct = await createConversation(server, a, [b.id]);
  const body = JSON.stringify({ participantIds: manyIds() });
  const big = api(server, 'POST', '/messaging/conversations', { token: a.token, rawBody: body });
  const started = Date.now();
  const sent = await api(server, 'POST', `/messaging/conversations/${direct.id}/messages`,
    { token: b.token, body: { content: 'still here' } });
  expectStatus(sent, 201);
  assert.ok(Date.now() - started < 2000, `the send took ${Date.now() - started} ms`);
  expectError(await big, 400);
});

test('ids are checked and counted once each: bad ids get one message, repeats are one person', async () => {
  const [a, b, c] = await makeUsers(server, 3, 'shape');
  const bad = await api(server, 'POST', '/messaging/conversations', {
    token: a.token,
    body: { participantIds: [b.id, ...Array(500).fill('has space'), ''] },
  });
  const messages = expectError(bad, 400, { array: true });
  assert.deepEqual(messages, ['each value in participantIds must be a valid id']);

  // 1,000 entries that name two people: within the count, and a conversation of three.
  const repeated = Array.from({ length: 1000 }, (_, i) => (i % 2 ? b.id : c.id));
  const made = await createConversation(server, a, repeated);
  assert.deepEqual(made.participants.map((p) => p.userId).sort(), [a.id, b.id, c.id].sort());
  expectError(await api(server, 'POST', '/messaging/conversations', {
    token: a.token, body: { participantIds: [...repeated, b.id] },
  }), 400, { contains: 'participantIds must contain no more than 1000 elements' });
});

test('unknown users: the message names five and counts the rest', async () => {
  const [a, b] = await makeUsers(server, 2, 'ghosts');
  const ghosts = Array.from({ length: 999 }, (_, i) => `ghost_${i}`);
  const res = await api(server, 'POST', '/messaging/conversations', {
    token: a.token, body: { participantIds: [b.id, ...ghosts] },
  });
  const message = expectError(res, 400);
  assert.equal(message,
    'Unknown users in participantIds: ghost_0, ghost_1, ghost_2, ghost_3, ghost_4 and 994 more');
});
