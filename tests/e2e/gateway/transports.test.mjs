// The three ways socket.io-client@4 reaches the gateway: the default (long-polling first, then
// the upgrade to WebSocket), WebSocket only, and long-polling only. Each is authenticated,
// joins a room, sends and receives events, and is counted by its transport in the statistics.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startGateway, connect, connectAuthed, waitFor, join, emitAck, closeAll, close,
  stats, eventually, makeUsers, createConversation, send, group, api, expectStatus, sleep,
  RawClient, assertNone, received, settled, WAIT_MS,
} from './support.mjs';

let server;
before(async () => {
  server = await startGateway();
});
after(async () => {
  closeAll();
  await server?.stop();
});

/** Notes the transport the Engine.IO session opened on, and the one it upgraded to. */
function watchTransport(socket) {
  socket.io.on('open', () => {
    const engine = socket.io.engine;
    socket.openedOn = engine.transport.name;
    engine.on('upgrade', (transport) => {
      socket.upgradedTo = transport.name;
    });
  });
}

/** A DIRECT conversation between two new users, and a socket (WebSocket) for the second. */
async function pair() {
  const [a, b] = await makeUsers(server, 2, 'tp');
  const conversation = await createConversation(server, a, [b.id]);
  const peer = await connectAuthed(server, b, { transports: ['websocket'] });
  await join(peer, conversation.id);
  await settled(server, 1);  // the peer alone: the sockets of earlier tests are gone
  return { a, b, conversation, peer };
}

/** `socket` (user a) and `peer` (user b) exchange a message and a typing indicator. */
async function exchange(socket, a, peer, b, conversation) {
  const message = await send(server, b, conversation.id, 'hello over the wire');
  assert.deepEqual(await waitFor(socket, 'new_message', WAIT_MS, (m) => m.id === message.id), message);
  assert.deepEqual(await emitAck(socket, 'typing_indicator',
    { conversationId: conversation.id, isTyping: true }), { ok: true });
  assert.deepEqual(await waitFor(peer, 'typing_indicator'),
    { conversationId: conversation.id, userId: a.id, isTyping: true });
}

test('default transports: opens on polling, upgrades to WebSocket, events flow after the upgrade', async () => {
  const { a, b, conversation, peer } = await pair();
  const before = await stats(server);
  const socket = connect(server, a);
  watchTransport(socket);
  assert.equal((await waitFor(socket, 'authenticated')).userId, a.id);
  assert.equal(socket.openedOn, 'polling');
  await eventually(() => socket.io.engine.transport.name === 'websocket', 'the upgrade');
  assert.equal(socket.upgradedTo, 'websocket');
  // The client switches as it sends "5"; the server counts the upgrade when it reads it.
  const after = await eventually(async () => {
    const s = await stats(server);
    return s.upgrades > before.upgrades && s;
  }, 'the server to count the upgrade');
  assert.equal(after.upgrades, before.upgrades + 1, 'one upgrade counted');
  assert.equal(after.handshakes, before.handshakes + 1);
  assert.equal(after.connections.websocket, before.connections.websocket + 1);
  assert.equal(after.connections.polling, before.connections.polling);
  await join(socket, conversation.id);
  await exchange(socket, a, peer, b, conversation);
  assert.equal(socket.io.engine.transport.name, 'websocket');
  await close(socket);
  await close(peer);
});

test('WebSocket only: opens on WebSocket, never polls, no upgrade', async () => {
  const { a, b, conversation, peer } = await pair();
  const before = await stats(server);
  const socket = connect(server, a, { transports: ['websocket'] });
  watchTransport(socket);
  await waitFor(socket, 'authenticated');
  assert.equal(socket.openedOn, 'websocket');
  assert.equal(socket.upgradedTo, undefined);
  const after = await stats(server);
  assert.equal(after.upgrades, before.upgrades);
  assert.equal(after.connections.websocket, before.connections.websocket + 1);
  assert.equal(after.connections.polling, before.connections.polling);
  await join(socket, conversation.id);
  await exchange(socket, a, peer, b, conversation);
  assert.equal(socket.io.engine.transport.name, 'websocket');
  await close(socket);
  await close(peer);
});

test('polling only: stays on polling, events and acks flow, a burst arrives whole and in order', async () => {
  const { a, b, conversation, peer } = await pair();
  const before = await stats(server);
  const socket = connect(server, a, { transports: ['polling'] });
  watchTransport(socket);
  await waitFor(socket, 'authenticated');
  assert.equal(socket.openedOn, 'polling');
  let after = await stats(server);
  assert.equal(after.connections.polling, before.connections.polling + 1);
  assert.equal(after.connections.websocket, before.connections.websocket);
  await join(socket, conversation.id);
  await exchange(socket, a, peer, b, conversation);
  const sent = [];
  for (let i = 0; i < 20; i += 1) sent.push(await send(server, b, conversation.id, `burst ${i}`));
  await eventually(() => received(socket, 'new_message').length >= 21, 'the burst');
  assert.deepEqual(received(socket, 'new_message').slice(1).map((m) => m.id), sent.map((m) => m.id));
  await sleep(300);
  assert.equal(socket.io.engine.transport.name, 'polling');
  assert.equal(socket.upgradedTo, undefined);
  after = await stats(server);
  assert.equal(after.upgrades, before.upgrades);
  await close(socket);
  await close(peer);
});

test('three clients on three transport modes share a GROUP conversation', async () => {
  const { users: [a, b, c], conversation } = await group(server, 3, 'mixed');
  const [sa, sb, sc] = await Promise.all([
    connectAuthed(server, a),
    connectAuthed(server, b, { transports: ['websocket'] }),
    connectAuthed(server, c, { transports: ['polling'] }),
  ]);
  for (const s of [sa, sb, sc]) await join(s, conversation.id);
  const message = await send(server, c, conversation.id, 'to everyone');
  for (const s of [sa, sb, sc]) {
    assert.deepEqual(await waitFor(s, 'new_message', WAIT_MS, (m) => m.id === message.id), message);
  }
  await emitAck(sc, 'typing_indicator', { conversationId: conversation.id, isTyping: true });
  for (const s of [sa, sb]) {
    assert.deepEqual(await waitFor(s, 'typing_indicator'),
      { conversationId: conversation.id, userId: c.id, isTyping: true });
  }
  // A sentinel after the typing: the typist's own socket got none.
  const later = await send(server, a, conversation.id, 'sentinel');
  await waitFor(sc, 'new_message', WAIT_MS, (m) => m.id === later.id);
  assertNone(sc, 'typing_indicator');
  for (const s of [sa, sb, sc]) await close(s);
});

test('the open packet: exactly sid, upgrades, pingInterval, pingTimeout, maxPayload', async () => {
  const res = await api(server, 'GET', '/socket.io/?EIO=4&transport=polling');
  expectStatus(res, 200);
  assert.ok(res.text.startsWith('0'), res.text);
  const polling = JSON.parse(res.text.slice(1));
  assert.deepEqual(Object.keys(polling),
    ['sid', 'upgrades', 'pingInterval', 'pingTimeout', 'maxPayload']);
  assert.deepEqual(polling.upgrades, ['websocket']);
  assert.equal(polling.pingInterval, 25000);
  assert.equal(polling.pingTimeout, 20000);
  assert.equal(polling.maxPayload, 1000000);
  const raw = await RawClient.open(server);
  assert.deepEqual(Object.keys(raw.handshake),
    ['sid', 'upgrades', 'pingInterval', 'pingTimeout', 'maxPayload']);
  assert.deepEqual(raw.handshake.upgrades, [], 'a WebSocket-only session offers no upgrade');
  raw.terminate();
});

test('a live polling session answers another method than GET or POST with the protocol\'s 400', async () => {
  const open = await api(server, 'GET', '/socket.io/?EIO=4&transport=polling');
  expectStatus(open, 200);
  const { sid } = JSON.parse(open.text.slice(1));
  const target = `/socket.io/?EIO=4&transport=polling&sid=${encodeURIComponent(sid)}`;
  for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
    const res = await api(server, method, target, method === 'PUT' || method === 'PATCH'
      ? { rawBody: '4hello', headers: { 'content-type': 'text/plain;charset=UTF-8' } } : {});
    assert.equal(res.status, 400, `${method}: ${res.status} ${res.text}`);
    assert.deepEqual(res.body, { code: 3, message: 'Bad request' }, method);
  }
  // The session is unharmed: it still polls (its pending packets, or a ping later).
  const post = await api(server, 'POST', target,
    { rawBody: '40/messaging,', headers: { 'content-type': 'text/plain;charset=UTF-8' } });
  expectStatus(post, 200);
});

test('with CORS on, a preflight on a polling session is still answered as a preflight', async () => {
  const origin = 'http://app.example';
  const cors = await startGateway({ args: ['--cors-origins', origin] });
  try {
    const open = await api(cors, 'GET', '/socket.io/?EIO=4&transport=polling');
    const { sid } = JSON.parse(open.text.slice(1));
    const target = `/socket.io/?EIO=4&transport=polling&sid=${encodeURIComponent(sid)}`;
    const preflight = await api(cors, 'OPTIONS', target, {
      headers: { origin, 'access-control-request-method': 'POST' },
    });
    assert.ok(preflight.status === 204 || preflight.status === 200, `${preflight.status} ${preflight.text}`);
    assert.equal(preflight.headers.get('access-control-allow-origin'), origin);
    const plain = await api(cors, 'OPTIONS', target, { headers: { origin } });
    assert.equal(plain.status, 400, plain.text);
    assert.deepEqual(plain.body, { code: 3, message: 'Bad request' });
    assert.equal(plain.headers.get('access-control-allow-origin'), origin);
  } finally {
    await cors.stop();
  }
});
