// What one client may ask of the gateway: its events are rate limited (a bucket per socket,
// and one per user shared by the user's sockets), and its database jobs in flight are
// bounded. A refused event is answered {ok: false, error, code: 'RATE_LIMITED'} and not run.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startGateway, connectAuthed, connectAll, emitAck, closeAll, close, makeUsers,
  createConversation, received, sleep, Poller,
} from './support.mjs';

let server;    // the defaults: 20 events a second and 60 at once per socket
let shared;    // sockets may send plenty, their user little
before(async () => {
  [server, shared] = await Promise.all([
    startGateway(),
    startGateway({ args: ['--rate-events', '100,100', '--rate-user-events', '10,30'] }),
  ]);
});
after(async () => {
  closeAll();
  await Promise.all([server?.stop(), shared?.stop()]);
});

function isRateLimited(ack) {
  return ack.ok === false && ack.code === 'RATE_LIMITED';
}

/** Emits `count` leave_conversation events (no database work) at once; resolves their acks. */
function burst(socket, conversationId, count) {
  return Promise.all(Array.from({ length: count }, () =>
    emitAck(socket, 'leave_conversation', { conversationId })));
}

test('a socket past its event allowance gets RATE_LIMITED acks, and those events do not run', async () => {
  const [a, b] = await makeUsers(server, 2, 'evburst');
  const conversation = await createConversation(server, a, [b.id]);
  const [sa, sb] = await connectAll(server, [a, b]);
  const started = Date.now();
  const acks = await burst(sa, conversation.id, 100);
  const seconds = (Date.now() - started) / 1000;
  const served = acks.filter((ack) => ack.ok);
  const refused = acks.filter((ack) => !ack.ok);
  assert.ok(served.length >= 60 && served.length <= 60 + Math.ceil(seconds * 20) + 1,
    `${served.length} served in ${seconds} s`);
  assert.ok(refused.length > 0);
  for (const ack of refused) {
    assert.deepEqual(Object.keys(ack).sort(), ['code', 'error', 'ok', 'retryAfterMs']);
    assert.ok(isRateLimited(ack), JSON.stringify(ack));
    assert.match(ack.error, /^Too many events: try again in 1 second$/);
    assert.ok(ack.retryAfterMs > 0 && ack.retryAfterMs <= 50, `retryAfterMs ${ack.retryAfterMs}`);
  }
  // Only the served ones ran: each answers conversation_left before its ack.
  assert.equal(received(sa, 'conversation_left').length, served.length);
  assert.equal(received(sa, 'error', (e) => e.code === 'RATE_LIMITED').length, refused.length);

  // Another user's socket is not affected.
  assert.deepEqual(await emitAck(sb, 'leave_conversation', { conversationId: conversation.id }),
    { ok: true, conversationId: conversation.id });
  // After the wait, a's socket is served again.
  await sleep(Math.max(...refused.map((ack) => ack.retryAfterMs)));
  assert.equal((await emitAck(sa, 'leave_conversation', { conversationId: conversation.id })).ok,
    true);
  await close(sa);
  await close(sb);
});

test("a user's sockets share one allowance: more sockets bring no more events", async () => {
  const [a, b] = await makeUsers(shared, 2, 'evshared');
  const conversation = await createConversation(shared, a, [b.id]);
  const sockets = await connectAll(shared, [a, a, a]);
  const started = Date.now();
  const acks = (await Promise.all(sockets.map((s) => burst(s, conversation.id, 20)))).flat();
  const seconds = (Date.now() - started) / 1000;
  const served = acks.filter((ack) => ack.ok).length;
  // Each socket alone could send all 20 (100 at once); together they get the user's 30.
  assert.ok(served >= 30 && served <= 30 + Math.ceil(seconds * 10) + 1,
    `${served} of 60 served in ${seconds} s`);
  assert.ok(acks.filter((ack) => !ack.ok).every(isRateLimited));
  const sb = await connectAuthed(shared, b);
  assert.equal((await emitAck(sb, 'leave_conversation', { conversationId: conversation.id })).ok,
    true, 'another user has their own allowance');
  for (const s of [...sockets, sb]) await close(s);
});

test('a socket may have 8 database jobs in flight; events past them are RATE_LIMITED', async () => {
  const [a, b] = await makeUsers(server, 2, 'inflight');
  const conversation = await createConversation(server, a, [b.id]);
  // Polling: one POST carries all 20 joins, so that they reach the server together.
  const poller = new Poller(server);
  await poller.open();
  assert.equal((await poller.post(`40/messaging,${JSON.stringify({ token: a.token })}`)).text, 'ok');
  await poller.until((r) => r.startsWith('42/messaging,["authenticated"'), 'authenticated');
  const joins = Array.from({ length: 20 }, (_, i) =>
    `42/messaging,${i + 1}${JSON.stringify(['join_conversation', { conversationId: conversation.id }])}`);
  assert.equal((await poller.post(joins.join('\x1e'))).text, 'ok');
  const acks = [];
  for (let i = 1; i <= 20; ++i) {
    const record = await poller.until((r) => r.startsWith(`43/messaging,${i}[`), `ack ${i}`);
    acks.push(JSON.parse(record.slice(`43/messaging,${i}`.length))[0]);
  }
  const served = acks.filter((ack) => ack.ok);
  assert.equal(served.length, 8, JSON.stringify(acks));
  for (const ack of acks.filter((x) => !x.ok)) {
    assert.deepEqual(ack, { ok: false, code: 'RATE_LIMITED',
      error: 'Too many requests in flight on this socket: wait for their answers' });
  }
  // With its jobs answered, the socket may ask again.
  const again = `42/messaging,99${JSON.stringify(['join_conversation', { conversationId: conversation.id }])}`;
  assert.equal((await poller.post(again)).text, 'ok');
  const record = await poller.until((r) => r.startsWith('43/messaging,99['), 'the later ack');
  assert.deepEqual(JSON.parse(record.slice('43/messaging,99'.length)),
    [{ ok: true, conversationId: conversation.id }]);
});
