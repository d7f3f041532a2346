// Presence a client can start from: on admission a socket receives presence_state with its
// contacts (everyone it shares an active conversation with), online or offline, with when
// each was last seen; user_status_changed "offline" carries lastSeenAt; and no presence
// crosses a block, either way.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startGateway, connectAuthed, connectAll, waitFor, closeAll, close, makeUsers, makeUser,
  createConversation, rest, assertNone, received, assertKeys, ISO_MS, WAIT_MS,
} from './support.mjs';

let server;
before(async () => {
  server = await startGateway();
});
after(async () => {
  closeAll();
  await server?.stop();
});

const statusOf = (userId, status) => (p) => p.userId === userId && (!status || p.status === status);
const byUser = (a, b) => (a.userId < b.userId ? -1 : 1);

test('presence_state on admission: every contact, online or offline, with lastSeenAt; nobody else', async () => {
  const [a, b, c, d, blockedByA, blockerOfA] = await makeUsers(server, 6, 'pstate');
  const stranger = await makeUser(server, 'pstranger');
  await createConversation(server, a, [b.id, c.id, d.id], { type: 'GROUP', title: 'Group' });
  await createConversation(server, a, [blockedByA.id]);
  await createConversation(server, blockerOfA, [a.id]);
  await rest(server, a, 'POST', '/messaging/block', { userId: blockedByA.id }, 201);
  await rest(server, blockerOfA, 'POST', '/messaging/block', { userId: a.id }, 201);
  const sb = await connectAuthed(server, b);
  const sd = await connectAuthed(server, d);
  await waitFor(sb, 'user_status_changed', WAIT_MS, statusOf(d.id, 'online'));
  await close(sd);
  const offline = await waitFor(sb, 'user_status_changed', WAIT_MS, statusOf(d.id, 'offline'));
  const others = await connectAll(server, [blockedByA, blockerOfA, stranger]);  // online, unseen by a

  const sa = await connectAuthed(server, a);
  assertKeys(sa.presence, ['users'], 'presence_state');
  for (const entry of sa.presence.users) assertKeys(entry, ['userId', 'status', 'lastSeenAt'], 'entry');
  assert.deepEqual([...sa.presence.users].sort(byUser), [
    { userId: b.id, status: 'online', lastSeenAt: null },
    { userId: c.id, status: 'offline', lastSeenAt: null },  // never connected
    { userId: d.id, status: 'offline', lastSeenAt: offline.lastSeenAt },
  ].sort(byUser));
  for (const s of [sb, sa, ...others]) await close(s);
});

test('user_status_changed: online is {userId, status, timestamp}; offline adds lastSeenAt, which presence_state repeats', async () => {
  const [a, b, c] = await makeUsers(server, 3, 'pstatus');
  await createConversation(server, a, [b.id, c.id], { type: 'GROUP', title: 'Group' });
  const sb = await connectAuthed(server, b);
  const sa = await connectAuthed(server, a);
  const online = await waitFor(sb, 'user_status_changed', WAIT_MS, statusOf(a.id, 'online'));
  assertKeys(online, ['userId', 'status', 'timestamp'], 'online');
  const leftAt = Date.now();
  await close(sa);
  const offline = await waitFor(sb, 'user_status_changed', WAIT_MS, statusOf(a.id, 'offline'));
  assertKeys(offline, ['userId', 'status', 'timestamp', 'lastSeenAt'], 'offline');
  assert.match(offline.lastSeenAt, ISO_MS);
  assert.equal(offline.lastSeenAt, offline.timestamp);
  const seen = Date.parse(offline.lastSeenAt);
  assert.ok(seen >= leftAt - 1000 && seen <= Date.now() + 1000, `lastSeenAt ${offline.lastSeenAt} is when a left`);
  // Someone who connects later learns the same time.
  const sc = await connectAuthed(server, c);
  assert.deepEqual(sc.presence.users.find((u) => u.userId === a.id),
    { userId: a.id, status: 'offline', lastSeenAt: offline.lastSeenAt });
  assert.deepEqual(sc.presence.users.find((u) => u.userId === b.id),
    { userId: b.id, status: 'online', lastSeenAt: null });
  for (const s of [sb, sc]) await close(s);
});

test('no presence across a block, either way: B blocked A; A and B hear nothing of each other, C hears both', async () => {
  const [a, b, c] = await makeUsers(server, 3, 'pblock');
  await createConversation(server, a, [b.id, c.id], { type: 'GROUP', title: 'Group' });
  await rest(server, b, 'POST', '/messaging/block', { userId: a.id }, 201);
  const sc = await connectAuthed(server, c);
  const sb = await connectAuthed(server, b);
  assert.deepEqual(sb.presence.users.map((u) => u.userId), [c.id], 'B\'s state leaves A out');
  await waitFor(sc, 'user_status_changed', WAIT_MS, statusOf(b.id, 'online'));
  const sa = await connectAuthed(server, a);
  assert.deepEqual(sa.presence.users, [{ userId: c.id, status: 'online', lastSeenAt: null }],
    'A\'s state leaves B out, though B is online');
  await waitFor(sc, 'user_status_changed', WAIT_MS, statusOf(a.id, 'online'));
  await close(sa);
  await waitFor(sc, 'user_status_changed', WAIT_MS, statusOf(a.id, 'offline'));
  // A sentinel that B does hear, after everything A did.
  const [x] = await makeUsers(server, 1, 'psentinel');
  await createConversation(server, x, [b.id]);
  const sx = await connectAuthed(server, x);
  await waitFor(sb, 'user_status_changed', WAIT_MS, statusOf(x.id, 'online'));
  assertNone(sb, 'user_status_changed', statusOf(a.id), 'B blocked A');
  // And A never hears of B: B leaves while A is connected again. (C hearing it means the
  // broadcast went out before y's, which A hears.)
  const sa2 = await connectAuthed(server, a);
  await close(sb);
  await waitFor(sc, 'user_status_changed', WAIT_MS, statusOf(b.id, 'offline'));
  const [y] = await makeUsers(server, 1, 'psent2');
  await createConversation(server, y, [a.id]);
  const sy = await connectAuthed(server, y);
  await waitFor(sa2, 'user_status_changed', WAIT_MS, statusOf(y.id, 'online'));
  assertNone(sa2, 'user_status_changed', statusOf(b.id), 'A does not hear of B either');
  assert.equal(received(sc, 'user_status_changed', statusOf(b.id)).length, 2, 'C heard B twice');
  for (const s of [sc, sx, sa2, sy]) await close(s);
});
