// What belongs to a user rather than to a socket: several sockets of one user (each gets the
// personal room's events; presence goes offline only after the last one leaves), and blocks
// (a user who blocked someone gets none of that person's new_message or typing events).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startGateway, connectAuthed, connectAll, waitFor, join, emitAck, closeAll, close, group,
  makeUsers, createConversation, send, rest, stats, assertNone, received, sleep, eventually,
  waitForArrival, activityOf, WAIT_MS,
} from './support.mjs';

let server;
before(async () => {
  server = await startGateway();
});
after(async () => {
  closeAll();
  await server?.stop();
});

const byId = (id) => (m) => m.id === id;
const statusOf = (userId) => (p) => p.userId === userId;

test('two sockets of one user both get personal-room events, each once; the user counts once', async () => {
  const [a, b, c] = await makeUsers(server, 3, 'twin');
  const before = await stats(server);
  const sa1 = await connectAuthed(server, a, { transports: ['websocket'] });
  const sa2 = await connectAuthed(server, a, { transports: ['polling'] });
  const sb = await connectAuthed(server, b);
  const during = await stats(server);
  assert.equal(during.authenticatedUsers, before.authenticatedUsers + 2, 'a and b, a once');
  assert.equal(during.sockets, before.sockets + 3);

  const direct = await createConversation(server, b, [a.id]);
  for (const s of [sa1, sa2, sb]) assert.deepEqual(await waitFor(s, 'conversation_created'), direct);
  // Nobody joined the conversation's room: every socket of both users hears of it in brief.
  const message = await send(server, b, direct.id, 'to both of your tabs');
  for (const s of [sa1, sa2, sb]) {
    assert.deepEqual(await waitFor(s, 'conversation_activity'), activityOf(message));
  }

  const groupConversation = await createConversation(server, b, [c.id], { type: 'GROUP' });
  await rest(server, b, 'POST', `/messaging/conversations/${groupConversation.id}/participants`,
    { participantIds: [a.id] }, 201);
  const added = { conversationId: groupConversation.id, userId: a.id, addedBy: b.id, seq: 1 };
  for (const s of [sa1, sa2]) assert.deepEqual(await waitFor(s, 'participant_added'), added);

  // Joined on one socket only: room events reach that one; the other hears of messages in
  // brief; each once, never both.
  await join(sa1, direct.id);
  await emitAck(sb, 'join_conversation', { conversationId: direct.id });
  await emitAck(sb, 'typing_indicator', { conversationId: direct.id, isTyping: true });
  await waitFor(sa1, 'typing_indicator');
  const second = await send(server, b, direct.id, 'again');
  assert.deepEqual(await waitFor(sa1, 'new_message', WAIT_MS, byId(second.id)), second);
  assert.deepEqual(await waitFor(sa2, 'conversation_activity'), activityOf(second));
  await waitFor(sb, 'new_message', WAIT_MS, byId(second.id));
  const third = await send(server, a, direct.id, 'sentinel');
  for (const s of [sa1, sa2, sb]) await waitForArrival(s, third.id);
  assertNone(sa2, 'typing_indicator', undefined, 'sa2 did not join the room');
  assertNone(sa2, 'new_message', undefined, 'sa2 did not join the room');
  for (const s of [sa1, sb]) {
    assert.equal(received(s, 'new_message', byId(second.id)).length, 1);
    assertNone(s, 'conversation_activity', (p) => p.messageId === second.id, 'in the room');
  }
  assert.equal(received(sa2, 'conversation_activity', (p) => p.messageId === second.id).length, 1);
  for (const s of [sa1, sa2, sb]) await close(s);
});

test('presence with two sockets of one user: online once, offline only after both leave', async () => {
  const [a, b] = await makeUsers(server, 2, 'presence');
  const direct = await createConversation(server, a, [b.id]);
  const sb = await connectAuthed(server, b);
  const sa1 = await connectAuthed(server, a);
  assert.equal((await waitFor(sb, 'user_status_changed', WAIT_MS, statusOf(a.id))).status, 'online');
  const sa2 = await connectAuthed(server, a, { transports: ['websocket'] });
  await close(sa1);
  // Quiet for a while: a is still online through sa2, so b hears neither online nor offline.
  await sleep(500);
  const message = await send(server, a, direct.id, 'still here');
  await waitForArrival(sb, message.id);
  assert.deepEqual(received(sb, 'user_status_changed', statusOf(a.id)).map((p) => p.status), ['online']);
  const leftAt = Date.now();
  await close(sa2);
  const offline = await waitFor(sb, 'user_status_changed', WAIT_MS, statusOf(a.id));
  assert.equal(offline.status, 'offline');
  assert.ok(Date.parse(offline.timestamp) >= leftAt - 1000, 'offline after the last socket left');
  await eventually(async () => (await stats(server)).authenticatedUsers === 1, 'only b online');
  await close(sb);
});

test('block filtering: B blocks A; B\'s sockets get none of A\'s messages or typing, C still does; after unblock B gets them again', async () => {
  const { users: [a, b, c], conversation } = await group(server, 3, 'block');
  const id = conversation.id;
  const [sa, sb1, sc] = await connectAll(server, [a, b, c]);
  for (const s of [sa, sb1, sc]) await join(s, id);

  await rest(server, b, 'POST', '/messaging/block', { userId: a.id, reason: 'testing' }, 201);
  // A socket of B's that connects after the block knows it too.
  const sb2 = await connectAuthed(server, b, { transports: ['polling'] });
  await join(sb2, id);
  const sb3 = await connectAuthed(server, b);  // outside the room: conversation_activity only
  const blocked = await send(server, a, id, 'B should not see this');
  for (const s of [sa, sc]) assert.deepEqual(await waitFor(s, 'new_message', WAIT_MS, byId(blocked.id)), blocked);
  await emitAck(sa, 'typing_indicator', { conversationId: id, isTyping: true });
  assert.deepEqual(await waitFor(sc, 'typing_indicator', WAIT_MS, statusOf(a.id)),
    { conversationId: id, userId: a.id, isTyping: true });
  // B still talks in the GROUP, and A still hears B.
  const fromB = await send(server, b, id, 'B speaks');
  for (const s of [sa, sb1, sb2, sc]) await waitFor(s, 'new_message', WAIT_MS, byId(fromB.id));
  const fromC = await send(server, c, id, 'sentinel from C');
  for (const s of [sb1, sb2]) await waitFor(s, 'new_message', WAIT_MS, byId(fromC.id));
  assert.deepEqual(await waitFor(sb3, 'conversation_activity', WAIT_MS, (p) => p.messageId === fromC.id),
    activityOf(fromC));
  for (const s of [sb1, sb2, sb3]) {
    assertNone(s, 'new_message', byId(blocked.id), 'blocked sender\'s message');
    assertNone(s, 'conversation_activity', (p) => p.messageId === blocked.id, 'blocked sender');
    assertNone(s, 'typing_indicator', statusOf(a.id), 'blocked sender\'s typing');
  }

  await rest(server, b, 'DELETE', `/messaging/block/${a.id}`, undefined, 204);
  const after = await send(server, a, id, 'B sees this again');
  for (const s of [sb1, sb2, sc]) {
    assert.deepEqual(await waitFor(s, 'new_message', WAIT_MS, byId(after.id)), after);
  }
  assert.deepEqual(await waitFor(sb3, 'conversation_activity', WAIT_MS, (p) => p.messageId === after.id),
    activityOf(after));
  // One change at a time: the room hears at most one a second from a socket, the latest.
  for (const isTyping of [false, true]) {
    await emitAck(sa, 'typing_indicator', { conversationId: id, isTyping });
    for (const s of [sb1, sb2]) {
      assert.deepEqual(await waitFor(s, 'typing_indicator', WAIT_MS, statusOf(a.id)),
        { conversationId: id, userId: a.id, isTyping });
    }
  }
  for (const s of [sa, sb1, sb2, sb3, sc]) await close(s);
});
