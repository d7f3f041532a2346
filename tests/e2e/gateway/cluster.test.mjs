// Two nodes on one PostgreSQL database and one nats-server: whichever node a change is made
// on, the sockets of the other hear of it as they would on one node.
// Runs in the PostgreSQL pass of the suites (CONFIDE_TEST_POSTGRES set); the refusal of
// --nats with SQLite runs in both.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  startGateway, connectAuthed, waitFor, waitForArrival, assertNone, received, join, emitAck, closeAll,
  makeUsers, createConversation, send, rest, runCli, tempDir, databaseFor, randomSecret, sleep,
  BACKEND, close, stats, eventually, admin, uid, WAIT_MS,
} from './support.mjs';
import { NatsServer, readStream, streamCount } from '../events/support.mjs';

const skip = BACKEND !== 'postgres' && 'runs in the PostgreSQL pass';

after(closeAll);

test('--nats with a SQLite database is refused: a cluster shares PostgreSQL', async () => {
  const dir = tempDir();
  const r = await runCli(['serve', '--port', '0', '--db', `${dir}/confide.db`, '--nats',
    'nats://127.0.0.1:4222', '--jwt-secret', randomSecret()]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /--nats \(a cluster of nodes\) needs a PostgreSQL --db/);
});

// Nodes n1, n2, … on one database and one nats-server; `env[i]`: more environment for node i.
async function cluster(t, { count = 2, env = [], args = () => [] } = {}) {
  const nats = new NatsServer();
  await nats.start();
  const shared = tempDir();
  const db = databaseFor(shared);
  const jwtSecret = randomSecret();
  const adminKey = randomSecret(16);
  const nodes = [];
  for (let i = 0; i < count; i++) {
    nodes.push(await startGateway({ db, jwtSecret, adminKey, env: env[i],
      args: ['--node-id', `n${i + 1}`, '--nats', nats.url, ...args(nats)] }));
  }
  nodes.nats = nats;
  nodes.db = db;
  t.after(async () => {
    await closeAll();
    // A node that died (a test killed it) is not stopped again.
    await Promise.all(nodes.filter((n) => !n.exited).map((n) => n.stop()));
    await nats.destroy();
  });
  return nodes;
}

// The node subscribes to a room's deliveries when its first socket joins: a moment for the
// subscription to reach the NATS server.
const subscribed = () => sleep(300);

test('a change made on one node reaches the sockets of the other, each once', { skip }, async (t) => {
  const [n1, n2] = await cluster(t);
  const [alice, bob, carol] = await makeUsers(n1, 3);
  const aliceOn1 = await connectAuthed(n1, alice);
  const bobOn2 = await connectAuthed(n2, bob);
  const carolOn2 = await connectAuthed(n2, carol);
  await subscribed();

  const conversation = await createConversation(n1, alice, [bob.id, carol.id],
    { type: 'GROUP', title: 'Across' });
  for (const socket of [bobOn2, carolOn2]) {
    const created = await waitFor(socket, 'conversation_created');
    assert.equal(created.id, conversation.id);
  }

  await join(bobOn2, conversation.id);
  await subscribed();
  const message = await send(n1, alice, conversation.id, 'from n1');
  // In the room: in full; outside it: in brief; the sender's own socket too.
  const inRoom = await waitForArrival(bobOn2, message.id);
  assert.equal(inRoom.event, 'new_message');
  assert.equal(inRoom.payload.seq, message.seq);
  assert.equal((await waitForArrival(carolOn2, message.id)).event, 'conversation_activity');
  assert.equal((await waitForArrival(aliceOn1, message.id)).event, 'conversation_activity');

  // Typing on n2 reaches a room member on n1, not the typist.
  await join(aliceOn1, conversation.id);
  await subscribed();
  await emitAck(bobOn2, 'typing_indicator', { conversationId: conversation.id, isTyping: true });
  const typing = await waitFor(aliceOn1, 'typing_indicator');
  assert.deepEqual([typing.userId, typing.isTyping], [bob.id, true]);

  // A message from n2 reaches n1's room member; nobody got anything twice.
  const reply = await send(n2, bob, conversation.id, 'from n2');
  assert.equal((await waitForArrival(aliceOn1, reply.id)).event, 'new_message');
  await waitForArrival(carolOn2, reply.id);
  await sleep(300);
  for (const socket of [aliceOn1, bobOn2, carolOn2]) {
    for (const m of [message, reply]) {
      const arrivals = received(socket, 'new_message', (p) => p.id === m.id).length +
        received(socket, 'conversation_activity', (p) => p.messageId === m.id).length;
      assert.equal(arrivals, 1, `${m.content}: once`);
    }
  }
});

test('a block made on one node filters the blocker\'s sockets on the other', { skip }, async (t) => {
  const [n1, n2] = await cluster(t);
  const [alice, bob, carol] = await makeUsers(n1, 3);
  const conversation = await createConversation(n1, alice, [bob.id, carol.id],
    { type: 'GROUP', title: 'Blocks' });
  const bobOn2 = await connectAuthed(n2, bob);
  await join(bobOn2, conversation.id);
  await subscribed();

  await rest(n1, bob, 'POST', '/messaging/block', { userId: alice.id }, 201);
  await sleep(300);
  const hidden = await send(n1, alice, conversation.id, 'not for bob');
  const marker = await send(n1, carol, conversation.id, 'after');
  await waitForArrival(bobOn2, marker.id);
  assertNone(bobOn2, 'new_message', (p) => p.id === hidden.id, 'blocked on the other node');

  // The unblock, on n1 too, lets alice's messages reach bob's socket on n2 again.
  await rest(n1, bob, 'DELETE', `/messaging/block/${alice.id}`, undefined, 204);
  await sleep(300);
  const seen = await send(n1, alice, conversation.id, 'for bob again');
  assert.equal((await waitForArrival(bobOn2, seen.id)).event, 'new_message');
});

// Every other kind of server event, made through one node, reaches the sockets of the other
// where a lone node would send it, once, and nowhere else.
test('edits, deletions, reactions, reads, participants, deleted users and community rooms cross nodes',
  { skip }, async (t) => {
    const [n1, n2] = await cluster(t);
    const [alice, bob, carol, dave, outsider] = await makeUsers(n1, 5);
    const conversation = await createConversation(n1, alice, [bob.id, carol.id],
      { type: 'GROUP', title: 'Everything' });
    const aliceOn1 = await connectAuthed(n1, alice);
    const [bobOn2, carolOn2, daveOn2, outsiderOn2] = await Promise.all(
      [bob, carol, dave, outsider].map((u) => connectAuthed(n2, u)));
    await join(aliceOn1, conversation.id);
    await join(bobOn2, conversation.id);  // carol stays outside the room
    await subscribed();

    const message = await send(n1, alice, conversation.id, 'draft');
    assert.equal((await waitForArrival(bobOn2, message.id)).event, 'new_message');
    const edited = await rest(n1, alice, 'PUT', `/messaging/messages/${message.id}`,
      { content: 'final' }, 200);
    for (const socket of [aliceOn1, bobOn2]) {
      const update = await waitFor(socket, 'message_updated');
      assert.deepEqual([update.messageId, update.content, update.seq], [message.id, 'final', 2]);
      assert.deepEqual(update.message, edited);
    }

    // Made on n2, heard on n1.
    const reaction = await rest(n2, bob, 'POST', `/messaging/messages/${message.id}/reactions`,
      { emoji: '👍' }, 201);
    await rest(n2, bob, 'DELETE',
      `/messaging/messages/${message.id}/reactions/${encodeURIComponent('👍')}`, undefined, 204);
    await rest(n2, bob, 'POST', `/messaging/messages/${message.id}/read`, undefined, 200);
    for (const socket of [aliceOn1, bobOn2]) {
      for (const [action, seq] of [['added', 3], ['removed', 4]]) {
        assert.deepEqual(await waitFor(socket, 'message_reaction'),
          { messageId: message.id, conversationId: conversation.id, reaction, action, seq });
      }
      const read = await waitFor(socket, 'message_read');
      assert.deepEqual([read.messageId, read.userId, read.seq], [message.id, bob.id, 5]);
    }

    // dave is added on n1: his socket on n2 hears it in his own room, and may join.
    await rest(n1, alice, 'POST', `/messaging/conversations/${conversation.id}/participants`,
      { participantIds: [dave.id] }, 201);
    const added = { conversationId: conversation.id, userId: dave.id, addedBy: alice.id, seq: 6 };
    for (const socket of [aliceOn1, bobOn2, daveOn2]) {
      assert.deepEqual(await waitFor(socket, 'participant_added'), added);
    }
    await join(daveOn2, conversation.id);

    // bob is removed on n1: his socket on n2 leaves the room there.
    await rest(n1, alice, 'DELETE',
      `/messaging/conversations/${conversation.id}/participants/${bob.id}`, undefined, 204);
    const removed = { conversationId: conversation.id, userId: bob.id, removedBy: alice.id, seq: 7 };
    for (const socket of [aliceOn1, bobOn2, daveOn2]) {
      assert.deepEqual(await waitFor(socket, 'participant_removed'), removed);
    }
    await rest(n2, alice, 'DELETE', `/messaging/messages/${message.id}`, undefined, 204);
    for (const socket of [aliceOn1, daveOn2]) {
      assert.deepEqual(await waitFor(socket, 'message_deleted'),
        { messageId: message.id, conversationId: conversation.id, seq: 8 });
    }
    const afterRemoval = await send(n1, alice, conversation.id, 'without bob');
    assert.equal((await waitForArrival(daveOn2, afterRemoval.id)).event, 'new_message');
    assert.equal((await waitForArrival(carolOn2, afterRemoval.id)).event, 'conversation_activity');

    // carol is deleted on n1: her socket on n2 is told and disconnected; the room hears it.
    await admin(n1, 'DELETE', `/admin/users/${carol.id}`, undefined, 204);
    assert.deepEqual(await waitFor(carolOn2, 'auth_error'),
      { message: 'User account has been deleted', code: 'USER_DELETED' });
    assert.equal(await waitFor(carolOn2, 'disconnect'), 'io server disconnect');
    const gone = { conversationId: conversation.id, userId: carol.id, removedBy: carol.id, seq: 10 };
    for (const socket of [aliceOn1, daveOn2]) {
      assert.deepEqual(await waitFor(socket, 'participant_removed', WAIT_MS,
        (p) => p.userId === carol.id), gone);
    }

    // Community and post rooms: published and changed on n1, joined on n2.
    const community = uid('cmty');
    const post = uid('post');
    const enc = encodeURIComponent;
    for (const user of [bob, dave]) {
      await admin(n1, 'PUT', `/internal/communities/${enc(community)}/members/${enc(user.id)}`,
        undefined, 201);
    }
    await admin(n1, 'PUT', `/internal/posts/${enc(post)}`, { communityId: community }, 201);
    for (const socket of [bobOn2, daveOn2]) {
      assert.deepEqual(await emitAck(socket, 'join_community', { communityId: community }),
        { ok: true, communityId: community });
    }
    assert.deepEqual(await emitAck(daveOn2, 'join_post', { postId: post }), { ok: true, postId: post });
    await subscribed();
    const toCommunity = (event, data) => admin(n1, 'POST',
      `/internal/communities/${enc(community)}/events`, { event, data }, 202);
    await toCommunity('new_post', { title: 'Welcome' });
    await admin(n1, 'POST', `/internal/posts/${enc(post)}/events`,
      { event: 'new_comment', data: { n: 1 } }, 202);
    for (const socket of [bobOn2, daveOn2]) {
      assert.deepEqual(await waitFor(socket, 'new_post'), { title: 'Welcome' });
    }
    assert.deepEqual(await waitFor(daveOn2, 'new_comment'), { n: 1 });
    // bob leaves the community on n1: his socket on n2 leaves its room.
    await admin(n1, 'DELETE', `/internal/communities/${enc(community)}/members/${enc(bob.id)}`,
      undefined, 204);
    await sleep(300);
    await toCommunity('after_removal', { n: 2 });
    await waitFor(daveOn2, 'after_removal');

    // Nowhere else, and nothing twice.
    const sentinel = await send(n1, alice, conversation.id, 'sentinel');
    await waitForArrival(daveOn2, sentinel.id);
    await sleep(300);
    assertNone(bobOn2, 'after_removal', undefined, 'bob left the community on n1');
    assertNone(bobOn2, 'new_message', (p) => p.id === afterRemoval.id || p.id === sentinel.id,
      'bob was removed on n1');
    assertNone(bobOn2, 'message_deleted', undefined, 'bob was removed before the deletion');
    assertNone(carolOn2, 'message_updated', undefined, 'carol was outside the room');
    for (const event of ['new_message', 'conversation_activity', 'message_updated', 'message_reaction',
      'message_read', 'participant_added', 'participant_removed', 'new_post', 'new_comment']) {
      assertNone(outsiderOn2, event, undefined, 'the outsider takes part in nothing');
    }
    const counts = (socket, event) => received(socket, event).length;
    assert.deepEqual([counts(aliceOn1, 'message_updated'), counts(bobOn2, 'message_updated')], [1, 1]);
    assert.deepEqual([counts(aliceOn1, 'message_reaction'), counts(bobOn2, 'message_reaction')], [2, 2]);
    assert.deepEqual([counts(aliceOn1, 'message_read'), counts(bobOn2, 'message_read')], [1, 1]);
    assert.deepEqual([counts(daveOn2, 'participant_added'), counts(daveOn2, 'message_deleted')], [1, 1]);
    assert.deepEqual([counts(daveOn2, 'participant_removed'), counts(aliceOn1, 'participant_removed')],
      [2, 2]);
    assert.deepEqual([counts(daveOn2, 'new_post'), counts(daveOn2, 'new_comment')], [1, 1]);
  });

// The seqs of a conversation's new_message events as a socket received them.
function seqsOf(socket, conversationId) {
  return received(socket, 'new_message', (p) => p.conversationId === conversationId)
    .map((p) => p.seq);
}

test('messages sent on two nodes at once reach every socket in seq order, each once', { skip },
  async (t) => {
    const [n1, n2] = await cluster(t);
    const [alice, bob] = await makeUsers(n1, 2);
    const conversation = await createConversation(n1, alice, [bob.id],
      { type: 'GROUP', title: 'Order' });
    const aliceOn1 = await connectAuthed(n1, alice);
    const bobOn2 = await connectAuthed(n2, bob);
    await join(aliceOn1, conversation.id);
    await join(bobOn2, conversation.id);
    await subscribed();

    const sends = [];
    for (let i = 0; i < 16; i++) {
      sends.push(send(i % 2 ? n2 : n1, i % 2 ? bob : alice, conversation.id, `m${i}`));
    }
    const sent = await Promise.all(sends);
    const last = Math.max(...sent.map((m) => m.seq));
    const first = Math.min(...sent.map((m) => m.seq));
    for (const socket of [aliceOn1, bobOn2]) {
      await waitFor(socket, 'new_message', undefined, (p) => p.seq === last);
      const seqs = seqsOf(socket, conversation.id);
      assert.deepEqual(seqs, Array.from({ length: last - first + 1 }, (_, i) => first + i));
    }
  });

test('a change whose node died between commit and publish reaches the others\' sockets',
  { skip }, async (t) => {
    // n3 exits when it is about to publish a conversation's change it committed.
    const [n1, n2, n3] = await cluster(t,
      { count: 3, env: [{}, {}, { CONFIDE_FAULT_EXIT_BEFORE_PUBLISH: '1' }] });
    const [alice, bob] = await makeUsers(n1, 2);
    const conversation = await createConversation(n1, alice, [bob.id],
      { type: 'GROUP', title: 'Crash window' });
    const bobOn2 = await connectAuthed(n2, bob);
    await join(bobOn2, conversation.id);
    await subscribed();
    const before = await send(n1, alice, conversation.id, 'before');
    await waitForArrival(bobOn2, before.id);

    await assert.rejects(send(n3, alice, conversation.id, 'committed, never published'));
    const exited = await n3.exitPromise;
    assert.equal(exited.code, 86, 'n3 took the fault');
    const diedAt = Date.now();
    const lost = await waitFor(bobOn2, 'new_message', 1500,
      (p) => p.content === 'committed, never published');
    assert.ok(Date.now() - diedAt <= 1500);
    assert.equal(lost.seq, before.seq + 1);
    assert.equal(lost.senderId, alice.id);
    // As complete as a message that was published.
    const published = received(bobOn2, 'new_message', (p) => p.id === before.id)[0];
    assert.deepEqual(Object.keys(lost).sort(), Object.keys(published).sort());

    // What follows comes in order after it, nothing twice.
    const after = await send(n1, alice, conversation.id, 'after');
    await waitForArrival(bobOn2, after.id);
    await sleep(700);
    assert.deepEqual(seqsOf(bobOn2, conversation.id), [before.seq, before.seq + 1, after.seq]);
  });

test('messages sent while the NATS server is down still reach the other node, in order',
  { skip }, async (t) => {
    const nodes = await cluster(t);
    const [n1, n2] = nodes;
    const [alice, bob] = await makeUsers(n1, 2);
    const conversation = await createConversation(n1, alice, [bob.id],
      { type: 'GROUP', title: 'Bus down' });
    const bobOn2 = await connectAuthed(n2, bob);
    await join(bobOn2, conversation.id);
    await subscribed();
    const first = await send(n1, alice, conversation.id, 'bus up');
    await waitForArrival(bobOn2, first.id);

    await nodes.nats.stop();
    const during = [];
    for (let i = 0; i < 5; i++) during.push(await send(n1, alice, conversation.id, `bus down ${i}`));
    await waitFor(bobOn2, 'new_message', undefined, (p) => p.id === during.at(-1).id);
    await nodes.nats.start();
    const back = await send(n1, alice, conversation.id, 'bus back');
    await waitForArrival(bobOn2, back.id);
    await sleep(700);
    const seqs = seqsOf(bobOn2, conversation.id);
    assert.deepEqual(seqs, Array.from({ length: 7 }, (_, i) => first.seq + i));
  });

const statusOf = (userId, status) => (p) => p.userId === userId && p.status === status;
const presenceOf = (socket, userId) => socket.presence.users.find((u) => u.userId === userId);

test('presence is the cluster\'s: online while any node holds a socket, offline once none does',
  { skip }, async (t) => {
    const [n1, n2] = await cluster(t);
    const [alice, bob] = await makeUsers(n1, 2);
    await createConversation(n1, alice, [bob.id], { type: 'GROUP', title: 'Presence' });

    // presence_state on admission knows who is on the other node.
    const aliceOn1 = await connectAuthed(n1, alice);
    await sleep(300);
    const bobOn2 = await connectAuthed(n2, bob);
    assert.equal(presenceOf(bobOn2, alice.id).status, 'online');
    // A user who comes online on one node is announced to contacts on the other.
    await waitFor(aliceOn1, 'user_status_changed', undefined, statusOf(bob.id, 'online'));

    // Alice on both nodes: her socket on n1 going is not her going offline.
    const aliceOn2 = await connectAuthed(n2, alice);
    await close(aliceOn1);
    await sleep(1500);
    assertNone(bobOn2, 'user_status_changed', statusOf(alice.id, 'offline'), 'still on n2');
    await close(aliceOn2);
    const offline = await waitFor(bobOn2, 'user_status_changed', undefined,
      statusOf(alice.id, 'offline'));
    assert.ok(offline.lastSeenAt);
    assert.equal(received(bobOn2, 'user_status_changed', statusOf(alice.id, 'offline')).length, 1);
  });

test('the users of a node that dies are shown offline on the others within 5 seconds',
  { skip }, async (t) => {
    const [n1, n2] = await cluster(t);
    const [alice, bob] = await makeUsers(n1, 2);
    await createConversation(n1, alice, [bob.id], { type: 'GROUP', title: 'Node death' });
    const bobOn2 = await connectAuthed(n2, bob);
    await connectAuthed(n1, alice);
    await waitFor(bobOn2, 'user_status_changed', undefined, statusOf(alice.id, 'online'));

    n1.kill();
    await n1.exitPromise;
    const diedAt = Date.now();
    await waitFor(bobOn2, 'user_status_changed', 5000, statusOf(alice.id, 'offline'));
    assert.ok(Date.now() - diedAt <= 5000);
  });

test('/admin/websocket/stats on any node reports every node and their totals', { skip },
  async (t) => {
    const [n1, n2] = await cluster(t);
    const [alice, bob] = await makeUsers(n1, 2);
    await connectAuthed(n1, alice);
    await connectAuthed(n2, bob);
    await connectAuthed(n2, alice);
    const report = await eventually(async () => {
      const s = await stats(n1);
      return s.nodes?.length === 2 && s.connections.total === 3 ? s : null;
    }, 'both nodes in the statistics');
    assert.deepEqual(report.nodes.map((n) => [n.node, n.connections.total, n.authenticatedUsers]),
      [['n1', 1, 1], ['n2', 2, 2]]);
    // Users are counted once, wherever they are.
    assert.equal(report.authenticatedUsers, 2);
    assert.equal(report.sockets, 3);
    assert.equal(report.handshakes, report.nodes[0].handshakes + report.nodes[1].handshakes);
  });

test('the node that delivers the event outbox dies: another takes over, nothing lost or twice',
  { skip }, async (t) => {
    const nodes = await cluster(t, { args: (nats) => ['--events', `nats:${nats.url}`,
      '--events-nats-stream', 'CLUSTER_EVENTS', '--events-nats-subject', 'cluster.events'] });
    const relayOf = () => nodes.find((n) => !n.exited && /outbox relay lease taken/.test(n.stderr));
    const holder = await eventually(async () => relayOf(), 'a node holding the relay lease');
    const other = nodes.find((n) => n !== holder);
    const [alice, bob] = await makeUsers(other, 2);
    const conversation = await createConversation(other, alice, [bob.id],
      { type: 'GROUP', title: 'Outbox' });
    const sent = [];
    for (let i = 0; i < 5; i++) sent.push(await send(other, alice, conversation.id, `before ${i}`));

    holder.kill();
    await holder.exitPromise;
    for (let i = 0; i < 5; i++) sent.push(await send(other, bob, conversation.id, `after ${i}`));
    // The survivor takes the lease once the dead node's session is gone, and delivers the rest.
    await eventually(async () => /outbox relay lease taken/.test(other.stderr), 'lease taken over',
      15_000);
    const ids = new Set(sent.map((m) => m.id));
    const messagesSent = (messages) => messages.map((m) => m.event)
      .filter((e) => e.type === 'message.sent' && ids.has(e.data.messageId));
    await eventually(async () => {
      if ((await streamCount(nodes.nats.url, 'CLUSTER_EVENTS')) < ids.size) return false;
      return messagesSent((await readStream(nodes.nats.url, 'CLUSTER_EVENTS')).messages).length >=
        ids.size;
    }, 'every message.sent in the stream', 15_000);
    const { messages } = await readStream(nodes.nats.url, 'CLUSTER_EVENTS');
    const delivered = messagesSent(messages).map((e) => e.data.messageId);
    assert.deepEqual([...delivered].sort(), [...ids].sort(), 'each message.sent once');
    const msgIds = messages.map((m) => m.msgId);
    assert.equal(new Set(msgIds).size, msgIds.length, 'no event twice in the stream');
  });

// How many sessions the database has had since it was created (PostgreSQL counts them).
function sessionsSoFar(db) {
  const r = spawnSync('/usr/lib/postgresql/15/bin/psql', [db, '-tAc',
    'SELECT sessions FROM pg_stat_database WHERE datname = current_database()'],
  { encoding: 'utf8' });
  assert.equal(r.status, 0, `psql: ${r.stderr}`);
  return Number(r.stdout.trim());
}

test('a node without the relay lease asks for it once a second, not at every change', { skip },
  async (t) => {
    const nodes = await cluster(t, { args: () => ['--rate-messages', '0'] });
    const holder = await eventually(
      async () => nodes.find((n) => /outbox relay lease taken/.test(n.stderr)),
      'a node holding the relay lease');
    const other = nodes.find((n) => n !== holder);
    const [alice, bob] = await makeUsers(other, 2);
    const conversation = await createConversation(other, alice, [bob.id]);
    await sleep(1_500);  // the sessions opened so far are counted
    const before = sessionsSoFar(nodes.db);
    const started = Date.now();
    for (let i = 0; i < 60; i++) await send(other, alice, conversation.id, `m${i}`);
    await sleep(1_500);
    const seconds = (Date.now() - started) / 1000;
    // The other node's tries, one a second, and the count's own session.
    const opened = sessionsSoFar(nodes.db) - before;
    assert.ok(opened <= Math.ceil(seconds) + 2,
      `${opened} sessions in ${seconds.toFixed(1)} s for 60 messages`);
  });
