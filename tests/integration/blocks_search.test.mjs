import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, expectStatus, expectError, makeUser, makeUsers, createConversation, send,
  listMessages, listConversations, getConversation, assertKeys, assertSender, ISO_MS, uid,
  SEARCH_HIT_KEYS, sleep,
} from './harness.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

const block = (who, userId, extra = {}) =>
  api(server, 'POST', '/messaging/block', { token: who.token, body: { userId, ...extra } });
const unblock = (who, userId) =>
  api(server, 'DELETE', `/messaging/block/${encodeURIComponent(userId)}`, { token: who.token });
const search = (who, query) => api(server, 'GET', `/messaging/search?${query}`, { token: who.token });
const q = (s) => `query=${encodeURIComponent(s)}`;

test('block and unblock: statuses and the block list', async () => {
  const [a, b, c] = await makeUsers(server, 3, 'blk');
  let res = await block(a, b.id, { reason: 'Inappropriate behavior' });
  assert.deepEqual(expectStatus(res, 201), { success: true });
  expectStatus(await block(a, c.id), 201);
  expectError(await block(a, a.id), 400);
  expectError(await block(a, b.id), 400);
  expectError(await block(a, uid('ghost')), 404);
  expectError(await block(a, c.id, { reason: 'r'.repeat(501) }), 400);
  expectError(await block(a, undefined), 400, { contains: 'userId' });
  expectError(await api(server, 'POST', '/messaging/block', { token: a.token, body: { userId: b.id, extra: 1 } }), 400,
    { contains: 'property extra should not exist' });

  res = await api(server, 'GET', '/messaging/block', { token: a.token });
  const list = expectStatus(res, 200);
  assert.equal(list.length, 2);
  for (const entry of list) {
    assertKeys(entry, ['userId', 'reason', 'createdAt', 'user'], 'block entry');
    assert.match(entry.createdAt, ISO_MS);
    assert.equal(entry.user.id, entry.userId);
  }
  const eb = list.find((e) => e.userId === b.id);
  assert.equal(eb.reason, 'Inappropriate behavior');
  assert.equal(eb.user.firstName, b.firstName);
  assert.equal(eb.user.lastName, b.lastName);
  assert.equal(list.find((e) => e.userId === c.id).reason, null);
  // b's list is empty: blocks are per blocker.
  assert.deepEqual(expectStatus(await api(server, 'GET', '/messaging/block', { token: b.token }), 200), []);

  res = await unblock(a, b.id);
  expectStatus(res, 204);
  assert.equal(res.text, '');
  expectError(await unblock(a, b.id), 404);
  expectError(await unblock(b, a.id), 404);
  expectError(await unblock(a, uid('ghost')), 404);
  assert.deepEqual((expectStatus(await api(server, 'GET', '/messaging/block', { token: a.token }), 200)).map((e) => e.userId), [c.id]);
  // Blocking again after an unblock works.
  expectStatus(await block(a, b.id), 201);
});

test('a block either way forbids sending in the DIRECT conversation and creating one', async () => {
  const [a, b, c] = await makeUsers(server, 3, 'blkdirect');
  const conv = await createConversation(server, a, [b.id]);
  await send(server, b, conv.id, 'before the block');
  expectStatus(await block(a, b.id), 201);
  for (const who of [a, b]) {
    expectError(await api(server, 'POST', `/messaging/conversations/${conv.id}/messages`,
      { token: who.token, body: { content: 'blocked?' } }), 403);
  }
  // Creating: neither direction (the existing DIRECT is not handed out either).
  expectError(await api(server, 'POST', '/messaging/conversations', { token: b.token, body: { participantIds: [a.id] } }), 403);
  expectError(await api(server, 'POST', '/messaging/conversations', { token: a.token, body: { participantIds: [b.id] } }), 403);
  // A new pair: c blocks a; neither may start a DIRECT conversation.
  expectStatus(await block(c, a.id), 201);
  expectError(await api(server, 'POST', '/messaging/conversations', { token: a.token, body: { participantIds: [c.id] } }), 403);
  expectError(await api(server, 'POST', '/messaging/conversations', { token: c.token, body: { participantIds: [a.id], type: 'DIRECT' } }), 403);
  // Groups stay possible.
  const group = await createConversation(server, a, [b.id, c.id]);
  await send(server, b, group.id, 'group is fine');
  // After the unblock, the DIRECT works again.
  expectStatus(await unblock(a, b.id), 204);
  await send(server, b, conv.id, 'after the unblock');
  await send(server, a, conv.id, 'welcome back');
  assert.deepEqual((await listMessages(server, a, conv.id)).map((m) => m.content),
    ['before the block', 'after the unblock', 'welcome back']);
});

test("the blocker stops seeing the blocked user's messages in a GROUP; they come back after unblock", async () => {
  const [a, b, c] = await makeUsers(server, 3, 'blkgroup');
  const group = await createConversation(server, a, [b.id, c.id], { title: 'circle' });
  const c1 = await send(server, c, group.id, 'c says zebrafeeling one');
  await sleep(2);
  const b1 = await send(server, b, group.id, 'b says zebrafeeling two');
  expectStatus(await block(a, b.id), 201);
  // b may still write in the group.
  await sleep(2);
  const b2 = await send(server, b, group.id, 'b says zebrafeeling three');

  const seen = async () => (await listMessages(server, a, group.id)).map((m) => m.id);
  assert.deepEqual(await seen(), [c1.id]);
  let conv = await getConversation(server, a, group.id);
  assert.equal(conv.messages.length, 1);
  assert.equal(conv.messages[0].id, c1.id, 'last message preview skips the blocked user');
  assert.equal(conv.unreadCount, 1);
  assert.deepEqual(conv._count, { messages: 3 });
  let listed = (await listConversations(server, a)).find((x) => x.id === group.id);
  assert.equal(listed.messages[0].id, c1.id);
  assert.equal(listed.unreadCount, 1);
  let hits = expectStatus(await search(a, q('zebrafeeling')), 200);
  assert.deepEqual(hits.map((h) => h.id), [c1.id]);
  hits = expectStatus(await search(a, q('ze')), 200);
  assert.deepEqual(hits.map((h) => h.id), [c1.id], 'short queries too');
  // The others still see everything.
  assert.deepEqual((await listMessages(server, c, group.id)).map((m) => m.id), [c1.id, b1.id, b2.id]);
  assert.equal((await getConversation(server, c, group.id)).messages[0].id, b2.id);
  assert.deepEqual(expectStatus(await search(c, q('zebrafeeling')), 200).map((h) => h.id), [b2.id, b1.id, c1.id]);
  // The blocked user still sees the blocker's messages.
  const a1 = await send(server, a, group.id, 'a says zebrafeeling four');
  assert.ok((await listMessages(server, b, group.id)).some((m) => m.id === a1.id));

  expectStatus(await unblock(a, b.id), 204);
  assert.deepEqual(await seen(), [c1.id, b1.id, b2.id, a1.id]);
  conv = await getConversation(server, a, group.id);
  assert.equal(conv.messages[0].id, a1.id);
  assert.equal(conv.unreadCount, 0, 'a read up to its own message');
  hits = expectStatus(await search(a, q('zebrafeeling')), 200);
  assert.deepEqual(hits.map((h) => h.id), [a1.id, b2.id, b1.id, c1.id]);
});

test('unread count with a block before reading', async () => {
  const [a, b, c] = await makeUsers(server, 3, 'blkunread');
  const group = await createConversation(server, a, [b.id, c.id]);
  await send(server, b, group.id, 'b1');
  await send(server, b, group.id, 'b2');
  await send(server, c, group.id, 'c1');
  assert.equal((await getConversation(server, a, group.id)).unreadCount, 3);
  expectStatus(await block(a, b.id), 201);
  assert.equal((await getConversation(server, a, group.id)).unreadCount, 1);
  expectStatus(await unblock(a, b.id), 204);
  assert.equal((await getConversation(server, a, group.id)).unreadCount, 3);
});

test('search: case-insensitive substring in your own conversations, with the hit shape', async () => {
  const a = await makeUser(server, 'srcha', { first_name: 'Sam', last_name: 'Search' });
  const b = await makeUser(server, 'srchb');
  const [c, d] = await makeUsers(server, 2, 'srchother');
  const conv = await createConversation(server, a, [b.id], { title: 'ignored for direct?' });
  const m = await send(server, b, conv.id, "I'm feeling much better.");
  // Another pair talks about the same thing.
  const otherConv = await createConversation(server, c, [d.id]);
  await send(server, c, otherConv.id, 'feeling great too');
  await send(server, a, conv.id, 'unrelated words');

  for (const query of ['FEEL', 'feel', 'Feeling', 'MUCH BETTER', 'ing much', 'BeTtEr.', "I'm"]) {
    const hits = expectStatus(await search(a, q(query)), 200);
    assert.deepEqual(hits.map((h) => h.id), [m.id], `query ${query}`);
  }
  const [hit] = expectStatus(await search(a, q('feel')), 200);
  assertKeys(hit, SEARCH_HIT_KEYS, 'search hit');
  assert.equal(hit.conversationId, conv.id);
  assert.equal(hit.senderId, b.id);
  assert.equal(hit.content, "I'm feeling much better.");
  assert.equal(hit.messageType, 'TEXT');
  assert.equal(hit.createdAt, m.createdAt);
  assertSender(hit.sender, b);
  assert.deepEqual(hit.conversation, { id: conv.id, type: 'DIRECT', title: conv.title });
  // The trimmed query.
  assert.deepEqual(expectStatus(await search(a, q('  feel  ')), 200).map((h) => h.id), [m.id]);
  // The other pair sees only their own.
  assert.equal(expectStatus(await search(c, q('FEEL')), 200).length, 1);
  assert.notEqual(expectStatus(await search(c, q('FEEL')), 200)[0].id, m.id);
  // Nothing found is an empty list.
  assert.deepEqual(expectStatus(await search(a, q('nothing like this')), 200), []);
});

test('search: conversationId filter; a conversation you cannot see is 404', async () => {
  const [a, b, c, outsider] = await makeUsers(server, 4, 'srchconv');
  const c1 = await createConversation(server, a, [b.id]);
  const c2 = await createConversation(server, a, [c.id]);
  const m1 = await send(server, b, c1.id, 'pineapple in one');
  const m2 = await send(server, c, c2.id, 'pineapple in two');
  assert.deepEqual(expectStatus(await search(a, `${q('pineapple')}`), 200).map((h) => h.id), [m2.id, m1.id]);
  assert.deepEqual(expectStatus(await search(a, `${q('pineapple')}&conversationId=${c1.id}`), 200).map((h) => h.id), [m1.id]);
  assert.deepEqual(expectStatus(await search(a, `${q('pi')}&conversationId=${c2.id}`), 200).map((h) => h.id), [m2.id]);
  expectError(await search(outsider, `${q('pineapple')}&conversationId=${c1.id}`), 404);
  expectError(await search(b, `${q('pineapple')}&conversationId=${c2.id}`), 404);
  expectError(await search(a, `${q('pineapple')}&conversationId=conv_01HZZZZZZZZZZZZZZZZZZZZZZZ`), 404);
  assert.deepEqual(expectStatus(await search(outsider, q('pineapple')), 200), []);
});

test('search: missing, blank or too long query is 400; 1–2 character queries work', async () => {
  const [a, b] = await makeUsers(server, 2, 'srchq');
  const conv = await createConversation(server, a, [b.id]);
  const m1 = await send(server, a, conv.id, 'Ok');
  const m2 = await send(server, b, conv.id, 'x marks the spot');
  expectError(await search(a, ''), 400, { contains: 'query' });
  expectError(await search(a, 'query='), 400, { contains: 'query' });
  expectError(await search(a, q('   ')), 400, { contains: 'query' });
  expectError(await search(a, q('a'.repeat(201))), 400, { contains: 'query' });
  expectStatus(await search(a, q('a'.repeat(200))), 200);
  assert.deepEqual(expectStatus(await search(a, q('ok')), 200).map((h) => h.id), [m1.id]);
  assert.deepEqual(expectStatus(await search(a, q('OK')), 200).map((h) => h.id), [m1.id]);
  assert.deepEqual(expectStatus(await search(a, q('X')), 200).map((h) => h.id), [m2.id]);
  assert.deepEqual(expectStatus(await search(a, q('t')), 200).map((h) => h.id), [m2.id]);
  assert.deepEqual(expectStatus(await search(a, q('k')), 200).map((h) => h.id), [m2.id, m1.id]);
  expectError(await search(a, `${q('ok')}&page=0`), 400);
  expectError(await search(a, `${q('ok')}&limit=101`), 400);
});

test('search: pages go no deeper than the first 1,000 results', async () => {
  const [a, b] = await makeUsers(server, 2, 'srchdeep');
  await createConversation(server, a, [b.id]);
  expectStatus(await search(a, `${q('hello')}&page=10&limit=100`), 200);
  expectStatus(await search(a, `${q('he')}&page=1000&limit=1`), 200);
  for (const paging of ['page=11&limit=100', 'page=1001&limit=1', 'page=51&limit=20']) {
    expectError(await search(a, `${q('hello')}&${paging}`), 400,
      { contains: 'page * limit must not be greater than 1000 for search' });
  }
});

test('search: quotes and special characters match literally', async () => {
  const [a, b] = await makeUsers(server, 2, 'srchspecial');
  const conv = await createConversation(server, a, [b.id]);
  const pct = await send(server, a, conv.id, 'save 50% today');
  await send(server, a, conv.id, 'save 50 percent today'); // decoy for %-as-wildcard
  const under = await send(server, a, conv.id, 'use snake_case names');
  await send(server, a, conv.id, 'use snakeXcase names'); // decoy for _-as-wildcard
  const quote = await send(server, a, conv.id, 'she said "hi there" to me');
  await send(server, a, conv.id, 'she said hi there to me'); // decoy for phrase queries
  const star = await send(server, a, conv.id, 'rate 5*star here');
  await send(server, a, conv.id, 'rate 5 stars here'); // decoy for * as prefix/glob
  const backslash = await send(server, a, conv.id, 'path C:\\temp\\x');
  const apostrophe = await send(server, a, conv.id, "it's O'Brien; DROP TABLE x; --");

  const ids = async (query) => expectStatus(await search(a, q(query)), 200).map((h) => h.id);
  assert.deepEqual(await ids('%'), [pct.id]);
  assert.deepEqual(await ids('0%'), [pct.id]);
  assert.deepEqual(await ids('50% t'), [pct.id]);
  assert.deepEqual(await ids('_'), [under.id]);
  assert.deepEqual(await ids('e_c'), [under.id]);
  assert.deepEqual(await ids('snake_case'), [under.id]);
  assert.deepEqual(await ids('"'), [quote.id]);
  assert.deepEqual(await ids('"hi'), [quote.id]);
  assert.deepEqual(await ids('"hi there"'), [quote.id]);
  assert.deepEqual(await ids('*'), [star.id]);
  assert.deepEqual(await ids('5*'), [star.id]);
  assert.deepEqual(await ids('5*star'), [star.id]);
  assert.deepEqual(await ids('\\'), [backslash.id]);
  assert.deepEqual(await ids('C:\\temp'), [backslash.id]);
  assert.deepEqual(await ids("O'Brien"), [apostrophe.id]);
  assert.deepEqual(await ids('DROP TABLE x; --'), [apostrophe.id]);
  assert.deepEqual(await ids("'"), [apostrophe.id]);
  for (const query of ['AND', 'OR', 'NOT', 'NEAR', '(', ')', '^', ':', '-', '+', '{', '"a" OR "b"', 'star*', 'a"b']) {
    expectStatus(await search(a, q(query)), 200, `query ${query}`);
  }
  assert.deepEqual(await ids('(nothing)'), []);
  assert.deepEqual(await ids('x OR y'), []);
});

test('search: deleted messages are not found; newest first; pagination', async () => {
  const [a, b] = await makeUsers(server, 2, 'srchpage');
  const conv = await createConversation(server, a, [b.id]);
  const ms = [];
  for (let i = 1; i <= 5; i++) ms.push(await send(server, i % 2 ? a : b, conv.id, `kiwifruit number ${i}`));
  expectStatus(await api(server, 'DELETE', `/messaging/messages/${ms[2].id}`, { token: a.token }), 204);
  const all = expectStatus(await search(a, q('kiwifruit')), 200).map((h) => h.id);
  assert.deepEqual(all, [ms[4].id, ms[3].id, ms[1].id, ms[0].id]);
  assert.deepEqual(expectStatus(await search(a, q('ki')), 200).map((h) => h.id), all);
  assert.deepEqual(expectStatus(await search(a, `${q('kiwifruit')}&limit=2`), 200).map((h) => h.id), all.slice(0, 2));
  assert.deepEqual(expectStatus(await search(a, `${q('kiwifruit')}&limit=2&page=2`), 200).map((h) => h.id), all.slice(2, 4));
  assert.deepEqual(expectStatus(await search(a, `${q('kiwifruit')}&limit=2&page=3`), 200), []);
  assert.deepEqual(expectStatus(await search(a, q('number 3')), 200), []);
  // An edit is searchable by its new content, not the old.
  expectStatus(await api(server, 'PUT', `/messaging/messages/${ms[0].id}`,
    { token: a.token, body: { content: 'mango now' } }), 200);
  assert.deepEqual(expectStatus(await search(a, q('mango')), 200).map((h) => h.id), [ms[0].id]);
  assert.deepEqual(expectStatus(await search(a, q('number 1')), 200), []);
  // Messages of a conversation you left are no longer found.
  const [c, d] = await makeUsers(server, 2, 'srchleft');
  const group = await createConversation(server, c, [d.id, a.id]);
  await send(server, d, group.id, 'kiwifruit in group');
  // ms[0] now reads 'mango now': three kiwifruit messages of the DIRECT conversation remain.
  const inGroup = expectStatus(await search(a, q('kiwifruit')), 200).map((h) => h.id);
  assert.equal(inGroup.length, 4);
  assert.deepEqual(inGroup.slice(1), [ms[4].id, ms[3].id, ms[1].id]);
  expectStatus(await api(server, 'DELETE', `/messaging/conversations/${group.id}/participants/${a.id}`,
    { token: a.token }), 204);
  assert.deepEqual(expectStatus(await search(a, q('kiwifruit')), 200).map((h) => h.id),
    [ms[4].id, ms[3].id, ms[1].id]);
});
