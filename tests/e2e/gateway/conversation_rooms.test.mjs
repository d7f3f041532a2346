// The conversation events clients send: join_conversation, leave_conversation and
// typing_indicator, with two clients (a DIRECT conversation) and three (a GROUP one): who
// gets what, and who does not. A negative is checked after a sentinel that the same socket
// receives later, so that "nothing came" is known rather than waited for.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startGateway, connectAll, waitFor, join, emitAck, closeAll, close, group,
  makeUsers, makeUser, createConversation, send, rest, assertNone, received, waitForArrival,
  WAIT_MS,
} from './support.mjs';

let server;
let quick;  // a server whose typing indicators expire after 400 ms
const TYPING_TIMEOUT_MS = 400;
before(async () => {
  [server, quick] = await Promise.all([
    startGateway(),
    startGateway({ args: ['--typing-timeout', String(TYPING_TIMEOUT_MS)] }),
  ]);
});
after(async () => {
  closeAll();
  await Promise.all([server?.stop(), quick?.stop()]);
});

/**
 * Each socket hears of a new message of `who`, sent after everything before it (in full in
 * the room, as conversation_activity outside it).
 */
async function sentinel(srv, who, conversationId, sockets) {
  const message = await send(srv, who, conversationId, 'sentinel');
  for (const s of sockets) await waitForArrival(s, message.id);
}

test('join_conversation with two clients: conversation_joined to the caller, user_joined_conversation to the other', async () => {
  const [a, b] = await makeUsers(server, 2, 'join2');
  const conversation = await createConversation(server, a, [b.id]);
  const [sa, sb] = await connectAll(server, [a, b]);
  await join(sa, conversation.id);
  await join(sb, conversation.id);
  assert.deepEqual(await waitFor(sa, 'user_joined_conversation'),
    { conversationId: conversation.id, userId: b.id });
  assert.deepEqual(received(sb, 'conversation_joined'), [{ conversationId: conversation.id }]);
  await sentinel(server, a, conversation.id, [sa, sb]);
  assertNone(sb, 'user_joined_conversation', undefined, 'the joiner hears nothing of itself');
  assert.equal(received(sa, 'user_joined_conversation').length, 1);
  await close(sa);
  await close(sb);
});

test('join_conversation with three clients in a GROUP: the others in the room hear of it; a participant not in the room and an outsider do not', async () => {
  const { users: [a, b, c], conversation } = await group(server, 3, 'join3');
  const outsider = await makeUser(server, 'outsider');
  const [sa, sb, sc, so] = await connectAll(server, [a, b, c, outsider]);
  await join(sa, conversation.id);
  await join(sb, conversation.id);
  assert.deepEqual(await waitFor(sa, 'user_joined_conversation'),
    { conversationId: conversation.id, userId: b.id });
  await join(sc, conversation.id);
  for (const s of [sa, sb]) {
    assert.deepEqual(await waitFor(s, 'user_joined_conversation', WAIT_MS, (p) => p.userId === c.id),
      { conversationId: conversation.id, userId: c.id });
  }
  await sentinel(server, a, conversation.id, [sa, sb, sc]);
  assertNone(sc, 'user_joined_conversation');
  assertNone(sb, 'user_joined_conversation', (p) => p.userId === b.id);
  assert.equal(received(sa, 'user_joined_conversation').length, 2);
  assertNone(so, 'user_joined_conversation');
  assertNone(so, 'new_message', undefined, 'an outsider gets none of the conversation');
  assertNone(so, 'conversation_activity', undefined, 'an outsider gets none of the conversation');
  for (const s of [sa, sb, sc, so]) await close(s);
});

test('join_conversation refused for a non-participant and for a removed participant: error + ack {ok:false}, no room', async () => {
  const { users: [a, b, c], conversation } = await group(server, 3, 'refuse');
  const outsider = await makeUser(server, 'outsider');
  const [sa, sc, so] = await connectAll(server, [a, c, outsider]);
  await join(sa, conversation.id);

  const ack = await emitAck(so, 'join_conversation', { conversationId: conversation.id });
  assert.equal(ack.ok, false);
  assert.equal(typeof ack.error, 'string');
  assert.equal(ack.code, 'NOT_FOUND');
  assert.deepEqual(await waitFor(so, 'error'), { message: ack.error, code: 'NOT_FOUND' });
  assertNone(so, 'conversation_joined');

  // c leaves the GROUP over REST, then may no longer join its room.
  await rest(server, c, 'DELETE', `/messaging/conversations/${conversation.id}/participants/${c.id}`,
    undefined, 204);
  const refused = await emitAck(sc, 'join_conversation', { conversationId: conversation.id });
  assert.equal(refused.ok, false);
  assert.deepEqual(await waitFor(sc, 'error'), { message: refused.error, code: 'NOT_FOUND' });
  assertNone(sc, 'conversation_joined');

  // Neither is in the room: a's typing reaches neither. b's message is the sentinel.
  await emitAck(sa, 'typing_indicator', { conversationId: conversation.id, isTyping: true });
  const message = await send(server, b, conversation.id, 'after the refusals');
  await waitFor(sa, 'new_message', WAIT_MS, (m) => m.id === message.id);
  const check = await send(server, a, (await createConversation(server, a, [outsider.id, c.id])).id, 'x');
  for (const s of [so, sc]) await waitForArrival(s, check.id);
  for (const s of [so, sc]) {
    assertNone(s, 'typing_indicator');
    assertNone(s, 'new_message', (m) => m.id === message.id);
    assertNone(s, 'conversation_activity', (m) => m.messageId === message.id);
  }
  assertNone(sa, 'user_joined_conversation');
  for (const s of [sa, sc, so]) await close(s);
});

test('leave_conversation with two clients: conversation_left to the caller, user_left_conversation to the other; room events stop', async () => {
  const [a, b] = await makeUsers(server, 2, 'leave2');
  const conversation = await createConversation(server, a, [b.id]);
  const [sa, sb] = await connectAll(server, [a, b]);
  await join(sa, conversation.id);
  await join(sb, conversation.id);
  const ack = await emitAck(sb, 'leave_conversation', { conversationId: conversation.id });
  assert.deepEqual(ack, { ok: true, conversationId: conversation.id });
  assert.deepEqual(await waitFor(sb, 'conversation_left'), { conversationId: conversation.id });
  assert.deepEqual(await waitFor(sa, 'user_left_conversation'),
    { conversationId: conversation.id, userId: b.id });
  // Room events stop for b: typing, and new_message, which its own room now brings in brief
  // as conversation_activity.
  await emitAck(sa, 'typing_indicator', { conversationId: conversation.id, isTyping: true });
  const after = await send(server, a, conversation.id, 'after b left');
  assert.equal((await waitForArrival(sa, after.id)).event, 'new_message');
  assert.equal((await waitForArrival(sb, after.id)).event, 'conversation_activity');
  assertNone(sb, 'typing_indicator');
  assertNone(sb, 'user_left_conversation');
  assertNone(sb, 'new_message', (m) => m.id === after.id, 'a socket that left the room');
  // Typing now needs the room again.
  const typing = await emitAck(sb, 'typing_indicator', { conversationId: conversation.id, isTyping: true });
  assert.equal(typing.ok, false);
  await close(sa);
  await close(sb);
});

test('leave_conversation with three clients: both others hear it; the leaver stops getting room events', async () => {
  const { users: [a, b, c], conversation } = await group(server, 3, 'leave3');
  const [sa, sb, sc] = await connectAll(server, [a, b, c]);
  for (const s of [sa, sb, sc]) await join(s, conversation.id);
  await emitAck(sc, 'leave_conversation', { conversationId: conversation.id });
  await waitFor(sc, 'conversation_left');
  for (const s of [sa, sb]) {
    assert.deepEqual(await waitFor(s, 'user_left_conversation'),
      { conversationId: conversation.id, userId: c.id });
  }
  await emitAck(sa, 'typing_indicator', { conversationId: conversation.id, isTyping: true });
  assert.deepEqual(await waitFor(sb, 'typing_indicator'),
    { conversationId: conversation.id, userId: a.id, isTyping: true });
  await sentinel(server, b, conversation.id, [sa, sb, sc]);
  assertNone(sc, 'typing_indicator');
  assertNone(sc, 'user_left_conversation');
  assertNone(sc, 'new_message', undefined, 'the leaver hears of messages only in brief');
  assert.equal(received(sc, 'conversation_activity').length, 1);
  for (const s of [sa, sb, sc]) await close(s);
});

test('typing_indicator with two clients: the other gets {conversationId, userId, isTyping}; only changes are sent', async () => {
  const [a, b] = await makeUsers(server, 2, 'type2');
  const conversation = await createConversation(server, a, [b.id]);
  const [sa, sb] = await connectAll(server, [a, b]);
  await join(sa, conversation.id);
  await join(sb, conversation.id);
  const typing = (isTyping) => emitAck(sa, 'typing_indicator', { conversationId: conversation.id, isTyping });
  const told = (isTyping) => waitFor(sb, 'typing_indicator', WAIT_MS, (p) => p.isTyping === isTyping);
  assert.deepEqual(await typing(true), { ok: true });
  assert.deepEqual(await typing(true), { ok: true });  // no change: nothing sent
  await told(true);
  // The room hears at most one change a second: each of these comes when its second is over.
  assert.deepEqual(await typing(false), { ok: true });
  assert.deepEqual(await typing(false), { ok: true });  // no change: nothing sent
  await told(false);
  assert.deepEqual(await typing(true), { ok: true });
  await told(true);
  await sentinel(server, a, conversation.id, [sa, sb]);
  assert.deepEqual(received(sb, 'typing_indicator'), [true, false, true].map((isTyping) =>
    ({ conversationId: conversation.id, userId: a.id, isTyping })));
  assertNone(sa, 'typing_indicator', undefined, 'the typist does not hear itself');
  await close(sa);
  await close(sb);
});

test('typing_indicator with three clients: both others get it, the typist\'s own second socket does not', async () => {
  const { users: [a, b, c], conversation } = await group(server, 3, 'type3');
  const [sa, sa2, sb, sc] = await connectAll(server, [a, a, b, c]);
  for (const s of [sa, sa2, sb, sc]) await join(s, conversation.id);
  await emitAck(sa, 'typing_indicator', { conversationId: conversation.id, isTyping: true });
  for (const s of [sb, sc]) {
    assert.deepEqual(await waitFor(s, 'typing_indicator'),
      { conversationId: conversation.id, userId: a.id, isTyping: true });
  }
  await emitAck(sb, 'typing_indicator', { conversationId: conversation.id, isTyping: true });
  for (const s of [sa, sa2, sc]) {
    assert.deepEqual(await waitFor(s, 'typing_indicator'),
      { conversationId: conversation.id, userId: b.id, isTyping: true });
  }
  await sentinel(server, c, conversation.id, [sa, sa2, sb, sc]);
  assertNone(sa2, 'typing_indicator', (p) => p.userId === a.id);
  assertNone(sa, 'typing_indicator', (p) => p.userId === a.id);
  assertNone(sb, 'typing_indicator', (p) => p.userId === b.id);
  for (const s of [sa, sa2, sb, sc]) await close(s);
});

test('typing ends with isTyping:false when the typist disconnects, and when it leaves the room', async () => {
  const { users: [a, b, c], conversation } = await group(server, 3, 'typeend');
  const [sa, sb, sc] = await connectAll(server, [a, b, c]);
  for (const s of [sa, sb, sc]) await join(s, conversation.id);
  await emitAck(sa, 'typing_indicator', { conversationId: conversation.id, isTyping: true });
  await emitAck(sb, 'typing_indicator', { conversationId: conversation.id, isTyping: true });
  for (const who of [a.id, b.id]) {
    await waitFor(sc, 'typing_indicator', WAIT_MS, (p) => p.userId === who && p.isTyping);
  }
  await close(sa);
  assert.deepEqual(await waitFor(sc, 'typing_indicator', WAIT_MS, (p) => p.userId === a.id),
    { conversationId: conversation.id, userId: a.id, isTyping: false });
  await emitAck(sb, 'leave_conversation', { conversationId: conversation.id });
  assert.deepEqual(await waitFor(sc, 'typing_indicator', WAIT_MS, (p) => p.userId === b.id),
    { conversationId: conversation.id, userId: b.id, isTyping: false });
  await close(sb);
  await close(sc);
});

test('typing expires after --typing-timeout with isTyping:false; renewing it restarts the clock', async () => {
  const [a, b] = await makeUsers(quick, 2, 'expire');
  const conversation = await createConversation(quick, a, [b.id]);
  const [sa, sb] = await connectAll(quick, [a, b]);
  await join(sa, conversation.id);
  await join(sb, conversation.id);
  const typing = () => emitAck(sa, 'typing_indicator', { conversationId: conversation.id, isTyping: true });

  let started = Date.now();
  await typing();
  await waitFor(sb, 'typing_indicator', WAIT_MS, (p) => p.isTyping);
  assert.deepEqual(await waitFor(sb, 'typing_indicator', WAIT_MS, (p) => !p.isTyping),
    { conversationId: conversation.id, userId: a.id, isTyping: false });
  // It ends after 400 ms; the room hears so when the second that the start began is over.
  let elapsed = Date.now() - started;
  assert.ok(elapsed >= TYPING_TIMEOUT_MS - 50, `expired after ${elapsed} ms, not before the timeout`);
  assert.ok(elapsed < TYPING_TIMEOUT_MS + 1500, `expired after ${elapsed} ms`);

  // Renewed halfway, it ends a full timeout after the renewal, with one true and one false.
  // (Past the second in which the room heard the end, so that the start is told at once.)
  await new Promise((r) => setTimeout(r, 1000));
  started = Date.now();
  await typing();
  await waitFor(sb, 'typing_indicator', WAIT_MS, (p) => p.isTyping);
  await new Promise((r) => setTimeout(r, TYPING_TIMEOUT_MS / 2));
  const renewedAt = Date.now();
  await typing();
  await waitFor(sb, 'typing_indicator', WAIT_MS, (p) => !p.isTyping);
  elapsed = Date.now() - renewedAt;
  assert.ok(elapsed >= TYPING_TIMEOUT_MS - 50, `ended ${elapsed} ms after the renewal`);
  assert.deepEqual(received(sb, 'typing_indicator').map((p) => p.isTyping), [true, false, true, false]);
  await close(sa);
  await close(sb);
});
