// What one client may ask of the gateway: its events are rate limited (a bucket per socket,
// and one per user shared by the user's sockets), its database jobs in flight are bounded,
// and its typing changes reach the room at most once a second. A refused event is answered
// {ok: false, error, code: 'RATE_LIMITED'} and not run.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startGateway, connectAuthed, connectAll, waitFor, join, emitAck, closeAll, close, makeUsers,
  createConversation, received, sleep, Poller, WAIT_MS, send, waitForArrival,
} from './support.mjs';

let server;    // the defaults: 20 events a second and 60 at once per socket
let shared;    // sockets may send plenty, their user little
let generous;  // no event limits: typing alone is looked at
before(async () => {
  [server, shared, generous] = await Promise.all([
    startGateway(),
    startGateway({ args: ['--rate-events', '100,100', '--rate-user-events', '10,30'] }),
    startGateway({ args: ['--rate-events', '0', '--rate-user-events', '0'] }),
  ]);
});
after(async () => {
  closeAll();
  await Promise.all([server?.stop(), shared?.stop(), generous?.stop()]);
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

test('typing toggled 100 times in 200 ms reaches the peer as a handful of changes, the last one the final state', async () => {
  const [a, b] = await makeUsers(generous, 2, 'coalesce');
  const conversation = await createConversation(generous, a, [b.id]);
  const [sa, sb] = await connectAll(generous, [a, b]);
  await join(sa, conversation.id);
  await join(sb, conversation.id);
  const arrivals = [];
  sb.on('typing_indicator', (p) => arrivals.push({ ...p, at: Date.now() }));
  let last;
  for (let i = 0; i < 100; ++i) {
    last = i % 2 === 0;  // true, false, …, false
    sa.emit('typing_indicator', { conversationId: conversation.id, isTyping: last });
    if (i % 10 === 9) await sleep(20);
  }
  // Acknowledged in order: everything before it has been handled.
  await emitAck(sa, 'typing_indicator', { conversationId: conversation.id, isTyping: last });
  await waitFor(sb, 'typing_indicator', WAIT_MS, (p) => p.isTyping === last);
  // Past the end of the second in which the last change came, nothing more is due.
  await sleep(1200);
  const message = await send(generous, b, conversation.id, 'sentinel');
  await waitForArrival(sb, message.id);
  const told = received(sb, 'typing_indicator');
  assert.ok(told.length >= 1 && told.length <= 3,
    `${told.length} indicators, the first ${JSON.stringify(told.slice(0, 3))}`);
  assert.deepEqual(told.at(-1), { conversationId: conversation.id, userId: a.id, isTyping: last });
  for (let i = 1; i < arrivals.length; ++i) {
    assert.notEqual(arrivals[i].isTyping, arrivals[i - 1].isTyping, 'only changes are told');
    assert.ok(arrivals[i].at - arrivals[i - 1].at >= 900,
      `changes ${arrivals[i].at - arrivals[i - 1].at} ms apart`);
  }
  await close(sa);
  await close(sb);
});

test('typing renewed within the second still keeps the indicator alive; a change after it is told', async () => {
  const [a, b] = await makeUsers(generous, 2, 'renew');
  const conversation = await createConversation(generous, a, [b.id]);
  const [sa, sb] = await connectAll(generous, [a, b]);
  await join(sa, conversation.id);
  await join(sb, conversation.id);
  const typing = (isTyping) => emitAck(sa, 'typing_indicator', { conversationId: conversation.id, isTyping });
  await typing(true);
  await waitFor(sb, 'typing_indicator', WAIT_MS, (p) => p.isTyping);
  for (let i = 0; i < 5; ++i) await typing(true);  // renewals: nothing to tell
  await typing(false);
  assert.deepEqual(await waitFor(sb, 'typing_indicator', WAIT_MS, (p) => !p.isTyping),
    { conversationId: conversation.id, userId: a.id, isTyping: false });
  const message = await send(generous, b, conversation.id, 'sentinel');
  await waitForArrival(sb, message.id);
  assert.deepEqual(received(sb, 'typing_indicator').map((p) => p.isTyping), [true, false]);
  await close(sa);
  await close(sb);
});
