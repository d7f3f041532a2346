import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, expectStatus, expectError, makeUser, makeUsers, createConversation, send,
  listConversations, getConversation, listMessages, assertConversationShape, participant,
  uid, sleep, ISO_MS,
} from './harness.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

const post = (who, path, body) => api(server, 'POST', path, { token: who.token, body });

test('create DIRECT: 201 with the full Conversation shape', async () => {
  const alice = await makeUser(server, 'alice', {
    first_name: 'Alice', last_name: 'Anders', image_url: 'https://img.example.com/alice.png',
  });
  const bob = await makeUser(server, 'bob', { first_name: 'Bob', last_name: 'Berg', role: 'therapist' });
  const res = await post(alice, '/messaging/conversations', { participantIds: [bob.id] });
  const c = expectStatus(res, 201);
  assertConversationShape(c);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  assert.equal(c.type, 'DIRECT');
  assert.equal(c.title, null);
  assert.equal(c.lastMessageAt, null);
  assert.equal(c.isActive, true);
  assert.deepEqual(c.messages, []);
  assert.deepEqual(c._count, { messages: 0 });
  assert.equal(c.unreadCount, 0);
  assert.equal(c.participants.length, 2);
  const pa = participant(c, alice.id);
  const pb = participant(c, bob.id);
  assert.equal(pa.role, 'ADMIN');
  assert.equal(pb.role, 'MEMBER');
  for (const p of [pa, pb]) {
    assert.equal(p.isActive, true);
    assert.equal(p.leftAt, null);
    assert.match(p.joinedAt, ISO_MS);
  }
  assert.notEqual(pa.id, pb.id);
  assert.deepEqual(pa.user, {
    id: alice.id, firstName: 'Alice', lastName: 'Anders',
    avatarUrl: 'https://img.example.com/alice.png', role: 'client',
  });
  assert.deepEqual(pb.user, {
    id: bob.id, firstName: 'Bob', lastName: 'Berg', avatarUrl: null, role: 'therapist',
  });
  // GET returns the same shape and values.
  const again = await getConversation(server, alice, c.id);
  assert.deepEqual(again, c);
});

test('default type: DIRECT for one other participant, GROUP for more', async () => {
  const [a, b, c] = await makeUsers(server, 3, 'deftype');
  const direct = await createConversation(server, a, [b.id]);
  assert.equal(direct.type, 'DIRECT');
  const group = await createConversation(server, a, [b.id, c.id]);
  assert.equal(group.type, 'GROUP');
  assert.equal(group.participants.length, 3);
  assert.equal(participant(group, a.id).role, 'ADMIN');
  assert.equal(participant(group, b.id).role, 'MEMBER');
  assert.equal(participant(group, c.id).role, 'MEMBER');
});

test('a DIRECT conversation for an existing pair returns the same one with 200', async () => {
  const [a, b] = await makeUsers(server, 2, 'dup');
  const first = await createConversation(server, a, [b.id], { type: 'DIRECT' });
  // Same caller, and the other way round, with and without explicit type.
  const res1 = await post(a, '/messaging/conversations', { participantIds: [b.id] });
  assert.equal(expectStatus(res1, 200).id, first.id);
  assertConversationShape(res1.body);
  const res2 = await post(b, '/messaging/conversations', { participantIds: [a.id], type: 'DIRECT' });
  assert.equal(expectStatus(res2, 200).id, first.id);
  // Neither side has a second DIRECT conversation.
  const list = await listConversations(server, a);
  assert.equal(list.filter((c) => c.type === 'DIRECT').length, 1);
  // A GROUP with the same two people is a new conversation.
  const group = await createConversation(server, a, [b.id], { type: 'GROUP' });
  assert.notEqual(group.id, first.id);
  assert.equal(group.type, 'GROUP');
});

test("the caller's own id and duplicates in participantIds are ignored", async () => {
  const [a, b] = await makeUsers(server, 2, 'self');
  const c = await createConversation(server, a, [a.id, b.id, b.id, a.id]);
  assert.equal(c.type, 'DIRECT');
  assert.equal(c.participants.length, 2);
  assert.equal(participant(c, a.id).role, 'ADMIN');
  assert.equal(participant(c, b.id).role, 'MEMBER');
});

test('unknown participants: 400 naming them', async () => {
  const [a, b] = await makeUsers(server, 2, 'unknown');
  const ghost1 = uid('ghost');
  const ghost2 = uid('ghost');
  const res = await post(a, '/messaging/conversations', { participantIds: [b.id, ghost1, ghost2] });
  expectError(res, 400, { contains: [ghost1, ghost2] });
  const msg = [res.body.message].flat().join(' ');
  assert.ok(!msg.includes(b.id), `the known user is not named: ${msg}`);
  // Nothing was created.
  assert.deepEqual(await listConversations(server, a), []);
});

test('DIRECT with two others: 400', async () => {
  const [a, b, c] = await makeUsers(server, 3, 'direct3');
  const res = await post(a, '/messaging/conversations', { participantIds: [b.id, c.id], type: 'DIRECT' });
  expectError(res, 400);
  assert.deepEqual(await listConversations(server, a), []);
});

test('GROUP, SUPPORT and THERAPY conversations with titles', async () => {
  const [a, b, c] = await makeUsers(server, 3, 'types');
  for (const type of ['GROUP', 'SUPPORT', 'THERAPY']) {
    const conv = await createConversation(server, a, [b.id, c.id], { type, title: `${type} room` });
    assertConversationShape(conv);
    assert.equal(conv.type, type);
    assert.equal(conv.title, `${type} room`);
    assert.equal(conv.participants.length, 3);
  }
  // A SUPPORT / THERAPY conversation may have just two people too.
  const therapy = await createConversation(server, a, [b.id], { type: 'THERAPY', title: 'Session' });
  assert.equal(therapy.type, 'THERAPY');
  assert.equal(therapy.participants.length, 2);
});

test('title rules: 200 characters pass, 201 fail, empty is stored as null', async () => {
  const [a, b, c] = await makeUsers(server, 3, 'title');
  const t200 = 'T'.repeat(200);
  const ok = await createConversation(server, a, [b.id, c.id], { title: t200 });
  assert.equal(ok.title, t200);
  const emoji200 = '😀'.repeat(200); // 200 characters, 400 UTF-16 units
  const okEmoji = await createConversation(server, a, [b.id, c.id], { title: emoji200 });
  assert.equal(okEmoji.title, emoji200);
  const res = await post(a, '/messaging/conversations', {
    participantIds: [b.id, c.id], title: 'T'.repeat(201),
  });
  expectError(res, 400, { contains: 'title' });
  const empty = await createConversation(server, a, [b.id, c.id], { title: '' });
  assert.equal(empty.title, null);
  const nul = await createConversation(server, a, [b.id, c.id], { title: null });
  assert.equal(nul.title, null);
});

test('list: most recent activity first; a new message moves a conversation to the top', async () => {
  const [a, b, c, d] = await makeUsers(server, 4, 'order');
  const c1 = await createConversation(server, a, [b.id]);
  await sleep(5);
  const c2 = await createConversation(server, a, [c.id]);
  await sleep(5);
  const c3 = await createConversation(server, a, [d.id]);
  let list = await listConversations(server, a);
  assert.deepEqual(list.map((x) => x.id), [c3.id, c2.id, c1.id]);
  for (const x of list) assertConversationShape(x);

  await sleep(5);
  const m = await send(server, b, c1.id, 'hello from b');
  list = await listConversations(server, a);
  assert.deepEqual(list.map((x) => x.id), [c1.id, c3.id, c2.id]);
  const top = list[0];
  assert.equal(top.lastMessageAt, m.createdAt);
  assert.deepEqual(top._count, { messages: 1 });
  assert.equal(top.unreadCount, 1);
  assert.equal(top.messages.length, 1);
  assert.deepEqual(top.messages[0], {
    id: m.id, conversationId: c1.id, senderId: b.id, content: 'hello from b', messageType: 'TEXT',
    createdAt: m.createdAt, isEdited: false, isDeleted: false, seq: 1,
    sender: { id: b.id, firstName: b.firstName, lastName: b.lastName, avatarUrl: null },
  });
  // The recipient's own list: unread 1; the sender's view of c1: unread 0.
  const bList = await listConversations(server, b);
  assert.equal(bList.length, 1);
  assert.equal(bList[0].unreadCount, 0);

  await sleep(5);
  await send(server, a, c2.id, 'to c');
  list = await listConversations(server, a);
  assert.deepEqual(list.map((x) => x.id), [c2.id, c1.id, c3.id]);
});

test('list pagination: page and limit', async () => {
  const a = await makeUser(server, 'pager');
  const others = await makeUsers(server, 5, 'pagee');
  const ids = [];
  for (const o of others) {
    ids.push((await createConversation(server, a, [o.id])).id);
    await sleep(3);
  }
  const newestFirst = [...ids].reverse();
  assert.deepEqual((await listConversations(server, a)).map((c) => c.id), newestFirst);
  assert.deepEqual((await listConversations(server, a, 'limit=2')).map((c) => c.id), newestFirst.slice(0, 2));
  assert.deepEqual((await listConversations(server, a, 'page=1&limit=2')).map((c) => c.id), newestFirst.slice(0, 2));
  assert.deepEqual((await listConversations(server, a, 'page=2&limit=2')).map((c) => c.id), newestFirst.slice(2, 4));
  assert.deepEqual((await listConversations(server, a, 'page=3&limit=2')).map((c) => c.id), newestFirst.slice(4));
  assert.deepEqual(await listConversations(server, a, 'page=4&limit=2'), []);
  assert.deepEqual((await listConversations(server, a, 'limit=100')).map((c) => c.id), newestFirst);
  assert.deepEqual((await listConversations(server, a, 'page=101')), []);
});

test('list: bad page and limit values are 400 with a list of messages', async () => {
  const a = await makeUser(server, 'badpage');
  const cases = [
    'page=0', 'page=-1', 'page=abc', 'page=1.5', 'page=',
    'limit=0', 'limit=-1', 'limit=abc', 'limit=101', 'limit=1.5', 'limit=',
  ];
  for (const q of cases) {
    const res = await api(server, 'GET', `/messaging/conversations?${q}`, { token: a.token });
    expectError(res, 400, { array: true, contains: q.split('=')[0] });
  }
  // Both wrong: both named.
  const res = await api(server, 'GET', '/messaging/conversations?page=0&limit=1000', { token: a.token });
  const msg = expectError(res, 400, { array: true, contains: ['page', 'limit'] });
  assert.ok(msg.length >= 2, JSON.stringify(msg));
});

test('GET one: 404 for a non-participant and for an unknown id', async () => {
  const [a, b, outsider] = await makeUsers(server, 3, 'getone');
  const c = await createConversation(server, a, [b.id]);
  assert.equal((await getConversation(server, b, c.id)).id, c.id);
  expectError(await api(server, 'GET', `/messaging/conversations/${c.id}`, { token: outsider.token }), 404);
  expectError(await api(server, 'GET', '/messaging/conversations/conv_01HZZZZZZZZZZZZZZZZZZZZZZZ',
    { token: a.token }), 404);
  expectError(await api(server, 'GET', '/messaging/conversations/nonsense', { token: a.token }), 404);
  // The outsider's list does not show it.
  assert.deepEqual(await listConversations(server, outsider), []);
});

test('add participants: ADMIN only, not for DIRECT, idempotent, former participants come back', async () => {
  const [a, b, c, d] = await makeUsers(server, 4, 'add');
  const group = await createConversation(server, a, [b.id], { type: 'GROUP', title: 'g' });
  const path = `/messaging/conversations/${group.id}/participants`;

  // A MEMBER may not add.
  expectError(await post(b, path, { participantIds: [c.id] }), 403);
  // An outsider does not see the conversation.
  expectError(await post(c, path, { participantIds: [d.id] }), 404);

  // The ADMIN adds c: 201 with the conversation.
  let res = await post(a, path, { participantIds: [c.id] });
  let conv = expectStatus(res, 201);
  assertConversationShape(conv);
  assert.equal(conv.id, group.id);
  assert.equal(conv.participants.length, 3);
  assert.equal(participant(conv, c.id).role, 'MEMBER');
  assert.equal(participant(conv, c.id).isActive, true);
  assert.equal((await getConversation(server, c, group.id)).id, group.id);

  // Adding people already in changes nothing.
  const before = conv.participants.map((p) => ({ id: p.id, userId: p.userId, role: p.role, joinedAt: p.joinedAt }));
  res = await post(a, path, { participantIds: [b.id, c.id, a.id] });
  conv = expectStatus(res, 201);
  assert.deepEqual(
    conv.participants.map((p) => ({ id: p.id, userId: p.userId, role: p.role, joinedAt: p.joinedAt }))
      .sort((x, y) => x.id.localeCompare(y.id)),
    before.sort((x, y) => x.id.localeCompare(y.id)));

  // c leaves, then comes back.
  expectStatus(await api(server, 'DELETE', `${path}/${c.id}`, { token: c.token }), 204);
  conv = await getConversation(server, a, group.id);
  assert.equal(participant(conv, c.id).isActive, false);
  assert.match(participant(conv, c.id).leftAt, ISO_MS);
  res = await post(a, path, { participantIds: [c.id] });
  conv = expectStatus(res, 201);
  const pc = conv.participants.filter((p) => p.userId === c.id);
  assert.equal(pc.filter((p) => p.isActive).length, 1, 'c is active once');
  assert.equal(pc.find((p) => p.isActive).leftAt, null);
  assert.equal((await getConversation(server, c, group.id)).id, group.id);

  // Unknown users: 400.
  const ghost = uid('ghost');
  expectError(await post(a, path, { participantIds: [ghost] }), 400, { contains: ghost });

  // Not for DIRECT.
  const direct = await createConversation(server, a, [d.id]);
  expectError(await post(a, `/messaging/conversations/${direct.id}/participants`, { participantIds: [b.id] }), 400);
  assert.equal((await getConversation(server, a, direct.id)).participants.length, 2);
});

test('remove and leave: admin removes, member leaves, member may not remove others', async () => {
  const [a, b, c, d] = await makeUsers(server, 4, 'remove');
  const group = await createConversation(server, a, [b.id, c.id, d.id], { title: 'rm' });
  const path = (u) => `/messaging/conversations/${group.id}/participants/${u}`;
  const del = (who, u) => api(server, 'DELETE', path(u), { token: who.token });

  // A member removing someone else: 403, nothing changes.
  expectError(await del(b, c.id), 403);
  assert.equal(participant(await getConversation(server, a, group.id), c.id).isActive, true);

  // The admin removes c: 204 with an empty body.
  let res = await del(a, c.id);
  expectStatus(res, 204);
  assert.equal(res.text, '');
  let conv = await getConversation(server, a, group.id);
  assert.equal(participant(conv, c.id).isActive, false);
  assert.match(participant(conv, c.id).leftAt, ISO_MS);
  assert.equal(conv.participants.length, 4, 'former participants are listed');
  // c no longer sees it, and no longer may send.
  expectError(await api(server, 'GET', `/messaging/conversations/${group.id}`, { token: c.token }), 404);
  expectError(await api(server, 'GET', `/messaging/conversations/${group.id}/messages`, { token: c.token }), 404);
  expectError(await api(server, 'POST', `/messaging/conversations/${group.id}/messages`,
    { token: c.token, body: { content: 'still here?' } }), 404);
  assert.deepEqual(await listConversations(server, c), []);

  // Removing someone not in it (any more): 404.
  expectError(await del(a, c.id), 404);
  expectError(await del(a, uid('ghost')), 404);

  // b leaves by themself.
  expectStatus(await del(b, b.id), 204);
  expectError(await api(server, 'GET', `/messaging/conversations/${group.id}`, { token: b.token }), 404);
  conv = await getConversation(server, d, group.id);
  assert.deepEqual(conv.participants.filter((p) => p.isActive).map((p) => p.userId).sort(), [a.id, d.id].sort());
  res = await del(b, b.id);
  expectError(res, 404);
});

test('the last ADMIN leaving promotes the longest-standing member', async () => {
  const [a, b, c] = await makeUsers(server, 3, 'promote');
  const group = await createConversation(server, a, [b.id], { type: 'GROUP' });
  await sleep(5);
  expectStatus(await api(server, 'POST', `/messaging/conversations/${group.id}/participants`,
    { token: a.token, body: { participantIds: [c.id] } }), 201);
  expectStatus(await api(server, 'DELETE', `/messaging/conversations/${group.id}/participants/${a.id}`,
    { token: a.token }), 204);
  const conv = await getConversation(server, b, group.id);
  assert.equal(participant(conv, a.id).isActive, false);
  assert.equal(participant(conv, b.id).role, 'ADMIN');
  assert.equal(participant(conv, c.id).role, 'MEMBER');
  // The new admin can now add and remove.
  expectStatus(await api(server, 'DELETE', `/messaging/conversations/${group.id}/participants/${c.id}`,
    { token: b.token }), 204);
  expectError(await api(server, 'GET', `/messaging/conversations/${group.id}`, { token: a.token }), 404);
});

test('removing from a DIRECT conversation: 400', async () => {
  const [a, b] = await makeUsers(server, 2, 'rmdirect');
  const direct = await createConversation(server, a, [b.id]);
  expectError(await api(server, 'DELETE', `/messaging/conversations/${direct.id}/participants/${b.id}`,
    { token: a.token }), 400);
  expectError(await api(server, 'DELETE', `/messaging/conversations/${direct.id}/participants/${b.id}`,
    { token: b.token }), 400);
  assert.equal((await getConversation(server, b, direct.id)).participants.filter((p) => p.isActive).length, 2);
});

test('both prefixes /messaging and /api/messaging answer identically', async () => {
  const [a, b, c] = await makeUsers(server, 3, 'prefix');
  // Create through /api/messaging.
  const res = await api(server, 'POST', '/api/messaging/conversations', {
    token: a.token, body: { participantIds: [b.id, c.id], title: 'prefixes' },
  });
  const conv = expectStatus(res, 201);
  assertConversationShape(conv);
  await send(server, b, conv.id, 'hi');
  for (const p of [
    `/conversations/${conv.id}`, '/conversations', '/conversations?page=1&limit=5',
    `/conversations/${conv.id}/messages`, '/search?query=hi', '/block',
  ]) {
    const x = await api(server, 'GET', `/messaging${p}`, { token: a.token });
    const y = await api(server, 'GET', `/api/messaging${p}`, { token: a.token });
    expectStatus(x, 200);
    expectStatus(y, 200);
    assert.deepEqual(y.body, x.body, p);
  }
  expectError(await api(server, 'GET', `/api/messaging/conversations/${conv.id}`, { token: (await makeUser(server, 'outsider')).token }), 404);
  const dup = await api(server, 'POST', '/api/messaging/conversations', { token: a.token, body: { participantIds: [b.id] } });
  expectStatus(dup, 201);
  const dup2 = await api(server, 'POST', '/messaging/conversations', { token: b.token, body: { participantIds: [a.id] } });
  assert.equal(expectStatus(dup2, 200).id, dup.body.id);
});

test('messages of a conversation are visible to every participant (sanity)', async () => {
  const [a, b] = await makeUsers(server, 2, 'sanity');
  const c = await createConversation(server, a, [b.id]);
  const m = await send(server, a, c.id, 'x');
  assert.deepEqual((await listMessages(server, b, c.id)).map((x) => x.id), [m.id]);
});
