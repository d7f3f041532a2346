import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  startServer, api, expectStatus, expectError, makeUser, makeUsers, createConversation, send,
  listMessages, getConversation, token, signJwt, rsaKey, randomSecret, uid, adminHeaders,
  startHttpServer, svixHeaders, assertKeys, PROFILE_KEYS, ISO_MS, participant, tempDir,
  newWebhookSecret,
} from './harness.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

const json = (res) => res.body;

// ---------------------------------------------------------------------------------------
// Request bodies and routing

test('malformed JSON: 400 with the NestJS body', async () => {
  const a = await makeUser(server, 'badjson');
  for (const raw of ['{"participantIds": [', '{participantIds: []}', "{'a':1}", '{"a":1,}', 'nope', '{"a":1}x']) {
    const res = await api(server, 'POST', '/messaging/conversations', { token: a.token, rawBody: raw });
    expectError(res, 400);
    assert.equal(res.body.error, 'Bad Request');
    assert.match(res.headers.get('content-type'), /^application\/json/);
  }
});

test('a body that is not an object: 400', async () => {
  const a = await makeUser(server, 'nonobj');
  for (const raw of ['[]', '[{"participantIds":[]}]', '"text"', '42', 'true', 'null']) {
    expectError(await api(server, 'POST', '/messaging/conversations', { token: a.token, rawBody: raw }), 400);
  }
});

test('an empty body counts as {}', async () => {
  const [a, b] = await makeUsers(server, 2, 'emptybody');
  const res = await api(server, 'POST', '/messaging/conversations', { token: a.token, rawBody: '' });
  expectError(res, 400, { array: true, contains: 'participantIds' });
  const conv = await createConversation(server, a, [b.id]);
  const m = await send(server, b, conv.id, 'x');
  expectStatus(await api(server, 'POST', `/messaging/messages/${m.id}/read`, { token: a.token, rawBody: '' }), 200);
  expectStatus(await api(server, 'POST', `/messaging/conversations/${conv.id}/read`, { token: a.token, rawBody: '{}' }), 200);
});

test('unknown properties are refused by name', async () => {
  const [a, b] = await makeUsers(server, 2, 'unknownprop');
  let res = await api(server, 'POST', '/messaging/conversations', {
    token: a.token, body: { participantIds: [b.id], foo: 1, bar: null },
  });
  const msg = expectError(res, 400, { array: true, contains: 'property foo should not exist' });
  assert.ok(msg.includes('property foo should not exist'), JSON.stringify(msg));
  const conv = await createConversation(server, a, [b.id]);
  res = await api(server, 'POST', `/messaging/conversations/${conv.id}/messages`, {
    token: a.token, body: { content: 'hi', senderId: b.id },
  });
  expectError(res, 400, { array: true, contains: 'property senderId should not exist' });
  assert.deepEqual(await listMessages(server, a, conv.id), []);
  res = await api(server, 'POST', `/messaging/conversations/${conv.id}/messages`, {
    token: a.token, body: { content: 'hi', isDeleted: true, id: 'msg_x' },
  });
  expectError(res, 400, { array: true, contains: ['property isDeleted should not exist', 'property id should not exist'] });
});

test('wrong types: 400 naming the field; every problem listed', async () => {
  const [a, b] = await makeUsers(server, 2, 'types');
  const conv = await createConversation(server, a, [b.id]);
  const post = (p, body) => api(server, 'POST', p, { token: a.token, body });
  expectError(await post('/messaging/conversations', { participantIds: b.id }), 400, { array: true, contains: 'participantIds' });
  expectError(await post('/messaging/conversations', { participantIds: [1, 2] }), 400, { contains: 'participantIds' });
  expectError(await post('/messaging/conversations', { participantIds: { 0: b.id } }), 400, { contains: 'participantIds' });
  expectError(await post('/messaging/conversations', { participantIds: [b.id], title: 5 }), 400, { contains: 'title' });
  expectError(await post('/messaging/conversations', { participantIds: [b.id], type: 'CHAT' }), 400,
    { contains: ['type', 'DIRECT', 'GROUP', 'SUPPORT', 'THERAPY'] });
  expectError(await post('/messaging/conversations', { participantIds: [b.id], type: 'direct' }), 400);
  expectError(await post(`/messaging/conversations/${conv.id}/messages`, { content: 5 }), 400, { contains: 'content' });
  expectError(await post(`/messaging/conversations/${conv.id}/messages`, { content: ['a'] }), 400, { contains: 'content' });
  expectError(await post(`/messaging/conversations/${conv.id}/messages`, { content: 'x', messageType: 'GIF' }), 400,
    { contains: ['messageType', 'TEXT', 'IMAGE', 'FILE', 'AUDIO', 'VIDEO', 'SYSTEM'] });
  const res = await post('/messaging/conversations', { participantIds: 'x', type: 'CHAT', foo: 1 });
  const msg = expectError(res, 400, { array: true, contains: ['participantIds', 'type', 'property foo should not exist'] });
  assert.ok(msg.length >= 3, `every problem listed: ${JSON.stringify(msg)}`);
  expectError(await post('/messaging/block', { userId: 7 }), 400, { contains: 'userId' });
  expectError(await post(`/messaging/conversations/${conv.id}/messages`, { content: 'x', attachmentSize: '5' }), 400);
});

test('a body over 1 MiB: 413', async () => {
  const [a, b] = await makeUsers(server, 2, 'big');
  const conv = await createConversation(server, a, [b.id]);
  const big = JSON.stringify({ content: 'x'.repeat(1024 * 1024 + 10) });
  let res;
  try {
    res = await api(server, 'POST', `/messaging/conversations/${conv.id}/messages`, { token: a.token, rawBody: big });
  } catch (e) {
    assert.fail(`the client got no answer to an oversized body (${e.cause?.code ?? e.message}); expected 413`);
  }
  expectError(res, 413);
  // Just under the limit is read (and refused for its content length, not its size).
  const justUnder = JSON.stringify({ content: 'x'.repeat(1024 * 1024 - 100) });
  expectError(await api(server, 'POST', `/messaging/conversations/${conv.id}/messages`,
    { token: a.token, rawBody: justUnder }), 400, { contains: 'content' });
  // The server is still fine.
  await send(server, a, conv.id, 'still alive');
});

test('--max-body-bytes 1000 refuses a 2000-byte body', async () => {
  const small = await startServer({ args: ['--max-body-bytes', '1000'] });
  try {
    const [a, b] = await makeUsers(small, 2, 'small');
    const conv = await createConversation(small, a, [b.id]);
    const p = `/messaging/conversations/${conv.id}/messages`;
    const body2000 = JSON.stringify({ content: 'y'.repeat(2000 - 14) });
    assert.equal(Buffer.byteLength(body2000), 2000);
    let res;
    try {
      res = await api(small, 'POST', p, { token: a.token, rawBody: body2000 });
    } catch (e) {
      assert.fail(`no answer to the oversized body (${e.cause?.code ?? e.message}); expected 413`);
    }
    expectError(res, 413);
    const body900 = JSON.stringify({ content: 'y'.repeat(900 - 14) });
    expectStatus(await api(small, 'POST', p, { token: a.token, rawBody: body900 }), 201);
    assert.equal((await listMessages(small, a, conv.id)).length, 1);
  } finally {
    await small.stop();
  }
});

test('unknown route: 404 "Cannot GET /nope"', async () => {
  const a = await makeUser(server, 'noroute');
  let res = await api(server, 'GET', '/nope');
  expectStatus(res, 404);
  assert.deepEqual(res.body, { statusCode: 404, message: 'Cannot GET /nope', error: 'Not Found' });
  res = await api(server, 'POST', '/messaging/nope', { token: a.token, body: {} });
  assert.deepEqual(expectStatus(res, 404), { statusCode: 404, message: 'Cannot POST /messaging/nope', error: 'Not Found' });
  res = await api(server, 'GET', '/messaging/conversations/x/y/z', { token: a.token });
  expectError(res, 404);
  res = await api(server, 'GET', '/messagingconversations', { token: a.token });
  expectError(res, 404);
});

test('a known path with another method: 405 with an Allow header', async () => {
  const a = await makeUser(server, 'method');
  const cases = [
    ['PATCH', '/messaging/conversations', ['GET', 'POST']],
    ['DELETE', '/messaging/conversations', ['GET', 'POST']],
    ['PUT', '/messaging/conversations/conv_x', ['GET']],
    ['GET', '/messaging/messages/msg_x', ['PUT', 'DELETE']],
    ['GET', '/messaging/messages/msg_x/read', ['POST']],
    ['PUT', '/api/messaging/block', ['GET', 'POST']],
    ['DELETE', '/health', ['GET']],
    ['POST', '/metrics', ['GET']],
    ['GET', '/webhooks/clerk', ['POST']],
  ];
  for (const [method, p, allowed] of cases) {
    const res = await api(server, method, p, { token: a.token });
    expectError(res, 405);
    const allow = (res.headers.get('allow') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    for (const m of allowed) assert.ok(allow.includes(m), `${method} ${p}: Allow "${res.headers.get('allow')}" lists ${m}`);
    assert.ok(!allow.includes(method), `${method} ${p}: Allow does not list ${method}`);
  }
});

// ---------------------------------------------------------------------------------------
// The authorization matrix

async function fixtures(srv) {
  const [a, b, outsider] = await makeUsers(srv, 3, 'matrix');
  const c = await makeUser(srv, 'matrixc');
  const conv = await createConversation(srv, a, [b.id, c.id], { title: 'matrix' });
  const mA = await send(srv, a, conv.id, 'by a');
  const mB = await send(srv, b, conv.id, 'by b');
  expectStatus(await api(srv, 'POST', `/messaging/messages/${mA.id}/reactions`, { token: b.token, body: { emoji: '👍' } }), 201);
  return { a, b, c, outsider, conv, mA, mB };
}

/** Every route of docs/api.md: [method, path (after the prefix), body]. */
function routes(f) {
  return [
    ['POST', '/conversations', { participantIds: [f.b.id] }],
    ['GET', '/conversations'],
    ['GET', '/conversations?page=1&limit=5'],
    ['GET', `/conversations/${f.conv.id}`],
    ['POST', `/conversations/${f.conv.id}/participants`, { participantIds: [f.outsider.id] }],
    ['DELETE', `/conversations/${f.conv.id}/participants/${f.c.id}`],
    ['POST', `/conversations/${f.conv.id}/read`],
    ['GET', `/conversations/${f.conv.id}/messages`],
    ['POST', `/conversations/${f.conv.id}/messages`, { content: 'x' }],
    ['PUT', `/messages/${f.mA.id}`, { content: 'edited' }],
    ['DELETE', `/messages/${f.mA.id}`],
    ['POST', `/messages/${f.mA.id}/read`],
    ['POST', `/messages/${f.mA.id}/reactions`, { emoji: '🎉' }],
    ['DELETE', `/messages/${f.mA.id}/reactions/${encodeURIComponent('👍')}`],
    ['POST', '/block', { userId: f.outsider.id }],
    ['GET', '/block'],
    ['DELETE', `/block/${f.outsider.id}`],
    ['GET', '/search?query=by'],
    ['GET', `/search?query=by&conversationId=${f.conv.id}`],
  ];
}

function badAuthorizations(srv) {
  const other = randomSecret();
  const now = Math.floor(Date.now() / 1000);
  const sub = 'matrix_intruder';
  const valid = srv.token(sub);
  const [h, p] = valid.split('.');
  return {
    'no Authorization header': undefined,
    'empty bearer': 'Bearer ',
    'Basic scheme': `Basic ${Buffer.from('user:pass').toString('base64')}`,
    'token without scheme': valid,
    'malformed token': 'Bearer abc',
    'three garbage parts': 'Bearer a.b.c',
    'two parts': `Bearer ${h}.${p}`,
    'expired token': `Bearer ${srv.token(sub, {}, { expSeconds: -120 })}`,
    'not yet valid (nbf)': `Bearer ${srv.token(sub, {}, { nbfSeconds: 600 })}`,
    'other secret': `Bearer ${token(sub, {}, { secret: other })}`,
    'alg none': `Bearer ${token(sub, {}, { alg: 'none' })}`,
    'alg none with a valid signature': `Bearer ${signJwt({ alg: 'none', typ: 'JWT' }, { sub, exp: now + 3600 })}${valid.split('.')[2]}`,
    'alg HS512 label': `Bearer ${signJwt({ alg: 'HS256', typ: 'JWT' }, { sub, exp: now + 3600 }, { secret: srv.jwtSecret }).replace(/^[^.]+/, Buffer.from(JSON.stringify({ alg: 'HS512', typ: 'JWT' })).toString('base64url'))}`,
    'tampered payload': `Bearer ${h}.${Buffer.from(JSON.stringify({ sub: 'someone_else', exp: now + 3600 })).toString('base64url')}.${valid.split('.')[2]}`,
    'no sub': `Bearer ${srv.token(undefined)}`,
    'RS256 token on an HS256 server': `Bearer ${rsaKey('k').token(sub)}`,
  };
}

test('authorization matrix: every route, both prefixes, refuses every bad token with 401', async () => {
  const f = await fixtures(server);
  const bad = badAuthorizations(server);
  let checked = 0;
  for (const prefix of ['/messaging', '/api/messaging']) {
    for (const [method, p, body] of routes(f)) {
      for (const [what, authorization] of Object.entries(bad)) {
        const headers = authorization === undefined ? {} : { authorization };
        const res = await api(server, method, prefix + p, { headers, body });
        assert.equal(res.status, 401, `${what}: ${method} ${prefix}${p} answered ${res.status} ${res.text}`);
        assert.deepEqual(Object.keys(res.body ?? {}).sort(), ['error', 'message', 'statusCode'], res.text);
        assert.equal(res.body.statusCode, 401);
        assert.equal(res.body.error, 'Unauthorized');
        checked++;
      }
    }
  }
  assert.equal(checked, 2 * 19 * Object.keys(bad).length);
  // Nothing was changed by any of them.
  const conv = await getConversation(server, f.a, f.conv.id);
  assert.equal(conv.participants.filter((x) => x.isActive).length, 3);
  const msgs = await listMessages(server, f.a, f.conv.id);
  assert.deepEqual(msgs.map((m) => [m.content, m.isDeleted]), [['by a', false], ['by b', false]]);
  assert.deepEqual(msgs[0].reactions.map((r) => r.emoji), ['👍']);
  // The intruder was never provisioned: an admin does not find it.
  expectError(await api(server, 'GET', '/admin/users/matrix_intruder', { headers: adminHeaders(server) }), 404);
  // The same routes with a good token and the right person succeed (the matrix is not vacuous).
  const good = [
    ['GET', '/conversations', 200], ['GET', `/conversations/${f.conv.id}`, 200],
    ['GET', `/conversations/${f.conv.id}/messages`, 200], ['GET', '/block', 200], ['GET', '/search?query=by', 200],
  ];
  for (const [method, p, status] of good) {
    for (const prefix of ['/messaging', '/api/messaging']) {
      expectStatus(await api(server, method, prefix + p, { token: f.a.token }), status);
    }
  }
});

test('authorization matrix: a non-participant gets 404 on every route that addresses a conversation or message', async () => {
  const f = await fixtures(server);
  const nonParticipant = routes(f).filter(([, p]) => p.includes(f.conv.id) || p.includes(f.mA.id));
  assert.equal(nonParticipant.length, 12);
  for (const prefix of ['/messaging', '/api/messaging']) {
    for (const [method, p, body] of nonParticipant) {
      expectError(await api(server, method, prefix + p, { token: f.outsider.token, body }), 404);
    }
  }
  const conv = await getConversation(server, f.a, f.conv.id);
  assert.equal(participant(conv, f.outsider.id), undefined);
  assert.equal(participant(conv, f.c.id).isActive, true);
});

test('authorization matrix: 403 for what a participant may see but not do', async () => {
  const f = await fixtures(server);
  // b (MEMBER) edits and deletes a's message; adds and removes participants.
  expectError(await api(server, 'PUT', `/messaging/messages/${f.mA.id}`, { token: f.b.token, body: { content: 'b was here' } }), 403);
  expectError(await api(server, 'DELETE', `/messaging/messages/${f.mA.id}`, { token: f.b.token }), 403);
  expectError(await api(server, 'POST', `/messaging/conversations/${f.conv.id}/participants`,
    { token: f.b.token, body: { participantIds: [f.outsider.id] } }), 403);
  expectError(await api(server, 'DELETE', `/messaging/conversations/${f.conv.id}/participants/${f.c.id}`, { token: f.b.token }), 403);
  // Even the conversation ADMIN may not edit someone else's message.
  expectError(await api(server, 'PUT', `/messaging/messages/${f.mB.id}`, { token: f.a.token, body: { content: 'a was here' } }), 403);
  // SYSTEM from a client: 403.
  expectError(await api(server, 'POST', `/messaging/conversations/${f.conv.id}/messages`,
    { token: f.b.token, body: { content: 'sys', messageType: 'SYSTEM' } }), 403);
  // Blocked in a DIRECT conversation: 403.
  const direct = await createConversation(server, f.a, [f.b.id]);
  expectStatus(await api(server, 'POST', '/messaging/block', { token: f.b.token, body: { userId: f.a.id } }), 201);
  expectError(await api(server, 'POST', `/messaging/conversations/${direct.id}/messages`, { token: f.a.token, body: { content: 'hey' } }), 403);
  // Nothing changed.
  const msgs = await listMessages(server, f.a, f.conv.id);
  assert.deepEqual(msgs.map((m) => [m.content, m.isEdited, m.isDeleted]), [['by a', false, false], ['by b', false, false]]);
  assert.equal((await getConversation(server, f.a, f.conv.id)).participants.length, 3);
});

test('auto-provisioning: profile from claims, role defaults to client, later tokens update it', async () => {
  const id = uid('prov');
  expectError(await api(server, 'GET', `/admin/users/${id}`, { headers: adminHeaders(server) }), 404);
  const t1 = server.token(id, { first_name: 'Pro', last_name: 'Vision' });
  expectStatus(await api(server, 'GET', '/messaging/conversations', { token: t1 }), 200);
  let profile = expectStatus(await api(server, 'GET', `/admin/users/${id}`, { headers: adminHeaders(server) }), 200);
  assertKeys(profile, PROFILE_KEYS, 'profile');
  assert.deepEqual({ ...profile, createdAt: 0, updatedAt: 0 }, {
    id, firstName: 'Pro', lastName: 'Vision', avatarUrl: null, role: 'client', createdAt: 0, updatedAt: 0, deletedAt: null,
  });
  assert.match(profile.createdAt, ISO_MS);
  const t2 = server.token(id, { first_name: 'Pro2', last_name: 'Vision2', image_url: 'https://img.example.com/p.png', role: 'therapist' });
  expectStatus(await api(server, 'GET', '/messaging/conversations', { token: t2 }), 200);
  profile = expectStatus(await api(server, 'GET', `/admin/users/${id}`, { headers: adminHeaders(server) }), 200);
  assert.equal(profile.firstName, 'Pro2');
  assert.equal(profile.lastName, 'Vision2');
  assert.equal(profile.avatarUrl, 'https://img.example.com/p.png');
  assert.equal(profile.role, 'therapist');
});

// ---------------------------------------------------------------------------------------
// Administration

test('admin routes: no credentials 401, wrong key 401, client token 403, admin token and key allowed', async () => {
  const target = await makeUser(server, 'admtarget', { first_name: 'Tar', last_name: 'Get' });
  const client = await makeUser(server, 'admclient');
  const admin = await makeUser(server, 'admadmin', { role: 'admin' });
  const p = `/admin/users/${target.id}`;
  const profileBody = { firstName: 'New', lastName: 'Name' };
  for (const [method, body] of [['GET'], ['PUT', profileBody], ['DELETE']]) {
    expectError(await api(server, method, p, { body }), 401);
    expectError(await api(server, method, p, { body, headers: { 'x-admin-key': 'wrong-key' } }), 401);
    expectError(await api(server, method, p, { body, headers: { 'x-admin-key': '' } }), 401);
    expectError(await api(server, method, p, { body, headers: { 'x-admin-key': server.adminKey.slice(0, -1) } }), 401);
    expectError(await api(server, method, p, { body, token: client.token }), 403);
    expectError(await api(server, method, p, { body, token: client.token, headers: { 'x-admin-key': 'wrong-key' } }), 403);
    expectError(await api(server, method, p, { body, token: 'garbage' }), 401);
  }
  // Nothing changed.
  let profile = expectStatus(await api(server, 'GET', p, { headers: adminHeaders(server) }), 200);
  assert.equal(profile.firstName, 'Tar');
  assert.equal(profile.deletedAt, null);
  // An admin-role token reads and writes.
  profile = expectStatus(await api(server, 'GET', p, { token: admin.token }), 200);
  assert.equal(profile.id, target.id);
  profile = expectStatus(await api(server, 'PUT', p, { token: admin.token, body: { firstName: 'Via', lastName: 'Token' } }), 200);
  assert.equal(profile.firstName, 'Via');
  // The key too.
  profile = expectStatus(await api(server, 'PUT', p, { headers: adminHeaders(server), body: { firstName: 'Via', lastName: 'Key', role: 'therapist', avatarUrl: 'https://img.example.com/k.png' } }), 200);
  assertKeys(profile, PROFILE_KEYS, 'profile');
  assert.equal(profile.lastName, 'Key');
  assert.equal(profile.role, 'therapist');
  assert.equal(profile.avatarUrl, 'https://img.example.com/k.png');
  // Validation of the body.
  expectError(await api(server, 'PUT', p, { headers: adminHeaders(server), body: { firstName: 'x' } }), 400, { contains: 'lastName' });
  expectError(await api(server, 'PUT', p, { headers: adminHeaders(server), body: { firstName: 'x', lastName: 'y', foo: 1 } }), 400,
    { contains: 'property foo should not exist' });
  expectError(await api(server, 'GET', `/admin/users/${uid('ghost')}`, { headers: adminHeaders(server) }), 404);
});

test('DELETE /admin/users/:id: the token stops working (even with auto-provisioning), participations end; PUT restores', async () => {
  const [a, victim] = await makeUsers(server, 2, 'admdel');
  const group = await createConversation(server, a, [victim.id], { type: 'GROUP' });
  const m = await send(server, victim, group.id, 'my words stay');
  const res = await api(server, 'DELETE', `/admin/users/${victim.id}`, { headers: adminHeaders(server) });
  expectStatus(res, 204);
  assert.equal(res.text, '');
  expectError(await api(server, 'GET', '/messaging/conversations', { token: victim.token }), 401);
  expectError(await api(server, 'GET', '/messaging/conversations', { token: server.token(victim.id, { first_name: 'Again' }) }), 401);
  const profile = expectStatus(await api(server, 'GET', `/admin/users/${victim.id}`, { headers: adminHeaders(server) }), 200);
  assert.match(profile.deletedAt, ISO_MS);
  const conv = await getConversation(server, a, group.id);
  assert.equal(participant(conv, victim.id).isActive, false);
  assert.deepEqual((await listMessages(server, a, group.id)).map((x) => x.id), [m.id], 'their messages stay');
  // A deleted user cannot be added to a new conversation.
  const other = await makeUser(server, 'admdelo');
  expectError(await api(server, 'POST', '/messaging/conversations', { token: a.token, body: { participantIds: [victim.id, other.id] } }), 400,
    { contains: victim.id });
  // PUT restores.
  const restored = expectStatus(await api(server, 'PUT', `/admin/users/${victim.id}`,
    { headers: adminHeaders(server), body: { firstName: 'Back', lastName: 'Again' } }), 200);
  assert.equal(restored.deletedAt, null);
  expectStatus(await api(server, 'GET', '/messaging/conversations', { token: victim.token }), 200);
});

test('auto-provisioning off: unknown user 401 until an admin creates it', async () => {
  const srv = await startServer({ autoProvision: false });
  try {
    const id = uid('noprov');
    const t = srv.token(id, { first_name: 'No', last_name: 'Prov' });
    expectError(await api(srv, 'GET', '/messaging/conversations', { token: t }), 401);
    expectError(await api(srv, 'POST', '/messaging/conversations', { token: t, body: { participantIds: ['x'] } }), 401);
    expectError(await api(srv, 'GET', `/admin/users/${id}`, { headers: adminHeaders(srv) }), 404, {});
    const res = await api(srv, 'PUT', `/admin/users/${id}`, { headers: adminHeaders(srv), body: { firstName: 'Pat', lastName: 'Doe' } });
    const profile = expectStatus(res, 200);
    assertKeys(profile, PROFILE_KEYS, 'profile');
    assert.equal(profile.id, id);
    assert.equal(profile.firstName, 'Pat');
    assert.equal(profile.lastName, 'Doe');
    assert.equal(profile.avatarUrl, null);
    assert.equal(profile.role, 'client');
    assert.equal(profile.deletedAt, null);
    assert.match(profile.createdAt, ISO_MS);
    assert.match(profile.updatedAt, ISO_MS);
    expectStatus(await api(srv, 'GET', '/messaging/conversations', { token: t }), 200);
    const again = expectStatus(await api(srv, 'GET', `/admin/users/${id}`, { headers: adminHeaders(srv) }), 200);
    assert.equal(again.id, id);
    // An admin-role user created by the key can use admin routes with a token.
    const adminId = uid('noprovadmin');
    expectStatus(await api(srv, 'PUT', `/admin/users/${adminId}`, { headers: adminHeaders(srv), body: { firstName: 'Ad', lastName: 'Min', role: 'admin' } }), 200);
    const adminToken = srv.token(adminId);
    expectStatus(await api(srv, 'GET', `/admin/users/${id}`, { token: adminToken }), 200);
    expectError(await api(srv, 'GET', `/admin/users/${adminId}`, { token: t }), 403);
    // Conversations between admin-created users work.
    const conv = expectStatus(await api(srv, 'POST', '/messaging/conversations', { token: t, body: { participantIds: [adminId] } }), 201);
    assert.equal(conv.type, 'DIRECT');
    // Deleting the user: 401 again.
    expectStatus(await api(srv, 'DELETE', `/admin/users/${id}`, { headers: adminHeaders(srv) }), 204);
    expectError(await api(srv, 'GET', '/messaging/conversations', { token: t }), 401);
  } finally {
    await srv.stop();
  }
});

// ---------------------------------------------------------------------------------------
// RS256

test('RS256 with --jwks: both listed keys (picked by kid) work; HS256 and unlisted keys do not', async () => {
  const k1 = rsaKey('key-one');
  const k2 = rsaKey('key-two');
  const k3 = rsaKey('key-three');
  let fetched = 0;
  const jwks = await startHttpServer((req, res) => {
    if (req.url === '/jwks.json') {
      fetched++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [k1.jwk, k2.jwk] }));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  let srv;
  try {
    srv = await startServer({ jwtSecret: null, args: ['--jwks', `${jwks.url}/jwks.json`] });
    const get = (t) => api(srv, 'GET', '/messaging/conversations', { token: t });
    const u1 = uid('rs');
    const u2 = uid('rs');
    expectStatus(await get(k1.token(u1, { first_name: 'R', last_name: 'One' })), 200);
    expectStatus(await get(k2.token(u2, { first_name: 'R', last_name: 'Two' })), 200);
    assert.ok(fetched >= 1, 'the JWKS was fetched');
    // Both users exist now and can talk.
    const conv = expectStatus(await api(srv, 'POST', '/messaging/conversations',
      { token: k1.token(u1), body: { participantIds: [u2] } }), 201);
    expectStatus(await api(srv, 'POST', `/messaging/conversations/${conv.id}/messages`,
      { token: k2.token(u2), body: { content: 'signed by key two' } }), 201);
    // Refused: HS256 (any secret), an unlisted key, a listed kid with the wrong key, alg none,
    // HS256 signed with a public key as the secret, expired.
    const refused = {
      'HS256 token': token(u1, {}, { secret: randomSecret() }),
      'HS256 with the JWK modulus as secret': token(u1, {}, { secret: k1.jwk.n, kid: 'key-one' }),
      'HS256 with the PEM as secret': token(u1, {}, { secret: k1.pem, kid: 'key-one' }),
      'unlisted key': k3.token(u1),
      'listed kid, wrong key': token(u1, {}, { alg: 'RS256', privateKey: k3.privateKey, kid: 'key-one' }),
      'alg none': token(u1, {}, { alg: 'none', kid: 'key-one' }),
      expired: k1.token(u1, {}, { expSeconds: -120 }),
    };
    for (const [what, t] of Object.entries(refused)) {
      const res = await get(t);
      assert.equal(res.status, 401, `${what}: ${res.status} ${res.text}`);
    }
  } finally {
    await srv?.stop();
    await jwks.close();
  }
});

test('RS256 with --jwt-public-key <pem file>', async () => {
  const key = rsaKey('pem');
  const other = rsaKey('other');
  const dir = tempDir();
  const pemFile = path.join(dir, 'clerk.pem');
  fs.writeFileSync(pemFile, key.pem);
  let srv;
  try {
    srv = await startServer({ jwtSecret: null, args: ['--jwt-public-key', pemFile] });
    const get = (t) => api(srv, 'GET', '/messaging/conversations', { token: t });
    const u = uid('pem');
    expectStatus(await get(token(u, { first_name: 'P' }, { alg: 'RS256', privateKey: key.privateKey })), 200);
    expectStatus(await get(key.token(u)), 200);
    for (const [what, t] of Object.entries({
      'other key': token(u, {}, { alg: 'RS256', privateKey: other.privateKey }),
      'HS256 with the PEM as secret': token(u, {}, { secret: key.pem }),
      'HS256 random': token(u, {}, { secret: randomSecret() }),
      'alg none': token(u, {}, { alg: 'none' }),
    })) {
      const res = await get(t);
      assert.equal(res.status, 401, `${what}: ${res.status} ${res.text}`);
    }
  } finally {
    await srv?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------------------------------
// Clerk webhook

function clerkUser(id, extra = {}) {
  return {
    id,
    object: 'user',
    first_name: 'Clerk',
    last_name: 'Person',
    image_url: 'https://img.clerk.com/abc.png',
    public_metadata: { role: 'therapist' },
    email_addresses: [{ email_address: 'c@example.com' }],
    ...extra,
  };
}

async function deliver(srv, event, { secret = srv.webhookSecret, timestamp, extraSignatures, tamper } = {}) {
  const body = JSON.stringify(event);
  const headers = { 'content-type': 'application/json', ...svixHeaders(secret, body, { timestamp, ...(extraSignatures ? { extraSignatures } : {}) }) };
  return api(srv, 'POST', '/webhooks/clerk', { rawBody: tamper ? tamper(body) : body, headers });
}

const adminGet = (srv, id) => api(srv, 'GET', `/admin/users/${id}`, { headers: adminHeaders(srv) });

test('Clerk webhook: user.created, user.updated and user.deleted with valid Svix signatures', async () => {
  const id = uid('user_clerk');
  let res = await deliver(server, { type: 'user.created', object: 'event', data: clerkUser(id) });
  expectStatus(res, 200);
  let p = expectStatus(await adminGet(server, id), 200);
  assert.equal(p.firstName, 'Clerk');
  assert.equal(p.lastName, 'Person');
  assert.equal(p.avatarUrl, 'https://img.clerk.com/abc.png');
  assert.equal(p.role, 'therapist');
  assert.equal(p.deletedAt, null);

  res = await deliver(server, {
    type: 'user.updated', object: 'event',
    data: clerkUser(id, { first_name: 'Renamed', last_name: 'Human', public_metadata: { role: 'admin' } }),
  });
  expectStatus(res, 200);
  p = expectStatus(await adminGet(server, id), 200);
  assert.equal(p.firstName, 'Renamed');
  assert.equal(p.lastName, 'Human');
  assert.equal(p.role, 'admin');
  // The user's token works (and carries admin rights now).
  expectStatus(await api(server, 'GET', `/admin/users/${id}`, { token: server.token(id) }), 200);

  // Other event types are acknowledged and ignored.
  expectStatus(await deliver(server, { type: 'session.created', object: 'event', data: { id: 'sess_1' } }), 200);

  res = await deliver(server, { type: 'user.deleted', object: 'event', data: { id, object: 'user', deleted: true } });
  expectStatus(res, 200);
  p = expectStatus(await adminGet(server, id), 200);
  assert.match(p.deletedAt, ISO_MS);
  expectError(await api(server, 'GET', '/messaging/conversations', { token: server.token(id) }), 401);
  // A retried deletion is fine.
  expectStatus(await deliver(server, { type: 'user.deleted', object: 'event', data: { id, deleted: true } }), 200);
});

test('Clerk webhook: bad signature, tampered body, stale timestamp, missing headers are refused and change nothing', async () => {
  const id = uid('user_clerkbad');
  const created = { type: 'user.created', object: 'event', data: clerkUser(id) };
  const refused = async (res, what) => {
    assert.ok(res.status >= 400 && res.status < 500, `${what}: a 4xx, got ${res.status} ${res.text}`);
    expectError(await adminGet(server, id), 404);
  };
  await refused(await deliver(server, created, { secret: newWebhookSecret() }), 'other secret');
  await refused(await deliver(server, created, { tamper: (b) => b.replace('Clerk', 'Evil') }), 'tampered body');
  await refused(await deliver(server, created, { timestamp: Math.floor(Date.now() / 1000) - 600 }), '10 minutes old');
  await refused(await deliver(server, created, { timestamp: Math.floor(Date.now() / 1000) + 600 }), '10 minutes ahead');
  await refused(await deliver(server, created, { extraSignatures: ['v1,AAAA', 'v2,xyz'], secret: newWebhookSecret() }), 'only bogus signatures');
  const body = JSON.stringify(created);
  await refused(await api(server, 'POST', '/webhooks/clerk', { rawBody: body }), 'no svix headers');
  const h = svixHeaders(server.webhookSecret, body);
  await refused(await api(server, 'POST', '/webhooks/clerk', { rawBody: body, headers: { ...h, 'svix-signature': h['svix-signature'].replace(/v1,/g, 'v2,') } }), 'wrong version');
  await refused(await api(server, 'POST', '/webhooks/clerk', { rawBody: body, headers: { ...h, 'svix-id': 'other-id' } }), 'other svix-id');
  // An existing user is not changed by a refused update.
  const id2 = uid('user_clerkkeep');
  expectStatus(await deliver(server, { type: 'user.created', data: clerkUser(id2) }), 200);
  const upd = await deliver(server, { type: 'user.updated', data: clerkUser(id2, { first_name: 'Hacked' }) },
    { timestamp: Math.floor(Date.now() / 1000) - 600 });
  assert.ok(upd.status >= 400 && upd.status < 500, `${upd.status}`);
  assert.equal(expectStatus(await adminGet(server, id2), 200).firstName, 'Clerk');
  const del = await deliver(server, { type: 'user.deleted', data: { id: id2 } }, { secret: newWebhookSecret() });
  assert.ok(del.status >= 400 && del.status < 500, `${del.status}`);
  assert.equal(expectStatus(await adminGet(server, id2), 200).deletedAt, null);
});
