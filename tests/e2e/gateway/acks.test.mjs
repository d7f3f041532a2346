// Every client event accepts an acknowledgement: {ok: true, …} on success, {ok: false, error,
// code} on failure (together with the spec's `error` event {message, code}). Bad payloads and
// unknown events are answered, never dropped, and leave the socket connected.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startGateway, connectAuthed, waitFor, emitAck, closeAll, close, admin, makeUsers,
  createConversation, uid, assertNone, received,
} from './support.mjs';

let server;
let a;
let b;
let conversation;
let community;
let post;
before(async () => {
  server = await startGateway();
  [a, b] = await makeUsers(server, 2, 'acker');
  conversation = await createConversation(server, a, [b.id]);
  community = uid('cmty');
  post = uid('post');
  await admin(server, 'PUT', `/internal/communities/${community}/members/${a.id}`, undefined, 201);
  await admin(server, 'PUT', `/internal/posts/${post}`, { communityId: community }, 201);
});
after(async () => {
  closeAll();
  await server?.stop();
});

/**
 * Emits and expects a failure: the ack {ok:false, error, code} and an `error` event
 * {message, code} saying the same.
 */
async function expectFailure(socket, event, args, error, code = 'BAD_REQUEST') {
  const ack = await emitAck(socket, event, ...args);
  assert.deepEqual(Object.keys(ack).sort(), ['code', 'error', 'ok'], `${event} ${JSON.stringify(args)}: ${JSON.stringify(ack)}`);
  assert.equal(ack.ok, false);
  assert.equal(typeof ack.error, 'string');
  assert.equal(ack.code, code, `${event} ${JSON.stringify(args)}`);
  if (error instanceof RegExp) assert.match(ack.error, error);
  else if (error !== undefined) assert.equal(ack.error, error, `${event} ${JSON.stringify(args)}`);
  assert.deepEqual(await waitFor(socket, 'error'), { message: ack.error, code });
  return ack;
}

test('acks on success for every client event: join_conversation, typing_indicator, leave_conversation, join_community, join_post', async () => {
  const socket = await connectAuthed(server, a);
  const id = conversation.id;
  assert.deepEqual(await emitAck(socket, 'join_conversation', { conversationId: id }),
    { ok: true, conversationId: id });
  assert.deepEqual(await emitAck(socket, 'typing_indicator', { conversationId: id, isTyping: true }),
    { ok: true });
  assert.deepEqual(await emitAck(socket, 'typing_indicator', { conversationId: id, isTyping: false }),
    { ok: true });
  assert.deepEqual(await emitAck(socket, 'leave_conversation', { conversationId: id }),
    { ok: true, conversationId: id });
  // Leaving a room one is not in is still acknowledged.
  assert.deepEqual(await emitAck(socket, 'leave_conversation', { conversationId: id }),
    { ok: true, conversationId: id });
  assert.deepEqual(await emitAck(socket, 'join_community', { communityId: community }),
    { ok: true, communityId: community });
  assert.deepEqual(await emitAck(socket, 'join_post', { postId: post }), { ok: true, postId: post });
  // Each success also sent its event, and no error.
  assert.deepEqual(received(socket, 'conversation_joined'), [{ conversationId: id }]);
  assert.equal(received(socket, 'conversation_left').length, 2);
  assert.deepEqual(received(socket, 'community_joined'), [{ communityId: community }]);
  assert.deepEqual(received(socket, 'post_joined'), [{ postId: post }]);
  assertNone(socket, 'error');
  await close(socket);
});

test('acks on bad payloads: missing or wrongly typed ids, no argument, a non-object argument', async () => {
  const socket = await connectAuthed(server, a);
  const fields = {
    join_conversation: 'conversationId',
    leave_conversation: 'conversationId',
    typing_indicator: 'conversationId',
    join_community: 'communityId',
    join_post: 'postId',
  };
  for (const [event, field] of Object.entries(fields)) {
    const message = `${field} must be a string`;
    const extra = event === 'typing_indicator' ? { isTyping: true } : {};
    await expectFailure(socket, event, [{ ...extra }], message);                 // missing
    await expectFailure(socket, event, [{ ...extra, [field]: 42 }], message);    // a number
    await expectFailure(socket, event, [{ ...extra, [field]: null }], message);  // null
    await expectFailure(socket, event, [{ ...extra, [field]: [conversation.id] }], message);
    await expectFailure(socket, event, [{ ...extra, [field]: { id: 'x' } }], message);
    await expectFailure(socket, event, [], message);                             // no argument
    await expectFailure(socket, event, [conversation.id], message);              // a bare string
    await expectFailure(socket, event, [null], message);
    const invalid = `${field} must be a valid id`;
    await expectFailure(socket, event, [{ ...extra, [field]: '' }], invalid);
    await expectFailure(socket, event, [{ ...extra, [field]: 'has space' }], invalid);
    await expectFailure(socket, event, [{ ...extra, [field]: 'x'.repeat(256) }], invalid);
  }
  assert.equal(socket.connected, true, 'bad payloads do not cost the connection');
  assertNone(socket, 'conversation_joined');
  assertNone(socket, 'community_joined');
  assertNone(socket, 'post_joined');
  await close(socket);
});

test('acks on typing_indicator errors: isTyping missing or not a boolean; before joining the room', async () => {
  const socket = await connectAuthed(server, a);
  const id = conversation.id;
  await expectFailure(socket, 'typing_indicator', [{ conversationId: id }], 'isTyping must be a boolean');
  await expectFailure(socket, 'typing_indicator', [{ conversationId: id, isTyping: 'yes' }],
    'isTyping must be a boolean');
  await expectFailure(socket, 'typing_indicator', [{ conversationId: id, isTyping: 1 }],
    'isTyping must be a boolean');
  await expectFailure(socket, 'typing_indicator', [{ conversationId: id, isTyping: true }],
    'Join the conversation before sending typing indicators');
  // None of these reached the other participant.
  const peer = await connectAuthed(server, b);
  assert.deepEqual(await emitAck(peer, 'join_conversation', { conversationId: id }),
    { ok: true, conversationId: id });
  assert.deepEqual(await emitAck(socket, 'join_conversation', { conversationId: id }),
    { ok: true, conversationId: id });
  await waitFor(peer, 'user_joined_conversation');
  assertNone(peer, 'typing_indicator');
  await close(socket);
  await close(peer);
});

test('acks on refusals: a conversation that does not exist or is not the caller\'s', async () => {
  const socket = await connectAuthed(server, b);
  const [x, y] = await makeUsers(server, 2, 'foreign');
  const foreign = await createConversation(server, x, [y.id]);
  const notMine = await expectFailure(socket, 'join_conversation', [{ conversationId: foreign.id }],
    undefined, 'NOT_FOUND');
  const missing = await expectFailure(socket, 'join_conversation',
    [{ conversationId: 'conv_01J00000000000000000000000' }], undefined, 'NOT_FOUND');
  assert.equal(notMine.error, missing.error, 'existence does not leak');
  await close(socket);
});

test('an unknown event is acknowledged {ok:false, error:"Unknown event: …"} with an error event', async () => {
  const socket = await connectAuthed(server, a);
  await expectFailure(socket, 'send_message', [{ conversationId: conversation.id, content: 'hi' }],
    'Unknown event: send_message');
  await expectFailure(socket, 'authenticate', [{ token: a.token }], 'Unknown event: authenticate');
  await expectFailure(socket, 'JOIN_CONVERSATION', [{ conversationId: conversation.id }],
    'Unknown event: JOIN_CONVERSATION');
  assert.equal(socket.connected, true);
  await close(socket);
});

test('without an ack callback, events still work and errors still come as an error event', async () => {
  const socket = await connectAuthed(server, a);
  socket.emit('join_conversation', { conversationId: conversation.id });
  assert.deepEqual(await waitFor(socket, 'conversation_joined'), { conversationId: conversation.id });
  socket.emit('join_conversation', {});
  assert.deepEqual(await waitFor(socket, 'error'),
    { message: 'conversationId must be a string', code: 'BAD_REQUEST' });
  socket.emit('no_such_event', 1, 2, 3);
  assert.deepEqual(await waitFor(socket, 'error'),
    { message: 'Unknown event: no_such_event', code: 'BAD_REQUEST' });
  // Acks still pair with their own emits after ack-less ones.
  assert.deepEqual(await emitAck(socket, 'leave_conversation', { conversationId: conversation.id }),
    { ok: true, conversationId: conversation.id });
  await close(socket);
});

test('concurrent acks each answer their own emit', async () => {
  const socket = await connectAuthed(server, a);
  const communities = [uid('cmty'), uid('cmty'), uid('cmty')];
  for (const c of communities.slice(0, 2)) {
    await admin(server, 'PUT', `/internal/communities/${c}/members/${a.id}`, undefined, 201);
  }
  const answers = await Promise.all([
    emitAck(socket, 'join_community', { communityId: communities[0] }),
    emitAck(socket, 'join_community', { communityId: communities[2] }),
    emitAck(socket, 'join_conversation', { conversationId: conversation.id }),
    emitAck(socket, 'join_community', { communityId: communities[1] }),
    emitAck(socket, 'bogus', {}),
  ]);
  assert.deepEqual(answers, [
    { ok: true, communityId: communities[0] },
    { ok: false, error: 'You are not a member of this community', code: 'FORBIDDEN' },
    { ok: true, conversationId: conversation.id },
    { ok: true, communityId: communities[1] },
    { ok: false, error: 'Unknown event: bogus', code: 'BAD_REQUEST' },
  ]);
  await close(socket);
});
