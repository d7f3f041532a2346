// A deleted user is gone at once: every socket of theirs is told why (auth_error
// USER_DELETED) and disconnected, their conversations hear participant_removed, they can
// neither reconnect nor keep typing; Clerk's user.deleted does the same, a replayed delivery
// changes nothing, and a late user.updated cannot bring the user back.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startGateway, connect, connectAuthed, connectAll, waitFor, join, emitAck, closeAll, close,
  group, admin, api, expectStatus, svixHeaders, send, assertNone, received, waitForArrival,
  adminHeaders, WAIT_MS,
} from './support.mjs';

let server;
before(async () => {
  server = await startGateway();
});
after(async () => {
  closeAll();
  await server?.stop();
});

/** Expects what a deleted user's socket sees: auth_error USER_DELETED, then the end. */
async function expectDeleted(socket) {
  assert.deepEqual(await waitFor(socket, 'auth_error'),
    { message: 'User account has been deleted', code: 'USER_DELETED' });
  assert.equal(await waitFor(socket, 'disconnect'), 'io server disconnect');
  assert.equal(socket.active, false, 'the client does not reconnect by itself');
}

/** Delivers a Clerk event, signed as Svix does (or with `headers` as given): {res, body, headers}. */
async function clerk(event, { body = JSON.stringify(event), headers } = {}) {
  const sent = { 'content-type': 'application/json',
    ...(headers ?? svixHeaders(server.webhookSecret, body)) };
  const res = await api(server, 'POST', '/webhooks/clerk', { rawBody: body, headers: sent });
  return { res, body, headers: sent };
}

test('deleted by the admin API: every socket of the user gets USER_DELETED and is disconnected; the conversation hears participant_removed', async () => {
  const { users: [a, b, c], conversation } = await group(server, 3, 'del');
  const [sa1, sa2, sb, sc] = await connectAll(server, [a, a, b, c]);
  for (const s of [sa1, sb, sc]) await join(s, conversation.id);  // sa2 stays outside the room
  await emitAck(sa1, 'typing_indicator', { conversationId: conversation.id, isTyping: true });
  await waitFor(sb, 'typing_indicator', WAIT_MS, (p) => p.userId === a.id && p.isTyping);

  await admin(server, 'DELETE', `/admin/users/${a.id}`, undefined, 204);
  const removed = { conversationId: conversation.id, userId: a.id, removedBy: a.id, seq: 1 };
  for (const s of [sb, sc]) assert.deepEqual(await waitFor(s, 'participant_removed'), removed);
  for (const s of [sa1, sa2]) await expectDeleted(s);
  // a's typing ended with its socket.
  assert.deepEqual(await waitFor(sb, 'typing_indicator', WAIT_MS, (p) => p.userId === a.id && !p.isTyping),
    { conversationId: conversation.id, userId: a.id, isTyping: false });

  // Nothing more reaches a: the group goes on without it.
  const later = await send(server, b, conversation.id, 'after a was deleted');
  await waitFor(sc, 'new_message', WAIT_MS, (m) => m.id === later.id);
  for (const s of [sa1, sa2]) {
    assertNone(s, 'new_message', (m) => m.id === later.id);
    assertNone(s, 'conversation_activity', (p) => p.messageId === later.id);
  }
  // And a cannot come back with its token.
  const again = connect(server, a);
  assert.equal((await waitFor(again, 'auth_error')).code, 'AUTH_FAILED');
  await waitFor(again, 'disconnect');
  expectStatus(await api(server, 'GET', '/messaging/conversations', { token: a.token }), 401);
  const participants = expectStatus(await api(server, 'GET', `/messaging/conversations/${conversation.id}`,
    { token: b.token }), 200).participants;
  assert.equal(participants.find((p) => p.userId === a.id).isActive, false);
  for (const s of [sb, sc]) await close(s);
});

test('Clerk user.deleted disconnects the user at once; a replayed delivery changes nothing; a late user.updated cannot bring them back', async () => {
  const { users: [a, b], conversation } = await group(server, 2, 'clerkdel');
  const [sa, sb] = await connectAll(server, [a, b]);
  await join(sb, conversation.id);
  const before = Date.now();
  const deletion = { type: 'user.deleted', object: 'event', timestamp: Date.now(),
    data: { id: a.id, object: 'user', deleted: true } };
  const { res, body, headers } = await clerk(deletion);
  assert.deepEqual(expectStatus(res, 200), { success: true, type: 'user.deleted', outcome: 'applied' });
  await expectDeleted(sa);
  assert.deepEqual(await waitFor(sb, 'participant_removed'),
    { conversationId: conversation.id, userId: a.id, removedBy: a.id, seq: 1 });
  const deletedAt = expectStatus(await api(server, 'GET', `/admin/users/${a.id}`,
    { headers: adminHeaders(server) }), 200).deletedAt;
  assert.ok(Date.parse(deletedAt) >= before - 1000);

  // The same delivery again, byte for byte (a replay, within the signature's tolerance):
  // answered, and nothing happens twice. A new delivery of it finds nothing to do.
  const replay = await clerk(deletion, { body, headers });
  assert.deepEqual(expectStatus(replay.res, 200), { success: true, type: 'user.deleted', outcome: 'repeated' });
  const retry = await clerk(deletion);
  assert.deepEqual(expectStatus(retry.res, 200), { success: true, type: 'user.deleted', outcome: 'ignored' });

  // A user.updated made before the deletion, delivered late (a retry): stale, ignored.
  const stale = await clerk({ type: 'user.updated', object: 'event', timestamp: Date.now(),
    data: { id: a.id, object: 'user', first_name: 'Back', last_name: 'Again',
      updated_at: before - 60_000 } });
  assert.deepEqual(expectStatus(stale.res, 200), { success: true, type: 'user.updated', outcome: 'stale' });
  const profile = expectStatus(await api(server, 'GET', `/admin/users/${a.id}`,
    { headers: adminHeaders(server) }), 200);
  assert.equal(profile.deletedAt, deletedAt, 'still deleted');
  assert.notEqual(profile.firstName, 'Back');
  const refused = connect(server, a);
  assert.equal((await waitFor(refused, 'auth_error')).code, 'AUTH_FAILED');
  // b heard a's removal once, not once per delivery.
  const check = await send(server, b, conversation.id, 'sentinel');
  await waitForArrival(sb, check.id);
  assert.equal(received(sb, 'participant_removed').length, 1);
  await close(sb);
});
