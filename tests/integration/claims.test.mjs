// A token's claims are input like any other: its `sub` must be a valid user id (the admin
// API's rule), for REST and the real-time gateway alike, and the names it carries are
// cleaned before they are stored.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, expectStatus, expectError, adminHeaders, uid,
} from './harness.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

const BAD_SUBS = {
  '5,000 characters': 'u'.repeat(5000),
  'a newline': 'user_line\nsecond',
  'a space': 'user name',
  'a NUL': 'user\u0000nul',
  'a C1 control': 'user\u0085',
};
const INVALID_SUB = 'Invalid token: sub is not a valid user id';

async function profile(id) {
  return api(server, 'GET', `/admin/users/${encodeURIComponent(id)}`, { headers: adminHeaders(server) });
}

test('REST: a token whose sub is not a valid user id gets 401 and creates no user', async () => {
  for (const [what, sub] of Object.entries(BAD_SUBS)) {
    const tok = server.token(sub, { first_name: 'Bad', last_name: 'Sub' });
    for (const [method, path] of [['GET', '/messaging/conversations'], ['GET', '/api/messaging/block'],
      ['POST', '/messaging/conversations']]) {
      const res = await api(server, method, path, { token: tok, rawBody: method === 'POST' ? '' : undefined });
      expectError(res, 401, { contains: INVALID_SUB });
      assert.equal(res.body.message, INVALID_SUB, what);
    }
    expectError(await profile(sub), 404);
  }
  // An administrator's route takes it no better.
  const res = await api(server, 'GET', '/admin/users/anyone', { token: server.token(BAD_SUBS['a newline'], { role: 'admin' }) });
  expectError(res, 401, { contains: INVALID_SUB });
});

test('REST: names from the token are stored without control, NUL or bidi characters, cut to 100 characters', async () => {
  const id = uid('dirty');
  const firstName = `Mal\u202Elory\u0000\nX${'y'.repeat(400)}`;
  const lastName = `\u2066Ok\u2069\t\u0007`;
  const tok = server.token(id, { first_name: firstName, last_name: lastName });
  expectStatus(await api(server, 'GET', '/messaging/conversations', { token: tok }), 200);
  const stored = expectStatus(await profile(id), 200);
  assert.equal(stored.firstName, `MalloryX${'y'.repeat(92)}`);
  assert.equal([...stored.firstName].length, 100);
  assert.equal(stored.lastName, 'Ok');
  // Multi-byte characters are cut whole: 150 hearts become 100.
  const hearts = server.token(id, { first_name: '♥'.repeat(150), last_name: 'Ok' });
  expectStatus(await api(server, 'GET', '/messaging/conversations', { token: hearts }), 200);
  assert.equal(expectStatus(await profile(id), 200).firstName, '♥'.repeat(100));
  // What the admin API refuses outright, a token cannot bring in either.
  expectError(await api(server, 'PUT', `/admin/users/${id}`,
    { headers: adminHeaders(server), body: { firstName: 'a\u0000b', lastName: 'Ok' } }), 400);
});

// The gateway, spoken to with Engine.IO long-polling (no client library needed).
async function gatewayAuthError(tok) {
  const base = '/socket.io/?EIO=4&transport=polling';
  const open = await api(server, 'GET', base);
  expectStatus(open, 200);
  const { sid } = JSON.parse(open.text.slice(1));
  const connect = await api(server, 'POST', `${base}&sid=${sid}`,
    { rawBody: `40/messaging,${JSON.stringify({ token: tok })}`, headers: { 'content-type': 'text/plain' } });
  expectStatus(connect, 200);
  let packets = '';
  for (let i = 0; i < 5 && !packets.includes('auth_error'); i += 1) {
    const poll = await api(server, 'GET', `${base}&sid=${sid}`);
    if (poll.status !== 200) break;
    packets += poll.text + '\x1e';
  }
  const event = packets.split('\x1e').find((p) => p.includes('auth_error'));
  assert.ok(event, `an auth_error event: ${packets}`);
  return JSON.parse(event.slice(event.indexOf('[')))[1];
}

test('Socket.IO: a token whose sub is not a valid user id is refused at the handshake, creating no user', async () => {
  const sub = BAD_SUBS['a newline'];
  const error = await gatewayAuthError(server.token(sub));
  assert.equal(error.code, 'AUTH_FAILED');
  assert.equal(error.reason, INVALID_SUB);
  expectError(await profile(sub), 404);
});
