// Tokens expire on sockets too: a socket may stay only while its token would still be
// accepted (exp plus the leeway, 0 s here); then it gets auth_error TOKEN_EXPIRED and is
// disconnected. reauthenticate {token} renews it in band, for the same user only.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startGateway, connect, connectAuthed, waitFor, join, emitAck, closeAll, close, makeUsers,
  createConversation, send, sleep, received, waitForArrival, WAIT_MS,
} from './support.mjs';

let server;
before(async () => {
  server = await startGateway({ args: ['--jwt-leeway', '0'] });
});
after(async () => {
  closeAll();
  await server?.stop();
});

const LIFETIME_S = 3;
/** A token for `who` that expires `seconds` from now. */
const shortToken = (who, seconds = LIFETIME_S) => server.token(who.id, {}, { expSeconds: seconds });
const expSecondsOf = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url')).exp;

test('a socket whose token expires gets auth_error TOKEN_EXPIRED and is disconnected, not before', async () => {
  const [a] = await makeUsers(server, 1, 'expiring');
  const token = shortToken(a);
  const socket = await connectAuthed(server, a, { token });
  const error = await waitFor(socket, 'auth_error', (LIFETIME_S + 3) * 1000);
  const at = Date.now();
  assert.deepEqual(error, { message: 'Token has expired', code: 'TOKEN_EXPIRED' });
  assert.ok(at >= expSecondsOf(token) * 1000 - 50, 'not before the token expired');
  assert.ok(at <= expSecondsOf(token) * 1000 + 2000, `${at - expSecondsOf(token) * 1000} ms after exp`);
  assert.equal(await waitFor(socket, 'disconnect'), 'io server disconnect');
  assert.equal(socket.active, false);
});

test('reauthenticate with a fresh token moves the expiry: {ok: true, expiresAt}; the socket stays and keeps its rooms', async () => {
  const [a, b] = await makeUsers(server, 2, 'renewing');
  const conversation = await createConversation(server, a, [b.id]);
  const socket = await connectAuthed(server, a, { token: shortToken(a) });
  await join(socket, conversation.id);
  const fresh = server.token(a.id, {}, { expSeconds: 3600 });
  const ack = await emitAck(socket, 'reauthenticate', { token: fresh });
  assert.deepEqual(ack, { ok: true, expiresAt: new Date(expSecondsOf(fresh) * 1000).toISOString() });
  await sleep((LIFETIME_S + 1) * 1000);
  assert.equal(socket.connected, true, 'still connected after the first token expired');
  const message = await send(server, b, conversation.id, 'still here?');
  assert.equal((await waitForArrival(socket, message.id)).event, 'new_message', 'still in the room');
  assert.equal(received(socket, 'auth_error').length, 0);
  await close(socket);
});

test('reauthenticate refuses another user\'s token, a bad one, an expired one and none, and the old expiry stands', async () => {
  const [a, b] = await makeUsers(server, 2, 'refusing');
  const socket = await connectAuthed(server, a, { token: shortToken(a, 4) });
  const refusals = [
    [{ token: server.token(b.id) }, 'FORBIDDEN', 'The token is for another user'],
    [{ token: 'not-a-jwt' }, 'UNAUTHORIZED'],
    [{ token: server.token(a.id, {}, { expSeconds: -10 }) }, 'UNAUTHORIZED', 'Token has expired'],
    [{ token: server.token(a.id, {}, { secret: 'another-secret-of-enough-length-here' }) }, 'UNAUTHORIZED'],
    [{}, 'BAD_REQUEST', 'token must be a non-empty string'],
    [{ token: 42 }, 'BAD_REQUEST'],
  ];
  for (const [payload, code, message] of refusals) {
    const ack = await emitAck(socket, 'reauthenticate', payload);
    assert.equal(ack.ok, false, JSON.stringify(payload));
    assert.equal(ack.code, code, JSON.stringify(ack));
    if (message) assert.equal(ack.error, message);
    assert.deepEqual(await waitFor(socket, 'error'), { message: ack.error, code });
  }
  assert.equal(socket.connected, true, 'a refused renewal costs nothing but the renewal');
  assert.equal((await waitFor(socket, 'auth_error', 8000)).code, 'TOKEN_EXPIRED');
  await waitFor(socket, 'disconnect');
});

test('a client with a token getter: auth callback on (re)connect, reauthenticate before expiry; it stays connected', async () => {
  const [a] = await makeUsers(server, 1, 'getter');
  let issued = 0;
  const getToken = async () => {
    issued += 1;
    return shortToken(a, 2);
  };
  const socket = connect(server, a, { auth: (cb) => getToken().then((token) => cb({ token })) });
  await waitFor(socket, 'authenticated');
  const renew = setInterval(async () => {
    const ack = await socket.timeout(WAIT_MS).emitWithAck('reauthenticate', { token: await getToken() });
    assert.equal(ack.ok, true);
  }, 700);
  try {
    await sleep(4500);
    assert.equal(socket.connected, true, 'renewed in band, well past the first token\'s expiry');
    assert.equal(received(socket, 'auth_error').length, 0);
    assert.ok(issued >= 5, `${issued} tokens issued`);
  } finally {
    clearInterval(renew);
  }
  // Once the client stops renewing, the last token runs out.
  assert.equal((await waitFor(socket, 'auth_error', 5000)).code, 'TOKEN_EXPIRED');
});

test('a token that expires millions of years from now keeps its socket, and renews it', async () => {
  const [a, b] = await makeUsers(server, 2, 'lasting');
  const conversation = await createConversation(server, a, [b.id]);
  // exp far past what a timer can count in nanoseconds: waited on as if it never ended.
  const lasting = (exp) => server.token(a.id, { exp });
  const socket = await connectAuthed(server, a, { token: lasting(1e14) });
  await join(socket, conversation.id);
  const ack = await emitAck(socket, 'reauthenticate', { token: lasting(1e300) });
  assert.equal(ack.ok, true, JSON.stringify(ack));
  await sleep(1000);
  assert.equal(socket.connected, true);
  const message = await send(server, b, conversation.id, 'still here?');
  assert.equal((await waitForArrival(socket, message.id)).event, 'new_message');
  assert.equal(received(socket, 'auth_error').length, 0);
  await close(socket);
});
