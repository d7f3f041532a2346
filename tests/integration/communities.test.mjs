// The internal API of communities and posts (docs/api.md, "Internal API"): memberships and
// posts kept in sync by the platform's services, and events published into their rooms.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, expectStatus, expectError, makeUser, uid, adminHeaders, assertKeys, ISO_MS,
} from './harness.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

const MEMBER_KEYS = ['communityId', 'userId', 'joinedAt'];
const POST_KEYS = ['postId', 'communityId', 'createdAt'];

/** A request with the administrator key. */
function admin(method, path, body, extra = {}) {
  return api(server, method, path, { headers: adminHeaders(server), body, ...extra });
}

const memberPath = (community, user) =>
  `/internal/communities/${encodeURIComponent(community)}/members/${encodeURIComponent(user)}`;
const membersPath = (community, query = '') =>
  `/internal/communities/${encodeURIComponent(community)}/members${query ? '?' + query : ''}`;
const postPath = (post) => `/internal/posts/${encodeURIComponent(post)}`;

test('every internal route: no credentials 401, wrong key 401, client token 403; the key and an admin token are let in', async () => {
  const client = await makeUser(server, 'intclient');
  const adminUser = await makeUser(server, 'intadmin', { role: 'admin' });
  const member = await makeUser(server, 'intmember');
  const community = uid('cmty');
  const post = uid('post');
  const event = { event: 'new_comment', data: { text: 'hi' } };
  const routes = [
    ['PUT', memberPath(community, member.id)],
    ['DELETE', memberPath(community, member.id)],
    ['GET', membersPath(community)],
    ['PUT', postPath(post), { communityId: community }],
    ['DELETE', postPath(post)],
    ['POST', `/internal/communities/${community}/events`, event],
    ['POST', `/internal/posts/${post}/events`, event],
  ];
  for (const [method, p, body] of routes) {
    expectError(await api(server, method, p, { body }), 401);
    expectError(await api(server, method, p, { body, headers: { 'x-admin-key': 'wrong-key' } }), 401);
    expectError(await api(server, method, p, { body, headers: { 'x-admin-key': '' } }), 401);
    expectError(await api(server, method, p, { body, headers: { 'x-admin-key': server.adminKey.slice(0, -1) } }), 401);
    expectError(await api(server, method, p, { body, token: 'garbage' }), 401);
    expectError(await api(server, method, p, { body, token: client.token }), 403);
    expectError(await api(server, method, p, { body, token: client.token, headers: { 'x-admin-key': 'wrong' } }), 403);
  }
  // Nothing changed.
  assert.deepEqual(expectStatus(await admin('GET', membersPath(community)), 200), []);
  expectError(await admin('DELETE', postPath(post)), 404);

  // An admin-role token and the key both work, on each route.
  const tok = { token: adminUser.token };
  expectStatus(await api(server, 'PUT', memberPath(community, member.id), tok), 201);
  expectStatus(await admin('PUT', memberPath(community, member.id)), 200);
  assert.equal(expectStatus(await api(server, 'GET', membersPath(community), tok), 200).length, 1);
  expectStatus(await api(server, 'DELETE', memberPath(community, member.id), tok), 204);
  expectStatus(await api(server, 'PUT', postPath(post), { ...tok, body: { communityId: community } }), 201);
  expectStatus(await api(server, 'DELETE', postPath(post), tok), 204);
  expectStatus(await api(server, 'POST', `/internal/communities/${community}/events`, { ...tok, body: event }), 202);
});

test('PUT a member: 201 once, then 200 with the first joinedAt; GET lists members by user id in pages; DELETE 204, then 404', async () => {
  const community = uid('cmty');
  const users = [];
  for (let i = 0; i < 3; i += 1) users.push(await makeUser(server, 'mem'));
  const first = await admin('PUT', memberPath(community, users[0].id));
  const created = expectStatus(first, 201);
  assertKeys(created, MEMBER_KEYS, 'membership');
  assert.equal(created.communityId, community);
  assert.equal(created.userId, users[0].id);
  assert.match(created.joinedAt, ISO_MS);
  assert.match(first.headers.get('content-type'), /^application\/json/);

  const again = expectStatus(await admin('PUT', memberPath(community, users[0].id), {}), 200);
  assert.deepEqual(again, created, 'a repeat changes nothing');
  for (const u of users.slice(1)) expectStatus(await admin('PUT', memberPath(community, u.id)), 201);
  expectStatus(await admin('PUT', memberPath(uid('cmty_other'), users[0].id)), 201);

  const sorted = users.map((u) => u.id).sort();
  let list = expectStatus(await admin('GET', membersPath(community)), 200);
  assert.deepEqual(list.map((m) => m.userId), sorted);
  for (const m of list) {
    assertKeys(m, MEMBER_KEYS, 'listed membership');
    assert.equal(m.communityId, community);
  }
  assert.equal(list.find((m) => m.userId === users[0].id).joinedAt, created.joinedAt);
  list = expectStatus(await admin('GET', membersPath(community, 'page=2&limit=2')), 200);
  assert.deepEqual(list.map((m) => m.userId), sorted.slice(2));
  assert.deepEqual(expectStatus(await admin('GET', membersPath(community, 'page=3&limit=2')), 200), []);
  assert.deepEqual(expectStatus(await admin('GET', membersPath(uid('cmty_empty'))), 200), []);
  for (const q of ['limit=0', 'limit=101', 'page=0', 'page=abc', 'limit=1&limit=2']) {
    expectError(await admin('GET', membersPath(community, q)), 400);
  }

  const del = await admin('DELETE', memberPath(community, users[0].id));
  expectStatus(del, 204);
  assert.equal(del.text, '');
  expectError(await admin('DELETE', memberPath(community, users[0].id)), 404, { contains: 'not a member' });
  expectError(await admin('DELETE', memberPath(uid('cmty'), users[1].id)), 404);
  list = expectStatus(await admin('GET', membersPath(community)), 200);
  assert.deepEqual(list.map((m) => m.userId), sorted.filter((id) => id !== users[0].id));
});

test('PUT a member: unknown or deleted users 404, bad ids 400, a body 400; nothing is stored', async () => {
  const community = uid('cmty');
  expectError(await admin('PUT', memberPath(community, uid('ghost'))), 404, { contains: 'User not found' });
  const victim = await makeUser(server, 'memdeleted');
  expectStatus(await admin('DELETE', `/admin/users/${victim.id}`), 204);
  expectError(await admin('PUT', memberPath(community, victim.id)), 404);

  const user = await makeUser(server, 'membad');
  const long = 'c'.repeat(256);
  expectError(await admin('PUT', memberPath(long, user.id)), 400, { contains: 'communityId must be a valid id', array: true });
  expectError(await admin('PUT', memberPath('has space', user.id)), 400, { contains: 'communityId' });
  expectError(await admin('PUT', memberPath(community, user.id), { role: 'owner' }), 400,
    { contains: 'property role should not exist' });
  expectError(await admin('PUT', memberPath(community, user.id), undefined, { rawBody: '{"a":' }), 400);
  expectError(await admin('PUT', memberPath(community, user.id), undefined, { rawBody: '[]' }), 400);
  assert.deepEqual(expectStatus(await admin('GET', membersPath(community)), 200), []);
  assert.deepEqual(expectStatus(await admin('GET', membersPath(long)), 200), []);

  // Ids are opaque: any printable text, percent-encoded in the path.
  const odd = `cmty/ü🎉:${uid('x')}`;
  const created = expectStatus(await admin('PUT', memberPath(odd, user.id)), 201);
  assert.equal(created.communityId, odd);
  assert.deepEqual(expectStatus(await admin('GET', membersPath(odd)), 200).map((m) => m.userId), [user.id]);
});

test('PUT a post: 201 once, 200 after, moving it keeps createdAt; DELETE 204, then 404; bodies are checked', async () => {
  const post = uid('post');
  const [a, b] = [uid('cmty_a'), uid('cmty_b')];
  const created = expectStatus(await admin('PUT', postPath(post), { communityId: a }), 201);
  assertKeys(created, POST_KEYS, 'post');
  assert.deepEqual({ postId: created.postId, communityId: created.communityId }, { postId: post, communityId: a });
  assert.match(created.createdAt, ISO_MS);
  assert.deepEqual(expectStatus(await admin('PUT', postPath(post), { communityId: a }), 200), created);
  const moved = expectStatus(await admin('PUT', postPath(post), { communityId: b }), 200);
  assert.deepEqual(moved, { ...created, communityId: b });

  expectError(await admin('PUT', postPath(post), {}), 400, { contains: 'communityId must be a string', array: true });
  expectError(await admin('PUT', postPath(post)), 400, { contains: 'communityId' });
  expectError(await admin('PUT', postPath(post), { communityId: 7 }), 400, { contains: 'communityId must be a string' });
  expectError(await admin('PUT', postPath(post), { communityId: a, title: 'x' }), 400,
    { contains: 'property title should not exist' });
  expectError(await admin('PUT', postPath(post), { communityId: '' }), 400, { contains: 'communityId must be a valid id' });
  expectError(await admin('PUT', postPath('p'.repeat(256)), { communityId: a }), 400, { contains: 'postId must be a valid id' });
  expectError(await admin('PUT', postPath(post), undefined, { rawBody: 'nope' }), 400);
  // The refused requests left the post where it was.
  assert.deepEqual(expectStatus(await admin('PUT', postPath(post), { communityId: b }), 200), moved);

  const del = await admin('DELETE', postPath(post));
  expectStatus(del, 204);
  assert.equal(del.text, '');
  expectError(await admin('DELETE', postPath(post)), 404, { contains: 'Post not found' });
  const recreated = expectStatus(await admin('PUT', postPath(post), { communityId: a }), 201);
  assert.equal(recreated.communityId, a);
});

test('publishing into a room: bodies checked, unknown post 404, a good event queued for the gateway', async () => {
  const community = uid('cmty');
  const post = uid('post');
  expectStatus(await admin('PUT', postPath(post), { communityId: community }), 201);
  const communityEvents = `/internal/communities/${community}/events`;
  const postEvents = `/internal/posts/${post}/events`;

  for (const p of [communityEvents, postEvents]) {
    expectError(await admin('POST', p, {}), 400, { contains: 'event must be a string', array: true });
    expectError(await admin('POST', p), 400, { contains: 'event must be a string' });
    expectError(await admin('POST', p, { event: 5 }), 400, { contains: 'event must be a string' });
    expectError(await admin('POST', p, { event: 'new_comment', extra: 1 }), 400,
      { contains: 'property extra should not exist' });
    expectError(await admin('POST', p, undefined, { rawBody: '{"event":' }), 400);
    // A number beyond a double's range has no JSON form to pass on to the room.
    expectError(await admin('POST', p, undefined,
      { rawBody: '{"event":"new_comment","data":{"n":[1,1e999]}}' }), 400,
    { contains: 'Request body has a number out of range' });
    for (const bad of ['', 'new comment', 'a/b', 'ü', 'e'.repeat(65)]) {
      expectError(await admin('POST', p, { event: bad }), 400, { contains: 'event must be 1 to 64 characters' });
    }
    for (const reserved of ['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']) {
      expectError(await admin('POST', p, { event: reserved }), 400, { contains: 'reserves' });
    }
    // A good event is handed to the gateway; data may be any JSON value, or absent. (Its
    // delivery to the room's sockets is checked end to end, in tests/e2e.)
    for (const data of [undefined, null, { text: 'new comment', n: 1 }, [1, 'two'], 'text', 42, true]) {
      const body = data === undefined ? { event: 'new_comment' } : { event: 'new_comment', data };
      const res = await admin('POST', p, body);
      expectStatus(res, 202);
      assert.deepEqual(res.body, { delivered: 'queued' });
    }
    expectStatus(await admin('POST', p, { event: 'comment:new.v2-x_1' }), 202);
    expectStatus(await admin('POST', p, { event: 'e'.repeat(64) }), 202);
  }
  // Any valid community id names a room, even one nobody belongs to; an unknown post does not.
  expectStatus(await admin('POST', `/internal/communities/${uid('cmty_nobody')}/events`, { event: 'x' }), 202);
  expectError(await admin('POST', `/internal/posts/${uid('post_ghost')}/events`, { event: 'new_comment' }), 404,
    { contains: 'Post not found' });
  expectError(await admin('POST', `/internal/communities/${'c'.repeat(256)}/events`, { event: 'x' }), 400,
    { contains: 'communityId must be a valid id' });
  // A deleted post is unknown.
  expectStatus(await admin('DELETE', postPath(post)), 204);
  expectError(await admin('POST', postEvents, { event: 'new_comment' }), 404);
});

test('internal paths: another method is 405 with Allow; they are not under /messaging', async () => {
  const res = await admin('GET', postPath(uid('post')));
  expectError(res, 405);
  const allow = (res.headers.get('allow') ?? '').split(',').map((s) => s.trim()).sort();
  assert.deepEqual(allow, ['DELETE', 'PUT']);
  expectError(await admin('POST', memberPath('c', 'u')), 405);
  expectError(await admin('GET', '/messaging/internal/posts/p'), 404);
});
