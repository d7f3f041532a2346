// Admission to /messaging: the token from `auth`, an Authorization header or a `token` query
// parameter; `authenticated` on success; on any failure the connection is accepted, gets
// `auth_error`, then a DISCONNECT, so that the client stops ("io server disconnect") instead
// of reconnecting in a loop. The server runs without auto-provisioning: users are created
// through the administrators' API, and a token for anyone else is refused.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startGateway, connect, connectAuthed, waitFor, eventNames, close, closeAll, admin, stats, uid,
  token, randomSecret, sleep, eventually, settled, within, assertKeys, RawClient, Poller, ISO_MS, WAIT_MS,
} from './support.mjs';

let server;
before(async () => {
  server = await startGateway({ autoProvision: false });
});
after(async () => {
  closeAll();
  await server?.stop();
});

/** A user created by an administrator, with a token. */
async function user(prefix, role = 'client') {
  const id = uid(prefix);
  await admin(server, 'PUT', `/admin/users/${id}`, { firstName: 'Ada', lastName: 'Byron', role }, 200);
  return { id, role, token: server.token(id) };
}

test('auth success: connect, then authenticated {userId, role, message, timestamp}', async () => {
  const therapist = await user('therapist', 'therapist');
  const before = Date.now();
  const socket = await connectAuthed(server, therapist);
  const data = socket.authenticated;
  assertKeys(data, ['userId', 'role', 'message', 'timestamp'], 'authenticated');
  assert.equal(data.userId, therapist.id);
  assert.equal(data.role, 'therapist');
  assert.equal(typeof data.message, 'string');
  assert.ok(data.message.length > 0);
  assert.match(data.timestamp, ISO_MS);
  const at = Date.parse(data.timestamp);
  assert.ok(at >= before - 1000 && at <= Date.now() + 1000, `timestamp ${data.timestamp} is now`);
  assert.deepEqual(socket.presence, { users: [] }, 'no conversations: nobody to know of');
  assert.deepEqual(eventNames(socket), ['connect', 'authenticated', 'presence_state']);
  assert.equal(socket.connected, true);
  await close(socket);
});

/**
 * Connects with `options` (reconnection on, with short delays, so that a reconnect would
 * show) and checks what the user sees: connect → auth_error → disconnect('io server
 * disconnect'), then nothing more: the socket is inactive and no new handshake happens.
 */
async function expectRefused(options) {
  const socket = connect(server, null, {
    reconnection: true, reconnectionDelay: 50, reconnectionDelayMax: 100, ...options,
  });
  const error = await waitFor(socket, 'auth_error');
  const reason = await waitFor(socket, 'disconnect');
  assert.deepEqual(eventNames(socket), ['connect', 'auth_error', 'disconnect']);
  assertKeys(error, ['message', 'code', 'reason'], 'auth_error');
  assert.equal(error.message, 'Authentication failed');
  assert.equal(error.code, 'AUTH_FAILED');
  assert.equal(typeof error.reason, 'string');
  assert.ok(error.reason.length > 0, 'auth_error says why');
  assert.equal(reason, 'io server disconnect');
  assert.equal(socket.active, false, 'the client does not retry');
  const handshakes = (await stats(server)).handshakes;
  await sleep(400);  // several reconnection delays
  assert.deepEqual(eventNames(socket), ['connect', 'auth_error', 'disconnect'], 'no reconnect');
  assert.equal(socket.connected, false);
  assert.equal((await stats(server)).handshakes, handshakes, 'no new Engine.IO session');
  return error;
}

test('auth failure, no token: connect → auth_error → io server disconnect, no reconnect', async () => {
  const error = await expectRefused({ token: null });
  assert.equal(error.reason, 'No token provided');
});

test('auth failure, malformed token: connect → auth_error → io server disconnect, no reconnect', async () => {
  await expectRefused({ token: 'not-a-jwt' });
});

test('auth failure, bad signature: connect → auth_error → io server disconnect, no reconnect', async () => {
  const victim = await user('victim');
  const forged = token(victim.id, {}, { secret: randomSecret() });
  const error = await expectRefused({ token: forged });
  assert.ok(!error.reason.includes(forged), 'the reason does not echo the token');
});

test('auth failure, expired token: connect → auth_error → io server disconnect, no reconnect', async () => {
  const late = await user('late');
  await expectRefused({ token: server.token(late.id, {}, { expSeconds: -3600 }) });
});

test('auth failure, unknown user without auto-provisioning: connect → auth_error → io server disconnect', async () => {
  await expectRefused({ token: server.token(uid('stranger'), { first_name: 'Who' }) });
});

test('auth failure, deleted user: connect → auth_error → io server disconnect', async () => {
  const gone = await user('gone');
  await admin(server, 'DELETE', `/admin/users/${gone.id}`, undefined, 204);
  await expectRefused({ token: gone.token });
});

test('auth failure over WebSocket only and over polling only: the same order, no reconnect', async () => {
  const late = await user('late');
  const expired = server.token(late.id, {}, { expSeconds: -3600 });
  await expectRefused({ token: expired, transports: ['websocket'] });
  await expectRefused({ token: expired, transports: ['polling'] });
  await expectRefused({ token: null, transports: ['websocket'] });
  await expectRefused({ token: null, transports: ['polling'] });
});

test('auth failure during the upgrade: connect, auth_error and DISCONNECT follow the client onto the WebSocket', async () => {
  // Where socket.io-client stands when the refusal lands mid-upgrade: its probe was answered,
  // it stopped polling, and it sends "5" on the WebSocket; nothing comes by polling anymore.
  const poller = new Poller(server);
  await poller.open();
  const probe = await RawClient.open(server, { sid: poller.sid });
  probe.send('2probe');
  await probe.next((f) => f === '3probe', '3probe');
  assert.equal((await poller.post(`40/messaging,${JSON.stringify({ token: 'not-a-jwt' })}`)).text, 'ok');
  probe.send('5');
  assert.match(await probe.next((f) => f.startsWith('40/messaging,'), 'the CONNECT answer'),
    /^40\/messaging,\{"sid":"[^"]+"\}$/);
  const [event, error] = JSON.parse(
    (await probe.next((f) => f.startsWith('42/messaging,'), 'auth_error')).slice('42/messaging,'.length));
  assert.equal(event, 'auth_error');
  assert.equal(error.message, 'Authentication failed');
  assert.equal(error.code, 'AUTH_FAILED');
  assert.equal(await probe.next((f) => f.startsWith('41'), 'the DISCONNECT'), '41/messaging,');
  const closed = await within(probe.closed, WAIT_MS, 'the close');
  assert.equal(closed.code, 1000, 'a clean close after the packets');
});

test('auth with an Authorization: Bearer header (extraHeaders), over polling and WebSocket', async () => {
  const node = await user('nodeclient');
  for (const transports of [['polling'], ['websocket'], ['polling', 'websocket']]) {
    const socket = await connectAuthed(server, null, {
      token: null, transports, extraHeaders: { Authorization: `Bearer ${node.token}` },
    });
    assert.equal(socket.authenticated.userId, node.id, `header token over ${transports}`);
    await close(socket);
  }
  // A bad header token is refused like any other.
  await expectRefused({ token: null, extraHeaders: { Authorization: 'Bearer nope.nope.nope' } });
});

test('auth with a token query parameter, over polling and WebSocket', async () => {
  const legacy = await user('legacy');
  for (const transports of [['polling'], ['websocket']]) {
    const socket = await connectAuthed(server, null, {
      token: null, transports, query: { token: legacy.token },
    });
    assert.equal(socket.authenticated.userId, legacy.id, `query token over ${transports}`);
    await close(socket);
  }
  await expectRefused({ token: null, query: { token: 'garbage' } });
});

test('a refused socket is not counted as an authenticated user; an admitted one is', async () => {
  const counted = await user('counted');
  await settled(server, 0);  // the sockets of earlier tests are gone
  assert.equal((await stats(server)).authenticatedUsers, 0);
  await expectRefused({ token: 'not-a-jwt' });
  assert.equal((await stats(server)).authenticatedUsers, 0);
  const socket = await connectAuthed(server, counted);
  assert.equal((await stats(server)).authenticatedUsers, 1);
  await close(socket);
  await eventually(async () => (await stats(server)).authenticatedUsers === 0,
    'authenticatedUsers to drop back');
});
