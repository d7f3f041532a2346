import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, expectStatus, expectError, makeUser, makeUsers, createConversation, send,
  listMessages, listConversations, getConversation, assertReactionShape, assertShortUser,
  assertKeys, assertMessageShape, ISO_MS, RECEIPT_KEYS,
} from './harness.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

const markRead = (who, messageId) =>
  api(server, 'POST', `/messaging/messages/${messageId}/read`, { token: who.token });
const unreadOf = async (who, convId) =>
  (await listConversations(server, who)).find((c) => c.id === convId).unreadCount;

test('mark read: 200, one receipt with its user, idempotent, unreadCount drops', async () => {
  const a = await makeUser(server, 'reada', { first_name: 'Ada', last_name: 'Reader' });
  const b = await makeUser(server, 'readb');
  const conv = await createConversation(server, a, [b.id]);
  const m1 = await send(server, b, conv.id, 'one');
  const m2 = await send(server, b, conv.id, 'two');
  const m3 = await send(server, b, conv.id, 'three');
  assert.equal(await unreadOf(a, conv.id), 3);
  assert.equal((await getConversation(server, a, conv.id)).unreadCount, 3);
  assert.equal(await unreadOf(b, conv.id), 0, 'what you write, you have read');

  let res = await markRead(a, m2.id);
  assert.deepEqual(expectStatus(res, 200), { success: true, lastReadMessageId: m2.id, unreadCount: 1 });
  assert.equal(await unreadOf(a, conv.id), 1);

  let list = await listMessages(server, b, conv.id);
  const r = list.find((m) => m.id === m2.id).readReceipts;
  assert.equal(r.length, 1);
  assertKeys(r[0], RECEIPT_KEYS, 'receipt');
  assert.match(r[0].id, /^receipt_/);
  assert.equal(r[0].userId, a.id);
  assert.match(r[0].readAt, ISO_MS);
  assertShortUser(r[0].user, a);
  assert.deepEqual(list.find((m) => m.id === m1.id).readReceipts, [], 'only the message marked gets a receipt');
  assert.deepEqual(list.find((m) => m.id === m3.id).readReceipts, []);

  // Again: no second receipt, same answer.
  res = await markRead(a, m2.id);
  assert.deepEqual(expectStatus(res, 200), { success: true, lastReadMessageId: m2.id, unreadCount: 1 });
  list = await listMessages(server, b, conv.id);
  assert.deepEqual(list.find((m) => m.id === m2.id).readReceipts, r);

  // Reading an older message stores its receipt but does not move the read position back.
  res = await markRead(a, m1.id);
  const body = expectStatus(res, 200);
  assert.equal(body.success, true);
  assert.equal(body.unreadCount, 1);
  assert.equal(body.lastReadMessageId, m2.id);
  assert.equal(await unreadOf(a, conv.id), 1);
  assert.equal((await listMessages(server, a, conv.id)).find((m) => m.id === m1.id).readReceipts.length, 1);

  // The newest: unread 0.
  res = await markRead(a, m3.id);
  assert.deepEqual(expectStatus(res, 200), { success: true, lastReadMessageId: m3.id, unreadCount: 0 });
  assert.equal(await unreadOf(a, conv.id), 0);
});

test('reading your own message stores no receipt', async () => {
  const [a, b] = await makeUsers(server, 2, 'ownread');
  const conv = await createConversation(server, a, [b.id]);
  const m = await send(server, a, conv.id, 'mine');
  const body = expectStatus(await markRead(a, m.id), 200);
  assert.equal(body.success, true);
  assert.equal(body.unreadCount, 0);
  const [listed] = await listMessages(server, b, conv.id);
  assert.deepEqual(listed.readReceipts, []);
  // Unknown message: 404.
  expectError(await markRead(a, 'msg_01HZZZZZZZZZZZZZZZZZZZZZZZ'), 404);
});

test('unreadCount leaves out deleted messages; a receipt is visible to the whole conversation', async () => {
  const [a, b, c] = await makeUsers(server, 3, 'unreaddel');
  const group = await createConversation(server, a, [b.id, c.id]);
  const m1 = await send(server, b, group.id, 'x1');
  await send(server, b, group.id, 'x2');
  assert.equal(await unreadOf(a, group.id), 2);
  expectStatus(await api(server, 'DELETE', `/messaging/messages/${m1.id}`, { token: b.token }), 204);
  assert.equal(await unreadOf(a, group.id), 1);
  const m3 = await send(server, c, group.id, 'x3');
  assert.equal(await unreadOf(a, group.id), 2);
  assert.equal(await unreadOf(b, group.id), 1);
  expectStatus(await markRead(c, m3.id), 200);
  expectStatus(await markRead(b, m3.id), 200);
  const [listed] = (await listMessages(server, a, group.id)).filter((m) => m.id === m3.id);
  assert.deepEqual(listed.readReceipts.map((r) => r.userId), [b.id], 'receipt of b only (c sent it)');
});

test('POST /conversations/:id/read sets unreadCount to 0', async () => {
  const [a, b] = await makeUsers(server, 2, 'convread');
  const conv = await createConversation(server, a, [b.id]);
  // Nothing to read yet.
  let res = await api(server, 'POST', `/messaging/conversations/${conv.id}/read`, { token: a.token });
  let body = expectStatus(res, 200);
  assert.equal(body.success, true);
  assert.equal(body.unreadCount, 0);
  assert.equal(body.lastReadMessageId, null);

  await send(server, b, conv.id, 'p1');
  const last = await send(server, b, conv.id, 'p2');
  assert.equal(await unreadOf(a, conv.id), 2);
  res = await api(server, 'POST', `/messaging/conversations/${conv.id}/read`, { token: a.token });
  assert.deepEqual(expectStatus(res, 200), { success: true, lastReadMessageId: last.id, unreadCount: 0 });
  assert.equal(await unreadOf(a, conv.id), 0);
  assert.equal((await getConversation(server, a, conv.id)).unreadCount, 0);
  const list = await listMessages(server, b, conv.id);
  assert.deepEqual(list.find((m) => m.id === last.id).readReceipts.map((r) => r.userId), [a.id]);
  assert.deepEqual(list[0].readReceipts, [], 'only the newest gets a receipt');
  // Twice: still one receipt.
  expectStatus(await api(server, 'POST', `/messaging/conversations/${conv.id}/read`, { token: a.token }), 200);
  assert.equal((await listMessages(server, b, conv.id)).find((m) => m.id === last.id).readReceipts.length, 1);
  // The newest is your own: no receipt, position moves.
  const own = await send(server, a, conv.id, 'p3 mine');
  res = await api(server, 'POST', `/messaging/conversations/${conv.id}/read`, { token: a.token });
  assert.deepEqual(expectStatus(res, 200), { success: true, lastReadMessageId: own.id, unreadCount: 0 });
  assert.deepEqual((await listMessages(server, b, conv.id)).find((m) => m.id === own.id).readReceipts, []);
});

test('reactions: add (201 shape), add twice returns the same, listed on the message', async () => {
  const a = await makeUser(server, 'reacta', { first_name: 'Rea', last_name: 'Ctor' });
  const b = await makeUser(server, 'reactb');
  const conv = await createConversation(server, a, [b.id]);
  const m = await send(server, b, conv.id, 'react to me');
  const path = `/messaging/messages/${m.id}/reactions`;
  let res = await api(server, 'POST', path, { token: a.token, body: { emoji: '👍' } });
  const r1 = expectStatus(res, 201);
  assertReactionShape(r1);
  assert.equal(r1.messageId, m.id);
  assert.equal(r1.userId, a.id);
  assert.equal(r1.emoji, '👍');
  assertShortUser(r1.user, a);

  res = await api(server, 'POST', path, { token: a.token, body: { emoji: '👍' } });
  const again = expectStatus(res, 201);
  assert.deepEqual(again, r1);

  const heart = expectStatus(await api(server, 'POST', path, { token: a.token, body: { emoji: '❤️' } }), 201);
  assert.equal(heart.emoji, '❤️');
  const bThumb = expectStatus(await api(server, 'POST', path, { token: b.token, body: { emoji: '👍' } }), 201);
  assert.notEqual(bThumb.id, r1.id);
  for (const emoji of ['👍🏽', '👩‍💻', '👨‍👩‍👧‍👦', ':thumbsup:', '🏳️‍🌈']) {
    const x = expectStatus(await api(server, 'POST', path, { token: b.token, body: { emoji } }), 201);
    assert.equal(x.emoji, emoji);
  }
  const listed = (await listMessages(server, a, conv.id))[0];
  assertMessageShape(listed);
  assert.equal(listed.reactions.length, 8);
  assert.deepEqual(listed.reactions.find((x) => x.id === r1.id), r1);
  assert.deepEqual(listed.reactions.find((x) => x.id === heart.id), heart);
  assert.equal(listed.reactions.filter((x) => x.emoji === '👍').length, 2);

  // Bad emoji values.
  for (const emoji of ['', 'a b', ' 👍', 'x'.repeat(17)]) {
    expectError(await api(server, 'POST', path, { token: a.token, body: { emoji } }), 400);
  }
  expectError(await api(server, 'POST', path, { token: a.token, body: {} }), 400, { contains: 'emoji' });
  expectError(await api(server, 'POST', path, { token: a.token, body: { emoji: 1 } }), 400);
});

test('reactions: remove with the emoji percent-encoded; absent is 404', async () => {
  const [a, b] = await makeUsers(server, 2, 'unreact');
  const conv = await createConversation(server, a, [b.id]);
  const m = await send(server, b, conv.id, 'react');
  const path = `/messaging/messages/${m.id}/reactions`;
  for (const emoji of ['👍', '❤️']) {
    expectStatus(await api(server, 'POST', path, { token: a.token, body: { emoji } }), 201);
  }
  expectStatus(await api(server, 'POST', path, { token: b.token, body: { emoji: '👍' } }), 201);
  assert.equal(encodeURIComponent('👍'), '%F0%9F%91%8D');
  let res = await api(server, 'DELETE', `${path}/%F0%9F%91%8D`, { token: a.token });
  expectStatus(res, 204);
  assert.equal(res.text, '');
  res = await api(server, 'DELETE', `${path}/${encodeURIComponent('❤️')}`, { token: a.token });
  expectStatus(res, 204);
  // Only a's reactions went; b's thumbs up stays.
  const [listed] = await listMessages(server, b, conv.id);
  assert.deepEqual(listed.reactions.map((r) => [r.userId, r.emoji]), [[b.id, '👍']]);
  // Again: 404. Lowercase percent-encoding addresses the same emoji.
  expectError(await api(server, 'DELETE', `${path}/%F0%9F%91%8D`, { token: a.token }), 404);
  expectError(await api(server, 'DELETE', `${path}/${encodeURIComponent('🎉')}`, { token: a.token }), 404);
  expectStatus(await api(server, 'DELETE', `${path}/%f0%9f%91%8d`, { token: b.token }), 204);
  assert.deepEqual((await listMessages(server, b, conv.id))[0].reactions, []);
  // A short code in the path.
  expectStatus(await api(server, 'POST', path, { token: a.token, body: { emoji: ':+1:' } }), 201);
  expectStatus(await api(server, 'DELETE', `${path}/${encodeURIComponent(':+1:')}`, { token: a.token }), 204);
});

test('reactions on a deleted message: 400; deleting keeps nothing reactable', async () => {
  const [a, b] = await makeUsers(server, 2, 'reactdel');
  const conv = await createConversation(server, a, [b.id]);
  const m = await send(server, b, conv.id, 'soon gone');
  expectStatus(await api(server, 'DELETE', `/messaging/messages/${m.id}`, { token: b.token }), 204);
  expectError(await api(server, 'POST', `/messaging/messages/${m.id}/reactions`,
    { token: a.token, body: { emoji: '👍' } }), 400);
  expectError(await api(server, 'POST', '/messaging/messages/msg_01HZZZZZZZZZZZZZZZZZZZZZZZ/reactions',
    { token: a.token, body: { emoji: '👍' } }), 404);
  assert.deepEqual((await listMessages(server, a, conv.id))[0].reactions, []);
});
