// The server events raised by REST changes: new_message (to the conversation's room) and
// conversation_activity (to the participants' other sockets, through their own rooms; each
// socket gets one of the two, once), message_updated, message_deleted,
// message_read, message_reaction (to the room), conversation_created (to the participants'
// personal rooms), participant_added/removed, and user_status_changed (to everyone who
// shares a conversation with the user). Two clients, then three: who gets what, who does not.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startGateway, connectAuthed, connectAll, waitFor, join, emitAck, closeAll, close, group,
  makeUsers, makeUser, createConversation, send, rest, listMessages, assertNone, received,
  assertKeys, waitForArrival, activityOf, ISO_MS, WAIT_MS,
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

/** Each socket hears of a new message of `who`, sent after everything before it. */
async function sentinel(who, conversationId, sockets) {
  const message = await send(server, who, conversationId, 'sentinel');
  for (const s of sockets) await waitForArrival(s, message.id);
}

test('new_message with two clients: in full to the room, as REST returned it; conversation_activity to the other, once', async () => {
  const [a, b] = await makeUsers(server, 2, 'nm2');
  const conversation = await createConversation(server, a, [b.id]);
  const [sa, sb] = await connectAll(server, [a, b]);
  await join(sa, conversation.id);  // a is in the room and in its own room; b only in its own
  const message = await send(server, a, conversation.id, 'Hello, how are you today?');
  assert.deepEqual(await waitFor(sa, 'new_message'), message);
  const activity = await waitFor(sb, 'conversation_activity');
  assertKeys(activity, ['conversationId', 'messageId', 'senderId', 'messageType', 'createdAt', 'preview', 'seq'],
    'conversation_activity');
  assert.equal(message.seq, 1);
  assert.deepEqual(activity, {
    conversationId: conversation.id, messageId: message.id, senderId: a.id, messageType: 'TEXT',
    createdAt: message.createdAt, preview: 'Hello, how are you today?', seq: 1,
  });
  // b joins: now both get the reply in full.
  await join(sb, conversation.id);
  const reply = await send(server, b, conversation.id, 'Fine, thanks', { replyToId: message.id });
  assert.deepEqual(await waitFor(sa, 'new_message'), reply);
  assert.deepEqual(await waitFor(sb, 'new_message'), reply);
  await sentinel(b, conversation.id, [sa, sb]);
  assert.equal(received(sa, 'new_message', byId(message.id)).length, 1, 'once, though in two rooms');
  assertNone(sa, 'conversation_activity', undefined, 'a socket in the room gets the message in full only');
  assertNone(sb, 'new_message', byId(message.id), 'b was not in the room then');
  assert.equal(received(sb, 'conversation_activity').length, 1);
  await close(sa);
  await close(sb);
});

test('new_message with three clients in a GROUP: in full to the room, in brief to a participant outside it; an outsider gets nothing', async () => {
  const { users: [a, b, c], conversation } = await group(server, 3, 'nm3');
  const outsider = await makeUser(server, 'nmout');
  const [sa, sb, sc, so] = await connectAll(server, [a, b, c, outsider]);
  await join(sa, conversation.id);
  await join(sb, conversation.id);  // c stays out of the room
  const message = await send(server, b, conversation.id, 'to the group', {
    messageType: 'FILE', attachmentUrl: 'https://files.example.com/w.pdf',
    attachmentName: 'w.pdf', attachmentSize: 1024,
  });
  for (const s of [sa, sb]) assert.deepEqual(await waitFor(s, 'new_message'), message);
  assert.deepEqual(await waitFor(sc, 'conversation_activity'), activityOf(message));
  assert.equal(activityOf(message).messageType, 'FILE');
  const own = await send(server, outsider,
    (await createConversation(server, outsider, [a.id])).id, 'sentinel for the outsider');
  await waitForArrival(so, own.id);
  assertNone(so, 'new_message', byId(message.id));
  assertNone(so, 'conversation_activity', (p) => p.messageId === message.id);
  await sentinel(c, conversation.id, [sa, sb, sc]);
  for (const s of [sa, sb]) {
    assert.equal(received(s, 'new_message', byId(message.id)).length, 1);
    assertNone(s, 'conversation_activity', (p) => p.conversationId === conversation.id);
  }
  assertNone(sc, 'new_message', undefined, 'c is not in the room');
  assert.equal(received(sc, 'conversation_activity', (p) => p.messageId === message.id).length, 1);
  for (const s of [sa, sb, sc, so]) await close(s);
});

test('conversation_activity: preview is the first 100 characters of the content, never a broken one', async () => {
  const [a, b] = await makeUsers(server, 2, 'preview');
  const conversation = await createConversation(server, a, [b.id]);
  const sb = await connectAuthed(server, b);
  const long = '👍é'.repeat(60) + 'tail';  // 124 characters, 360 bytes in UTF-8
  const message = await send(server, a, conversation.id, long);
  const activity = await waitFor(sb, 'conversation_activity');
  assert.equal([...activity.preview].length, 100);
  assert.equal(activity.preview, '👍é'.repeat(50));
  const exact = await send(server, a, conversation.id, 'x'.repeat(100));
  assert.equal((await waitFor(sb, 'conversation_activity')).preview, 'x'.repeat(100));
  assert.equal(message.content, long, 'the message itself is whole');
  assert.ok(exact);
  await close(sb);
});

test('message_updated, message_deleted: to the room only, with the spec\'s fields', async () => {
  const { users: [a, b, c], conversation } = await group(server, 3, 'upd');
  const [sa, sb, sc] = await connectAll(server, [a, b, c]);
  await join(sa, conversation.id);
  await join(sb, conversation.id);  // c is a participant but not in the room
  const message = await send(server, a, conversation.id, 'first draft');
  const edited = await rest(server, a, 'PUT', `/messaging/messages/${message.id}`, { content: 'final' }, 200);
  for (const s of [sa, sb]) {
    const update = await waitFor(s, 'message_updated');
    assertKeys(update, ['messageId', 'conversationId', 'content', 'isEdited', 'editedAt', 'message', 'seq'],
      'message_updated');
    assert.equal(update.seq, 2, 'the edit is the conversation\'s second change');
    assert.equal(update.message.seq, 1, 'the message keeps its own number');
    assert.equal(update.messageId, message.id);
    assert.equal(update.conversationId, conversation.id);
    assert.equal(update.content, 'final');
    assert.equal(update.isEdited, true);
    assert.match(update.editedAt, ISO_MS);
    assert.equal(update.editedAt, edited.editedAt);
    assert.deepEqual(update.message, edited);
  }
  await rest(server, a, 'DELETE', `/messaging/messages/${message.id}`, undefined, 204);
  for (const s of [sa, sb]) {
    assert.deepEqual(await waitFor(s, 'message_deleted'),
      { messageId: message.id, conversationId: conversation.id, seq: 3 });
  }
  await sentinel(b, conversation.id, [sa, sb, sc]);
  assertNone(sc, 'message_updated');
  assertNone(sc, 'message_deleted');
  for (const s of [sa, sb, sc]) await close(s);
});

test('message_read with two and three clients: {messageId, conversationId, userId, readAt} to the room', async () => {
  const { users: [a, b, c], conversation } = await group(server, 3, 'read');
  const [sa, sb, sc] = await connectAll(server, [a, b, c]);
  await join(sa, conversation.id);
  await join(sb, conversation.id);
  const message = await send(server, a, conversation.id, 'please read');
  await rest(server, b, 'POST', `/messaging/messages/${message.id}/read`, undefined, 200);
  const [listed] = (await listMessages(server, a, conversation.id)).filter(byId(message.id));
  const receipt = listed.readReceipts.find((r) => r.userId === b.id);
  const expected = { messageId: message.id, conversationId: conversation.id, userId: b.id,
    readAt: receipt.readAt, seq: 2 };
  assert.deepEqual(await waitFor(sa, 'message_read'), expected);
  assert.deepEqual(await waitFor(sb, 'message_read'), expected);

  // c joins: now three sockets in the room hear c's read.
  await join(sc, conversation.id);
  await rest(server, c, 'POST', `/messaging/messages/${message.id}/read`, undefined, 200);
  for (const s of [sa, sb, sc]) {
    const read = await waitFor(s, 'message_read', WAIT_MS, (r) => r.userId === c.id);
    assert.equal(read.messageId, message.id);
    assert.match(read.readAt, ISO_MS);
  }
  await sentinel(a, conversation.id, [sa, sb, sc]);
  assertNone(sc, 'message_read', (r) => r.userId === b.id, 'c was not in the room then');
  for (const s of [sa, sb, sc]) await close(s);
});

test('message_reaction added and removed: {messageId, conversationId, reaction, action} to the room', async () => {
  const { users: [a, b, c], conversation } = await group(server, 3, 'react');
  const [sa, sb, sc] = await connectAll(server, [a, b, c]);
  for (const s of [sa, sb]) await join(s, conversation.id);
  const message = await send(server, a, conversation.id, 'react to me');
  const reaction = await rest(server, b, 'POST', `/messaging/messages/${message.id}/reactions`,
    { emoji: '👍' }, 201);
  for (const s of [sa, sb]) {
    assert.deepEqual(await waitFor(s, 'message_reaction'),
      { messageId: message.id, conversationId: conversation.id, reaction, action: 'added', seq: 2 });
  }
  assertKeys(reaction, ['id', 'messageId', 'userId', 'emoji', 'createdAt', 'user'], 'reaction');
  await rest(server, b, 'DELETE',
    `/messaging/messages/${message.id}/reactions/${encodeURIComponent('👍')}`, undefined, 204);
  for (const s of [sa, sb]) {
    assert.deepEqual(await waitFor(s, 'message_reaction'),
      { messageId: message.id, conversationId: conversation.id, reaction, action: 'removed', seq: 3 });
  }
  await sentinel(a, conversation.id, [sa, sb, sc]);
  assertNone(sc, 'message_reaction');
  for (const s of [sa, sb, sc]) await close(s);
});

test('conversation_created: to every participant\'s sockets (as the create route returns it), not to others', async () => {
  const [a, b, c, outsider] = await makeUsers(server, 4, 'created');
  const [sa, sb, sb2, sc, so] = await connectAll(server, [a, b, b, c, outsider]);
  const direct = await createConversation(server, a, [b.id]);
  for (const s of [sa, sb, sb2]) assert.deepEqual(await waitFor(s, 'conversation_created'), direct);
  const groupConversation = await createConversation(server, a, [b.id, c.id], { type: 'GROUP', title: 'Three' });
  for (const s of [sa, sb, sb2, sc]) {
    assert.deepEqual(await waitFor(s, 'conversation_created', WAIT_MS, byId(groupConversation.id)),
      groupConversation);
  }
  // A DIRECT conversation that already exists is returned (200) and announced no more.
  await createConversation(server, b, [a.id], {}, 200);
  const own = await createConversation(server, outsider, [c.id]);
  await waitFor(so, 'conversation_created', WAIT_MS, byId(own.id));
  await waitFor(sc, 'conversation_created', WAIT_MS, byId(own.id));
  assertNone(so, 'conversation_created', (x) => x.id !== own.id);
  assertNone(sc, 'conversation_created', byId(direct.id));
  for (const s of [sa, sb, sb2]) {
    assert.equal(received(s, 'conversation_created', byId(direct.id)).length, 1);
  }
  for (const s of [sa, sb, sb2, sc, so]) await close(s);
});

test('participant_added / participant_removed: to the room and the user\'s own sockets; a removed user leaves the room', async () => {
  const { users: [a, b, c], conversation } = await group(server, 3, 'parts');
  const d = await makeUser(server, 'newcomer');
  const [sa, sb, sc, sd] = await connectAll(server, [a, b, c, d]);
  for (const s of [sa, sb, sc]) await join(s, conversation.id);
  await rest(server, a, 'POST', `/messaging/conversations/${conversation.id}/participants`,
    { participantIds: [d.id] }, 201);
  const added = { conversationId: conversation.id, userId: d.id, addedBy: a.id, seq: 1 };
  for (const s of [sa, sb, sc, sd]) assert.deepEqual(await waitFor(s, 'participant_added'), added);
  await join(sd, conversation.id);

  await rest(server, a, 'DELETE', `/messaging/conversations/${conversation.id}/participants/${c.id}`,
    undefined, 204);
  const removed = { conversationId: conversation.id, userId: c.id, removedBy: a.id, seq: 2 };
  for (const s of [sa, sb, sc, sd]) assert.deepEqual(await waitFor(s, 'participant_removed'), removed);

  // c's socket was taken out of the room: typing no longer reaches it.
  await emitAck(sa, 'typing_indicator', { conversationId: conversation.id, isTyping: true });
  for (const s of [sb, sd]) await waitFor(s, 'typing_indicator');
  const other = await createConversation(server, a, [c.id]);
  const check = await send(server, a, other.id, 'sentinel for c');
  await waitForArrival(sc, check.id);
  assertNone(sc, 'typing_indicator');
  for (const s of [sa, sb, sc, sd]) await close(s);
});

test('user_status_changed: online with the first socket, offline after the last, to contacts only', async () => {
  const { users: [a, b, c] } = await group(server, 3, 'status');
  const outsider = await makeUser(server, 'statout');
  const [sb, sc, so] = await connectAll(server, [b, c, outsider]);
  const sa = await connectAuthed(server, a);
  for (const s of [sb, sc]) {
    const status = await waitFor(s, 'user_status_changed', WAIT_MS, (p) => p.userId === a.id);
    assertKeys(status, ['userId', 'status', 'timestamp'], 'user_status_changed');
    assert.equal(status.status, 'online');
    assert.match(status.timestamp, ISO_MS);
  }
  await close(sa);
  for (const s of [sb, sc]) {
    const status = await waitFor(s, 'user_status_changed', WAIT_MS, (p) => p.userId === a.id);
    assert.equal(status.status, 'offline');
  }
  // The outsider shares no conversation with anyone here: a sentinel of its own, then check.
  const [x] = await makeUsers(server, 1, 'statx');
  await createConversation(server, outsider, [x.id]);
  const sx = await connectAuthed(server, x);
  await waitFor(so, 'user_status_changed', WAIT_MS, (p) => p.userId === x.id);
  assertNone(so, 'user_status_changed', (p) => p.userId !== x.id);
  for (const s of [sb, sc, so, sx]) await close(s);
});
