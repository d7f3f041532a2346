// The database's job queues are bounded (--db-max-queued-jobs): when clients' requests come
// faster than the store takes them, those beyond the bound are answered 503 with Retry-After
// at once, counted in confide_db_jobs_refused_total, and the server keeps serving.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, expectStatus, makeUser, createConversation, metrics,
} from './harness.mjs';

let server;
before(async () => {
  // No event stream: its relay's own jobs (positions; on PostgreSQL, settling after every
  // commit) would share the one place with the clients' and make the setup meet the bound.
  server = await startServer({ args: ['--db-max-queued-jobs', '1', '--events', 'none'] });
});
after(async () => {
  await server?.stop();
});

function assertQueueFull(res) {
  assert.equal(res.status, 503, res.text);
  assert.equal(res.headers.get('retry-after'), '1');
  assert.deepEqual(Object.keys(res.body).sort(), ['error', 'message', 'requestId', 'statusCode']);
  assert.equal(res.body.message, 'Service unavailable');
  assert.equal(res.body.error, 'Service Unavailable');
}

test('a full write queue answers 503 with Retry-After, counted in /metrics', async () => {
  const users = [];  // one at a time: the setup must not meet the bound itself
  for (let i = 0; i < 20; ++i) users.push(await makeUser(server, 'queue'));
  const conversation = await createConversation(server, users[0], users.slice(1).map((u) => u.id));
  const refusedBefore = (await metrics(server)).get('confide_db_jobs_refused_total{kind="write"}');
  // 20 users, 10 sends each (within their own allowances), all at once.
  const answers = await Promise.all(users.flatMap((u) => Array.from({ length: 10 }, (_, i) =>
    api(server, 'POST', `/messaging/conversations/${conversation.id}/messages`,
      { token: u.token, body: { content: `${u.id} ${i}` }, timeoutMs: 20_000 }))));
  const full = answers.filter((r) => r.status === 503);
  assert.ok(full.length > 0, `some of ${answers.length} sends met a full queue`);
  for (const res of full) assertQueueFull(res);
  for (const res of answers.filter((r) => r.status !== 503)) expectStatus(res, 201);
  const refused = (await metrics(server)).get('confide_db_jobs_refused_total{kind="write"}');
  assert.equal(refused - refusedBefore, full.length);
  // The server goes on serving once the queue drains.
  expectStatus(await api(server, 'POST', `/messaging/conversations/${conversation.id}/messages`,
    { token: users[1].token, body: { content: 'after the rush' } }), 201);
});

test('a full read queue answers 503 with Retry-After too', async () => {
  const a = await makeUser(server, 'readq');
  const refusedBefore = (await metrics(server)).get('confide_db_jobs_refused_total{kind="read"}');
  const answers = await Promise.all(Array.from({ length: 200 }, () =>
    api(server, 'GET', '/messaging/conversations', { token: a.token, timeoutMs: 20_000 })));
  const full = answers.filter((r) => r.status === 503);
  assert.ok(full.length > 0, `some of ${answers.length} reads met a full queue`);
  for (const res of full) assertQueueFull(res);
  for (const res of answers.filter((r) => r.status !== 503)) expectStatus(res, 200);
  const refused = (await metrics(server)).get('confide_db_jobs_refused_total{kind="read"}');
  assert.equal(refused - refusedBefore, full.length);
});
