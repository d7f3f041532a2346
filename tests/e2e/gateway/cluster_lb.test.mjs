// Three nodes behind HAProxy (deploy/haproxy.cfg), on one PostgreSQL database and three
// nats-servers: clients connect with socket.io-client's default transports (polling, then
// the WebSocket upgrade) and call REST through the load balancer, landing on any node.
// Runs in the PostgreSQL pass of the suites (CONFIDE_TEST_POSTGRES set) where HAProxy is
// installed.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  connect, waitFor, join, closeAll, makeUsers, createConversation, send, api, sleep, received,
  BACKEND, WAIT_MS,
} from './support.mjs';
import { startCluster, nodeOf, HAPROXY_AVAILABLE } from './cluster_support.mjs';

const skip = (BACKEND !== 'postgres' && 'runs in the PostgreSQL pass') ||
  (!HAPROXY_AVAILABLE && 'haproxy is not installed');

after(closeAll);

// A client as an application writes it: it reconnects by itself, and on every admission
// (the first and each after a reconnection) joins the conversation again.
async function member(lb, user, conversationId) {
  const socket = connect(lb, user, { reconnection: true, reconnectionDelay: 100,
    reconnectionDelayMax: 500 });
  socket.joins = [];  // [node, the first seq it may expect]
  socket.on('authenticated', () => {
    socket.emit('join_conversation', { conversationId }, (ack) => {
      if (ack?.ok) socket.joins.push(nodeOf(socket));
    });
  });
  await waitFor(socket, 'conversation_joined', WAIT_MS, (p) => p.conversationId === conversationId);
  return socket;
}

function seqsOf(socket, conversationId) {
  return received(socket, 'new_message', (p) => p.conversationId === conversationId)
    .map((p) => p.seq);
}

const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

// Every user sends through the load balancer, one message after another, until `until`
// resolves; what was acknowledged (201) is returned.
async function sendUntil(lb, users, conversationId, until) {
  let done = false;
  until.then(() => { done = true; });
  const acknowledged = [];
  await Promise.all(users.map(async (user, u) => {
    for (let i = 0; !done; i++) {
      const res = await api(lb, 'POST', `/messaging/conversations/${conversationId}/messages`,
        { token: user.token, body: { content: `u${u} m${i}` }, timeoutMs: 5_000 })
        .catch(() => null);
      if (res?.status === 201) acknowledged.push(res.body);
      await sleep(20);
    }
  }));
  return acknowledged;
}

// The conversation's log as the database has it: the ids of its messages, and its last seq.
async function stored(lb, user, conversationId) {
  const ids = new Set();
  let afterSeq = 0;
  let lastSeq = 0;
  for (;;) {
    const res = await api(lb, 'GET',
      `/messaging/conversations/${conversationId}/events?afterSeq=${afterSeq}&limit=1000`,
      { token: user.token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    for (const e of res.body.events) if (e.type === 'new_message') ids.add(e.data.id);
    lastSeq = res.body.lastSeq;
    if (!res.body.hasMore) return { ids, lastSeq };
    afterSeq = res.body.events.at(-1).seq;
  }
}

test('through HAProxy, sockets on every node receive every message once, in order', { skip },
  async (t) => {
    const { lb } = await startCluster(t);
    const users = await makeUsers(lb, 6);
    const conversation = await createConversation(lb, users[0], users.slice(1).map((u) => u.id),
      { type: 'GROUP', title: 'Behind HAProxy' });
    const sockets = [];
    for (const user of users) sockets.push(await member(lb, user, conversation.id));
    // Each session stays on the node that issued it, WebSocket or not.
    const nodes = new Set(sockets.map(nodeOf));
    assert.ok(nodes.size >= 2, `sockets spread over nodes: ${[...nodes]}`);
    await sleep(300);

    const sent = [];
    for (let i = 0; i < 12; i++) sent.push(await send(lb, users[i % 6], conversation.id, `m${i}`));
    const last = sent.at(-1).seq;
    for (const socket of sockets) {
      await waitFor(socket, 'new_message', WAIT_MS, (p) => p.seq === last);
      assert.deepEqual(seqsOf(socket, conversation.id), range(sent[0].seq, last));
      assert.equal(socket.io.engine.transport.name, 'websocket', 'upgraded through HAProxy');
    }
  });

test('kill -9 of a node while 16 clients send: nothing acknowledged is lost, its sockets move',
  { skip }, async (t) => {
    const { nodes, lb } = await startCluster(t);
    const users = await makeUsers(lb, 16);
    const conversation = await createConversation(lb, users[0], users.slice(1).map((u) => u.id),
      { type: 'GROUP', title: 'Node death' });
    const sockets = [];
    for (const user of users) sockets.push(await member(lb, user, conversation.id));
    await sleep(300);
    const victimName = nodeOf(sockets[0]);
    const victim = nodes.find((n) => n.args.includes(victimName));
    const moved = sockets.filter((s) => nodeOf(s) === victimName);
    const stayed = sockets.filter((s) => nodeOf(s) !== victimName);

    const killed = sleep(1_500).then(async () => {
      victim.kill();
      await victim.exitPromise;
    });
    const acknowledged = await sendUntil(lb, users, conversation.id, killed.then(() => sleep(4_000)));
    await sleep(1_500);

    // Every acknowledged message is in the database.
    const log = await stored(lb, users[0], conversation.id);
    for (const m of acknowledged) assert.ok(log.ids.has(m.id), `acknowledged ${m.id} is stored`);
    const last = log.lastSeq;
    assert.ok(acknowledged.length > 50, `${acknowledged.length} messages acknowledged`);

    // Sockets on the nodes that lived got every message, in order, once.
    const first = Math.min(...acknowledged.map((m) => m.seq));
    for (const socket of stayed) {
      await waitFor(socket, 'new_message', WAIT_MS, (p) => p.seq === last);
      const seqs = seqsOf(socket, conversation.id);
      assert.deepEqual(seqs, range(seqs[0], last));
      assert.ok(seqs[0] <= first);
    }
    // The dead node's sockets are on another node, in the conversation again, and receive what
    // follows in order.
    assert.ok(moved.length >= 1);
    for (const socket of moved) {
      assert.ok(socket.connected, 'reconnected');
      assert.notEqual(nodeOf(socket), victimName);
      assert.equal(socket.joins.length, 2, 'joined again after the move');
    }
    const after = await send(lb, users[1], conversation.id, 'after the move');
    for (const socket of sockets) {
      await waitFor(socket, 'new_message', WAIT_MS, (p) => p.id === after.id);
      const seqs = seqsOf(socket, conversation.id);
      assert.equal(new Set(seqs).size, seqs.length, 'nothing twice');
      assert.deepEqual([...seqs].sort((a, b) => a - b), seqs, 'in order');
    }
  });

test('restarting one of three NATS servers under load loses nothing', { skip }, async (t) => {
  const { nats, lb } = await startCluster(t);
  const users = await makeUsers(lb, 8);
  const conversation = await createConversation(lb, users[0], users.slice(1).map((u) => u.id),
    { type: 'GROUP', title: 'NATS restart' });
  const sockets = [];
  for (const user of users) sockets.push(await member(lb, user, conversation.id));
  await sleep(300);

  const restarted = sleep(1_000).then(async () => {
    await nats.stopServer(0);
    await sleep(1_000);
    await nats.startServer(0);
  });
  const acknowledged = await sendUntil(lb, users, conversation.id,
    restarted.then(() => sleep(1_500)));
  const last = Math.max(...acknowledged.map((m) => m.seq));
  const first = Math.min(...acknowledged.map((m) => m.seq));
  for (const socket of sockets) {
    await waitFor(socket, 'new_message', WAIT_MS, (p) => p.seq === last);
    assert.deepEqual(seqsOf(socket, conversation.id), range(first, last));
  }
});
