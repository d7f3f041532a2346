// Reconnecting: when the transport dies, socket.io-client reconnects by itself; the new socket
// is authenticated again (with the same token, or a fresh one from an auth callback) and has
// to rejoin its rooms. A disconnect the client asked for is final.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startGateway, connect, connectAuthed, waitFor, join, emitAck, closeAll, close, makeUsers,
  createConversation, send, stats, eventually, settled, assertNone, eventNames, sleep, activityOf,
  WAIT_MS,
} from './support.mjs';

let server;
before(async () => {
  server = await startGateway();
});
after(async () => {
  closeAll();
  await server?.stop();
});

const RECONNECT = { reconnection: true, reconnectionDelay: 100, reconnectionDelayMax: 200 };

/**
 * Kills `socket`'s transport with `kill`, then checks the reconnection: disconnect with
 * `reason`, a new connect and authenticated, a new socket id, no rooms until rejoined.
 */
async function killAndReconnect(kill, reason, transports) {
  const [a, b] = await makeUsers(server, 2, 'reco');
  const conversation = await createConversation(server, a, [b.id]);
  const peer = await connectAuthed(server, b, { transports: ['websocket'] });
  await join(peer, conversation.id);
  const socket = await connectAuthed(server, a, { ...RECONNECT, transports });
  if (!transports) {
    await eventually(() => socket.io.engine.transport.name === 'websocket', 'the upgrade');
  }
  await join(socket, conversation.id);
  const firstId = socket.id;
  const handshakes = (await stats(server)).handshakes;

  kill(socket);
  assert.equal(await waitFor(socket, 'disconnect'), reason);
  assert.equal(socket.active, true, 'the client will reconnect');
  await waitFor(socket, 'connect');
  const again = await waitFor(socket, 'authenticated');
  assert.equal(again.userId, a.id);
  assert.notEqual(socket.id, firstId, 'a new socket');
  // Each admission starts the client's presence afresh: b, its peer, is online.
  const presence = await waitFor(socket, 'presence_state');
  assert.deepEqual(presence, { users: [{ userId: b.id, status: 'online', lastSeenAt: null }] });
  assert.deepEqual(eventNames(socket).filter((e) => e !== 'conversation_joined'),
    ['connect', 'authenticated', 'presence_state', 'disconnect', 'connect', 'authenticated',
      'presence_state']);
  assert.equal((await stats(server)).handshakes, handshakes + 1, 'one new Engine.IO session');

  // The personal room is back at once (conversation_activity); the conversation's room needs
  // a rejoin.
  await emitAck(peer, 'typing_indicator', { conversationId: conversation.id, isTyping: true });
  const message = await send(server, b, conversation.id, 'while you were away');
  assert.deepEqual(await waitFor(socket, 'conversation_activity'), activityOf(message));
  assertNone(socket, 'typing_indicator', undefined, 'not in the room before rejoining');
  await join(socket, conversation.id);
  await emitAck(peer, 'typing_indicator', { conversationId: conversation.id, isTyping: false });
  assert.deepEqual(await waitFor(socket, 'typing_indicator'),
    { conversationId: conversation.id, userId: b.id, isTyping: false });
  await close(socket);
  await close(peer);
}

test('reconnect after socket.io.engine.close(): reconnects, re-authenticates, rejoins (default transports)', async () => {
  await killAndReconnect((s) => s.io.engine.close(), 'forced close');
});

test('reconnect after the WebSocket dies under the client: reconnects, re-authenticates, rejoins', async () => {
  await killAndReconnect((s) => s.io.engine.transport.ws.terminate(), 'transport close', ['websocket']);
});

test('reconnect over polling only after the engine is closed', async () => {
  await killAndReconnect((s) => s.io.engine.close(), 'forced close', ['polling']);
});

test('reconnect takes a fresh token from an auth callback', async () => {
  const [a] = await makeUsers(server, 1, 'refresh');
  const tokens = [a.token, server.token(a.id, { first_name: 'Fresh' })];
  let calls = 0;
  const socket = connect(server, a, {
    ...RECONNECT,
    auth: (cb) => cb({ token: tokens[Math.min(calls++, 1)] }),
  });
  await waitFor(socket, 'authenticated');
  socket.io.engine.close();
  await waitFor(socket, 'disconnect');
  assert.equal((await waitFor(socket, 'authenticated')).userId, a.id);
  assert.equal(calls, 2, 'the callback ran for each connection');
  await close(socket);
});

test('a client-side disconnect is final: io client disconnect, inactive, gone from the statistics', async () => {
  const [a] = await makeUsers(server, 1, 'bye');
  await settled(server, 0);
  const socket = await connectAuthed(server, a, RECONNECT);
  assert.equal((await stats(server)).sockets, 1);
  socket.disconnect();
  assert.equal(await waitFor(socket, 'disconnect'), 'io client disconnect');
  assert.equal(socket.active, false);
  await sleep(400);
  assert.deepEqual(eventNames(socket), ['connect', 'authenticated', 'presence_state', 'disconnect']);
  await settled(server, 0);
});
