// Sequence numbers on the gateway: every conversation event a socket in the room receives
// carries the conversation's seq, in order, once, without gaps; what a socket missed while
// it was away it reads back from GET /messaging/conversations/:id/events, the same events
// with the same payloads, and the live stream goes on from there.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startGateway, connectAll, connectAuthed, join, closeAll, close, group, send, rest,
} from './support.mjs';

let server;
before(async () => {
  server = await startGateway({ args: ['--rate-messages', '0'] });
});
after(async () => {
  closeAll();
  await server?.stop();
});

const CONVERSATION_EVENTS = ['new_message', 'message_updated', 'message_deleted', 'message_read',
  'message_reaction', 'participant_added', 'participant_removed'];

/** The conversation events a socket received so far, as {seq, type, data}, in arrival order. */
function conversationEvents(socket, conversationId) {
  return socket.inbox.entries
    .filter((e) => CONVERSATION_EVENTS.includes(e.event) && e.args[0]?.conversationId === conversationId)
    .map((e) => ({ seq: e.args[0].seq, type: e.event, data: e.args[0] }));
}

async function log(who, conversationId, afterSeq = 0) {
  const page = await rest(server, who, 'GET',
    `/messaging/conversations/${conversationId}/events?afterSeq=${afterSeq}&limit=1000`, undefined, 200);
  return page.events.map(({ seq, type, data }) => ({ seq, type, data }));
}

/** The socket's conversation events once the one numbered `seq` (or a later one) arrived. */
async function untilSeq(socket, conversationId, seq) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const got = conversationEvents(socket, conversationId);
    if (got.length && got[got.length - 1].seq >= seq) return got;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`seq ${seq} did not arrive: ${JSON.stringify(conversationEvents(socket, conversationId).map((e) => e.seq))}`);
}

test('concurrent changes from several clients reach a socket in seq order, once, without gaps, exactly as the log keeps them', async () => {
  const { users: [a, b, c], conversation } = await group(server, 3, 'seq');
  const [sa, sb] = await connectAll(server, [a, b]);
  await join(sa, conversation.id);
  await join(sb, conversation.id);
  const first = await send(server, a, conversation.id, 'first');
  // 30 sends by a and c, 10 reactions by b, a read by b, all at once.
  const work = [];
  for (let i = 0; i < 30; i += 1) work.push(send(server, i % 2 ? a : c, conversation.id, `burst ${i}`));
  for (const emoji of ['👍', '❤️', '😂', '🎉', '👀', '🙏', '💯', '🔥', '✅', '😮']) {
    work.push(rest(server, b, 'POST', `/messaging/messages/${first.id}/reactions`, { emoji }, 201));
  }
  work.push(rest(server, b, 'POST', `/messaging/messages/${first.id}/read`, undefined, 200));
  await Promise.all(work);
  const last = await send(server, c, conversation.id, 'last');
  assert.equal(last.seq, 43, '1 + 30 + 10 + 1 changes before it');

  const expected = await log(b, conversation.id);
  assert.deepEqual(expected.map((e) => e.seq), Array.from({ length: 43 }, (_, i) => i + 1));
  for (const socket of [sa, sb]) {
    const got = await untilSeq(socket, conversation.id, 43);
    assert.deepEqual(got.map((e) => e.seq), expected.map((e) => e.seq), 'in order, once, no gaps');
    assert.deepEqual(got, expected, 'the same events and payloads as the log');
  }
  await close(sa);
  await close(sb);
});

test('a socket that was away reads what it missed from the log, then the live stream continues after it', async () => {
  const { users: [a, b], conversation } = await group(server, 2, 'resume');
  let sb = await connectAuthed(server, b);
  await join(sb, conversation.id);
  await send(server, a, conversation.id, 'before');
  let got = await untilSeq(sb, conversation.id, 1);
  const lastSeen = got[got.length - 1].seq;
  await close(sb);

  const missed = [];
  for (let i = 0; i < 5; i += 1) missed.push(await send(server, a, conversation.id, `while away ${i}`));
  await rest(server, a, 'PUT', `/messaging/messages/${missed[0].id}`, { content: 'edited while away' }, 200);

  sb = await connectAuthed(server, b);
  await join(sb, conversation.id);
  const caughtUp = await log(b, conversation.id, lastSeen);
  assert.deepEqual(caughtUp.map((e) => [e.seq, e.type]),
    [[2, 'new_message'], [3, 'new_message'], [4, 'new_message'], [5, 'new_message'],
      [6, 'new_message'], [7, 'message_updated']]);
  assert.equal(caughtUp[0].data.content, 'edited while away', 'the log shows the message as it is now');
  const live = await send(server, a, conversation.id, 'back again');
  assert.equal(live.seq, 8);
  got = await untilSeq(sb, conversation.id, 8);
  assert.deepEqual(got.map((e) => e.seq), [8], 'the live stream goes on right after the log');
  assert.deepEqual(got[0].data, live);
  await close(sb);
});
