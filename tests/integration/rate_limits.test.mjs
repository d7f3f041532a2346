// Per-user rate limits on changes, with the defaults production runs (no flags): a user who
// sends faster than their allowance is answered 429 with Retry-After and the NestJS body,
// before anything reaches the database; other users are not affected; after Retry-After the
// user may send again.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, expectStatus, makeUser, makeUsers, createConversation, metrics, sleep,
} from './harness.mjs';

let server;   // the defaults: 10 messages a second, 30 at once
let strict;   // small allowances, to tell the two apart
before(async () => {
  [server, strict] = await Promise.all([
    // No event stream: its sink's position writes would count among the write jobs.
    startServer({ args: ['--events', 'none'] }),
    startServer({ args: ['--rate-messages', '1,3', '--rate-writes', '1,3'] }),
  ]);
});
after(async () => {
  await Promise.all([server?.stop(), strict?.stop()]);
});

const WRITE_OK = 'confide_db_jobs_total{kind="write",result="ok"}';

function sendAs(srv, who, conversationId, content) {
  return api(srv, 'POST', `/messaging/conversations/${conversationId}/messages`,
    { token: who.token, body: { content } });
}

function assertTooMany(res) {
  assert.equal(res.status, 429, res.text);
  assert.deepEqual(Object.keys(res.body).sort(), ['error', 'message', 'statusCode'], res.text);
  assert.equal(res.body.statusCode, 429);
  assert.equal(res.body.error, 'Too Many Requests');
  assert.match(res.body.message, /^Too many \w+: try again in \d+ seconds?$/);
  const retryAfter = res.headers.get('retry-after');
  assert.match(retryAfter ?? '', /^[1-9]\d*$/, `Retry-After: ${retryAfter}`);
  return Number(retryAfter);
}

test('a burst of sends past the allowance gets 429 with Retry-After; no job runs for them', async () => {
  const [a, b] = await makeUsers(server, 2, 'burst');
  const conversation = await createConversation(server, a, [b.id]);
  const writesBefore = (await metrics(server)).get(WRITE_OK);
  const started = Date.now();
  const answers = await Promise.all(Array.from({ length: 60 }, (_, i) =>
    sendAs(server, a, conversation.id, `burst ${i}`)));
  const seconds = (Date.now() - started) / 1000;
  const accepted = answers.filter((r) => r.status === 201);
  const refused = answers.filter((r) => r.status !== 201);
  assert.ok(refused.length > 0, 'some sends were refused');
  // 30 at once, and 10 a second for as long as the burst took.
  assert.ok(accepted.length >= 30 && accepted.length <= 30 + Math.ceil(seconds * 10) + 1,
    `${accepted.length} accepted in ${seconds} s`);
  const waits = refused.map(assertTooMany);
  assert.ok(waits.every((w) => w <= 1), `Retry-After ${waits}: one token comes within 100 ms`);
  // Only the accepted sends became write jobs (one each).
  assert.equal((await metrics(server)).get(WRITE_OK) - writesBefore, accepted.length);

  // Another user is not affected, in the same conversation.
  expectStatus(await sendAs(server, b, conversation.id, 'not me'), 201);

  await sleep(Math.max(...waits) * 1000);
  expectStatus(await sendAs(server, a, conversation.id, 'after the wait'), 201);
});

test('messages and other changes have allowances of their own, per user', async () => {
  const [a, b] = await makeUsers(strict, 2, 'kinds');
  const conversation = await createConversation(strict, a, [b.id]);  // a's first write
  const sent = [];
  for (let i = 0; i < 3; ++i) {
    sent.push(expectStatus(await sendAs(strict, a, conversation.id, `m${i}`), 201));
  }
  const retry = assertTooMany(await sendAs(strict, a, conversation.id, 'one too many'));
  assert.ok(retry >= 1);
  // Two more changes of another kind fit a's other allowance (three, one used by the create).
  for (const emoji of ['👍', '🎉']) {
    expectStatus(await api(strict, 'POST', `/messaging/messages/${sent[0].id}/reactions`,
      { token: a.token, body: { emoji } }), 201);
  }
  const reaction = await api(strict, 'POST', `/messaging/messages/${sent[0].id}/reactions`,
    { token: a.token, body: { emoji: '❤️' } });
  assertTooMany(reaction);
  assert.match(reaction.body.message, /^Too many requests/);
  // Edits count as messages.
  assertTooMany(await api(strict, 'PUT', `/messaging/messages/${sent[0].id}`,
    { token: a.token, body: { content: 'edited' } }));
  // b has allowances of their own.
  expectStatus(await sendAs(strict, b, conversation.id, 'b is fine'), 201);
  expectStatus(await api(strict, 'POST', `/messaging/messages/${sent[0].id}/read`,
    { token: b.token }), 200);
});

test('reads are not limited by the write allowances', async () => {
  const a = await makeUser(strict, 'reader');
  for (let i = 0; i < 10; ++i) {
    expectStatus(await api(strict, 'GET', '/messaging/conversations', { token: a.token }), 200);
  }
});

test('bad input is answered 400 before the allowance is counted', async () => {
  const [a, b] = await makeUsers(strict, 2, 'badfirst');
  const conversation = await createConversation(strict, a, [b.id]);
  for (let i = 0; i < 5; ++i) {
    const res = await api(strict, 'POST', `/messaging/conversations/${conversation.id}/messages`,
      { token: b.token, body: { content: 5 } });
    expectStatus(res, 400);
  }
  expectStatus(await sendAs(strict, b, conversation.id, 'still three left'), 201);
});
