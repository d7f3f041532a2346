import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, expectStatus, makeUser, makeUsers, createConversation, listMessages,
  listConversations, getConversation,
} from './harness.mjs';

let server;
before(async () => {
  // Many requests of one user at once is the point here, not their rate: no allowances.
  server = await startServer({ args: ['--rate-messages', '0', '--rate-writes', '0'] });
});
after(async () => {
  await server?.stop();
});

test('200 sends in parallel to one conversation: all 201, all listed, ids unique and in order', async () => {
  const users = await makeUsers(server, 4, 'par');
  const [a, ...others] = users;
  const conv = await createConversation(server, a, others.map((u) => u.id), { title: 'busy' });
  const N = 200;
  const results = await Promise.all(Array.from({ length: N }, (_, i) =>
    api(server, 'POST', `/messaging/conversations/${conv.id}/messages`, {
      token: users[i % users.length].token,
      body: { content: `parallel ${i}` },
      timeoutMs: 20_000,
    })));
  const statuses = results.map((r) => r.status);
  assert.deepEqual(statuses.filter((s) => s !== 201), [], `non-201 answers: ${results.filter((r) => r.status !== 201).map((r) => r.text).slice(0, 3)}`);
  const ids = results.map((r) => r.body.id);
  assert.equal(new Set(ids).size, N, 'ids are unique');
  for (const [i, r] of results.entries()) {
    assert.equal(r.body.content, `parallel ${i}`);
    assert.equal(r.body.senderId, users[i % users.length].id);
  }

  const page2 = await listMessages(server, a, conv.id, 'limit=100&page=2');
  const page1 = await listMessages(server, a, conv.id, 'limit=100');
  const listed = [...page2, ...page1];
  assert.equal(listed.length, N);
  assert.deepEqual(new Set(listed.map((m) => m.id)), new Set(ids), 'every acknowledged message is listed');
  const listedIds = listed.map((m) => m.id);
  assert.deepEqual(listedIds, [...listedIds].sort(), 'listed oldest to newest, ids in creation order');
  for (let i = 1; i < listed.length; i++) {
    assert.ok(listed[i - 1].createdAt <= listed[i].createdAt, `createdAt order at ${i}`);
  }
  // Default limit 50: the newest 50.
  const def = await listMessages(server, a, conv.id);
  assert.deepEqual(def.map((m) => m.id), listedIds.slice(-50));
  // Cursor paging walks the whole history without gaps or repeats.
  const walked = [];
  let cursor = null;
  for (;;) {
    const pageItems = await listMessages(server, a, conv.id, cursor ? `before=${cursor}&limit=37` : 'limit=37');
    if (pageItems.length === 0) break;
    walked.unshift(...pageItems);
    cursor = pageItems[0].id;
  }
  assert.deepEqual(walked.map((m) => m.id), listedIds);
  // The counters agree.
  const seen = await getConversation(server, others[0], conv.id);
  assert.deepEqual(seen._count, { messages: N });
  const mine = results.filter((_, i) => i % users.length === 1).length;
  assert.ok(seen.unreadCount <= N - mine);
  assert.equal(seen.messages[0].id, listedIds[N - 1]);
});

test('the same DIRECT conversation created 10 times in parallel: one 201, the rest 200, one id', async () => {
  const [a, b] = await makeUsers(server, 2, 'racedirect');
  const results = await Promise.all(Array.from({ length: 10 }, (_, i) =>
    api(server, 'POST', '/messaging/conversations', {
      token: (i % 2 ? a : b).token,
      body: { participantIds: [(i % 2 ? b : a).id] },
    })));
  const statuses = results.map((r) => r.status).sort();
  assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200, 200, 200, 200, 201], results.map((r) => r.text.slice(0, 200)).join('\n'));
  assert.equal(new Set(results.map((r) => r.body.id)).size, 1);
  assert.equal((await listConversations(server, a)).length, 1);
});

test('parallel reactions and read receipts on one message stay unique per user', async () => {
  const users = await makeUsers(server, 6, 'racereact');
  const [a, ...rest] = users;
  const conv = await createConversation(server, a, rest.map((u) => u.id));
  const m = expectStatus(await api(server, 'POST', `/messaging/conversations/${conv.id}/messages`,
    { token: a.token, body: { content: 'react to me, all at once' } }), 201);
  const reactions = await Promise.all(rest.flatMap((u) => Array.from({ length: 4 }, () =>
    api(server, 'POST', `/messaging/messages/${m.id}/reactions`, { token: u.token, body: { emoji: '🔥' } }))));
  for (const r of reactions) expectStatus(r, 201);
  const reads = await Promise.all(rest.flatMap((u) => Array.from({ length: 4 }, () =>
    api(server, 'POST', `/messaging/messages/${m.id}/read`, { token: u.token }))));
  for (const r of reads) expectStatus(r, 200);
  const [listed] = await listMessages(server, a, conv.id);
  assert.equal(listed.reactions.length, rest.length, 'one reaction per user');
  assert.deepEqual(new Set(listed.reactions.map((r) => r.userId)), new Set(rest.map((u) => u.id)));
  for (const u of rest) {
    const theirs = reactions.filter((r) => r.body.userId === u.id).map((r) => r.body.id);
    assert.equal(new Set(theirs).size, 1, 'adding again returns the first reaction');
  }
  assert.equal(listed.readReceipts.length, rest.length, 'one receipt per reader');
  assert.deepEqual(new Set(listed.readReceipts.map((r) => r.userId)), new Set(rest.map((u) => u.id)));
});

test('a user sees conversations created concurrently by many others', async () => {
  const hub = await makeUser(server, 'hub');
  const spokes = await makeUsers(server, 20, 'spoke');
  const created = await Promise.all(spokes.map((s) =>
    api(server, 'POST', '/messaging/conversations', { token: s.token, body: { participantIds: [hub.id] } })));
  for (const r of created) expectStatus(r, 201);
  const list = await listConversations(server, hub, 'limit=100');
  assert.equal(list.length, 20);
  assert.deepEqual(new Set(list.map((c) => c.id)), new Set(created.map((r) => r.body.id)));
  const sorted = [...list].sort((x, y) => (x.createdAt < y.createdAt ? 1 : x.createdAt > y.createdAt ? -1 : 0));
  assert.deepEqual(list.map((c) => c.createdAt), sorted.map((c) => c.createdAt), 'newest activity first');
});
