// The gateway's limits, seen from clients that break them: a client that never answers a ping
// (heartbeat timeout), an oversized packet (close 1009 on WebSocket, 413 on a polling POST),
// a slow consumer that never reads (disconnected when its backlog crosses the bound), and a
// connection that never joins a namespace. Each is counted in the statistics.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startGateway, connectAuthed, waitFor, join, closeAll, close, group, makeUsers, send,
  stats, gatewayMetrics, eventually, within, sleep, RawClient, Poller, received, eventNames,
  WAIT_MS,
} from './support.mjs';

const PING_INTERVAL_MS = 300;
const PING_TIMEOUT_MS = 200;
const MAX_PAYLOAD = 4096;
// 1 MiB: a client that reads keeps up with bursts of the largest messages (40 kB) easily;
// one that stops reading crosses it once the kernel's socket buffers are full.
const MAX_QUEUED = 1 << 20;
const CONNECT_TIMEOUT_MS = 1000;

let heartbeat;  // fast heartbeat
let patient;    // pings as often, but a pong may take its time: for clients that answer
let limited;    // small payload and queue bounds, short connect timeout
before(async () => {
  [heartbeat, patient, limited] = await Promise.all([
    startGateway({ args: ['--ping-interval', String(PING_INTERVAL_MS),
      '--ping-timeout', String(PING_TIMEOUT_MS)] }),
    startGateway({ args: ['--ping-interval', String(PING_INTERVAL_MS), '--ping-timeout', '1500'] }),
    // The slow consumers are fed faster than one user's allowance of messages allows.
    startGateway({ args: ['--socket-max-payload', String(MAX_PAYLOAD),
      '--socket-max-queued-bytes', String(MAX_QUEUED),
      '--socket-connect-timeout', String(CONNECT_TIMEOUT_MS), '--rate-messages', '0'] }),
  ]);
});
after(async () => {
  closeAll();
  await Promise.all([heartbeat?.stop(), patient?.stop(), limited?.stop()]);
});

test('heartbeat timeout: a raw client that never answers pings is closed after pingInterval + pingTimeout', async () => {
  const [a] = await makeUsers(heartbeat, 1, 'hb');
  const before = await stats(heartbeat);
  const started = Date.now();  // the session opens after this
  const raw = await RawClient.open(heartbeat);
  assert.equal(raw.handshake.pingInterval, PING_INTERVAL_MS);
  assert.equal(raw.handshake.pingTimeout, PING_TIMEOUT_MS);
  assert.equal((await raw.connect(a.token)).userId, a.id);
  assert.equal((await stats(heartbeat)).authenticatedUsers, before.authenticatedUsers + 1);

  await raw.next((f) => f === '2', 'a ping', PING_INTERVAL_MS + 2000);
  const closed = await within(raw.closed, PING_TIMEOUT_MS + 2000, 'the server to close');
  const after = closed.at - started;
  assert.ok(after >= PING_INTERVAL_MS + PING_TIMEOUT_MS,
    `closed ${after} ms after opening: not before pingInterval + pingTimeout`);
  assert.ok(after <= PING_INTERVAL_MS + PING_TIMEOUT_MS + 2000, `closed ${after} ms after opening`);
  assert.equal(raw.frames.filter((f) => f === '2').length, 0, 'one ping, unanswered, then the close');

  await eventually(async () => (await stats(heartbeat)).heartbeatTimeouts === before.heartbeatTimeouts + 1,
    'heartbeatTimeouts to count it');
  assert.equal((await gatewayMetrics(heartbeat)).confide_gateway_heartbeat_timeouts_total,
    before.heartbeatTimeouts + 1);
  await eventually(async () =>
    (await stats(heartbeat)).authenticatedUsers === before.authenticatedUsers, 'the user to go offline');
});

test('heartbeat: socket.io-client answers every ping, over WebSocket and over polling, and stays', async () => {
  const [a, b] = await makeUsers(patient, 2, 'hbok');
  const before = await stats(patient);
  const sockets = await Promise.all([
    connectAuthed(patient, a, { transports: ['websocket'] }),
    connectAuthed(patient, b, { transports: ['polling'] }),
  ]);
  const pings = sockets.map(() => 0);
  sockets.forEach((s, i) => s.io.engine.on('ping', () => { pings[i] += 1; }));
  // Longer than pingInterval + pingTimeout (1.8 s): a client that did not answer would be gone.
  await sleep(2500);
  for (const [i, socket] of sockets.entries()) {
    assert.ok(pings[i] >= 4, `${pings[i]} pings received`);
    assert.equal(socket.connected, true);
    assert.deepEqual(eventNames(socket), ['connect', 'authenticated', 'presence_state']);
  }
  assert.equal((await stats(patient)).heartbeatTimeouts, before.heartbeatTimeouts);
  for (const socket of sockets) await close(socket);
});

/** A text frame of exactly `bytes` bytes: an unknown event with padding, and its ack id. */
function frameOfSize(bytes, id) {
  const head = `42/messaging,${id}["pad","`;
  const tail = '"]';
  return head + 'x'.repeat(bytes - head.length - tail.length) + tail;
}

test('an oversized WebSocket message closes the connection with 1009; one of exactly maxPayload is served', async () => {
  const [a] = await makeUsers(limited, 1, 'big');
  const raw = await RawClient.open(limited);
  assert.equal(raw.handshake.maxPayload, MAX_PAYLOAD);
  await raw.connect(a.token);
  const fits = frameOfSize(MAX_PAYLOAD, 7);
  assert.equal(Buffer.byteLength(fits), MAX_PAYLOAD);
  raw.send(fits);
  const ack = await raw.next((f) => f.startsWith('43/messaging,7['), 'the ack of a packet at the limit');
  assert.deepEqual(JSON.parse(ack.slice('43/messaging,7'.length)), [{ ok: false, error: 'Unknown event: pad', code: 'BAD_REQUEST' }]);
  raw.send(frameOfSize(MAX_PAYLOAD + 1, 8));
  const closed = await within(raw.closed, WAIT_MS, 'the close');
  assert.equal(closed.code, 1009, 'close code 1009 (message too big)');
  assert.ok(!raw.frames.some((f) => f.startsWith('43/messaging,8')), 'the oversized packet was not served');
});

test('socket.io-client: an emit over maxPayload on WebSocket ends the connection (transport close)', async () => {
  const [a] = await makeUsers(limited, 1, 'bigclient');
  const socket = await connectAuthed(limited, a, { transports: ['websocket'] });
  socket.emit('typing_indicator', { conversationId: 'x'.repeat(MAX_PAYLOAD), isTyping: true });
  assert.equal(await waitFor(socket, 'disconnect'), 'transport close');
});

test('an oversized polling POST gets 413 and the session stays usable', async () => {
  const { users: [a, b], conversation } = await group(limited, 2, 'bigpoll');
  const poller = new Poller(limited);
  await poller.open();
  assert.equal((await poller.post(`40/messaging,${JSON.stringify({ token: a.token })}`)).text, 'ok');
  await poller.until((r) => r.startsWith('42/messaging,["authenticated"'), 'authenticated');
  const big = await poller.post(frameOfSize(MAX_PAYLOAD + 1, 1));
  assert.equal(big.status, 413);
  const joinPacket = `42/messaging,2${JSON.stringify(['join_conversation', { conversationId: conversation.id }])}`;
  assert.equal((await poller.post(joinPacket)).text, 'ok');
  const ack = await poller.until((r) => r.startsWith('43/messaging,2'), 'the ack after the 413');
  assert.deepEqual(JSON.parse(ack.slice('43/messaging,2'.length)), [{ ok: true, conversationId: conversation.id }]);
  assert.ok(!poller.records.some((r) => r.startsWith('43/messaging,1')), 'the oversized packet was not served');
  const message = await send(limited, b, conversation.id, 'still polling');
  const delivered = await poller.until((r) => r.startsWith('42/messaging,["new_message"'), 'new_message');
  assert.equal(JSON.parse(delivered.slice('42/messaging,'.length))[1].id, message.id);
});

test('a slow consumer that never reads (WebSocket) is disconnected; the others get every message', async () => {
  const { users: [a, b, c], conversation } = await group(limited, 3, 'slow');
  const good = await connectAuthed(limited, c);
  await join(good, conversation.id);
  const raw = await RawClient.open(limited);
  await raw.connect(b.token);
  assert.deepEqual(await raw.emitAck(0, 'join_conversation', { conversationId: conversation.id }),
    [{ ok: true, conversationId: conversation.id }]);
  const before = await stats(limited);
  raw.ws.pause();  // stop reading: the kernel buffers fill, then the server's queue

  // The longest message there is: 10,000 characters of 4 bytes each, a 40 kB frame.
  const content = '😀'.repeat(10_000);
  let sent = 0;
  let now = before;
  while (now.slowConsumerDisconnects === before.slowConsumerDisconnects && sent < 1000) {
    await Promise.all([0, 1, 2, 3].map(() => send(limited, a, conversation.id, content)));
    sent += 4;
    if (sent % 20 === 0) now = await stats(limited);
  }
  now = await stats(limited);
  assert.equal(now.slowConsumerDisconnects, before.slowConsumerDisconnects + 1,
    `slowConsumerDisconnects after ${sent} messages of 40 kB`);
  assert.equal((await gatewayMetrics(limited)).confide_gateway_slow_consumer_disconnects_total,
    now.slowConsumerDisconnects);
  const offline = await waitFor(good, 'user_status_changed', WAIT_MS,
    (p) => p.userId === b.id && p.status === 'offline');
  assert.equal(offline.status, 'offline');
  // The well-behaved client got every message, in order.
  await eventually(() => received(good, 'new_message').length === sent, `all ${sent} messages`);
  assert.equal(good.connected, true);
  // Once it reads again, the slow one finds its connection closed.
  raw.ws.resume();
  await within(raw.closed, WAIT_MS, 'the slow consumer to see its connection closed');
  await close(good);
});

test('a polling client that stops polling is disconnected as a slow consumer; its next poll is refused', async () => {
  const { users: [a, b], conversation } = await group(limited, 2, 'slowpoll');
  const poller = new Poller(limited);
  await poller.open();
  await poller.post(`40/messaging,${JSON.stringify({ token: b.token })}`);
  await poller.until((r) => r.startsWith('42/messaging,["authenticated"'), 'authenticated');
  await poller.post(`42/messaging,0${JSON.stringify(['join_conversation', { conversationId: conversation.id }])}`);
  await poller.until((r) => r.startsWith('43/messaging,0'), 'the join ack');
  const before = await stats(limited);
  // No poll is pending now. Messages of 40 kB pile up past the 1 MiB bound.
  const content = '😀'.repeat(10_000);
  for (let i = 0; i < 30; i += 1) await send(limited, a, conversation.id, content);
  const now = await stats(limited);
  assert.equal(now.slowConsumerDisconnects, before.slowConsumerDisconnects + 1);
  const refused = await poller.get();
  assert.equal(refused.status, 400);
  assert.deepEqual(refused.body, { code: 1, message: 'Session ID unknown' });
});

test('a connection that joins no namespace is closed after --socket-connect-timeout', async () => {
  const raw = await RawClient.open(limited);
  const closed = await within(raw.closed, CONNECT_TIMEOUT_MS + 2000, 'the connect timeout');
  const after = closed.at - raw.openedAt;
  assert.ok(after >= CONNECT_TIMEOUT_MS - 100, `closed after ${after} ms`);
  assert.ok(!raw.frames.some((f) => f.startsWith('4')), 'nothing but the open packet was sent');
});
