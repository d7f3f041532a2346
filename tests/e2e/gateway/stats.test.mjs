// GET /admin/websocket/stats and the confide_gateway_* series of /metrics: their shape, who
// may read them, and that every figure moves as clients come, act and go. The server is this
// file's alone, so the figures start from zero.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startGateway, connect, connectAuthed, waitFor, join, emitAck, closeAll, close, makeUsers,
  makeUser, createConversation, send, stats, gatewayMetrics, eventually, api, expectError,
  received, WAIT_MS,
} from './support.mjs';

let server;
before(async () => {
  server = await startGateway();
});
after(async () => {
  closeAll();
  await server?.stop();
});

const STATS_KEYS = ['connections', 'authenticatedUsers', 'sockets', 'rooms', 'eventsIn', 'eventsOut',
  'handshakes', 'upgrades', 'slowConsumerDisconnects', 'heartbeatTimeouts'];

function assertShape(s) {
  assert.deepEqual(Object.keys(s).sort(), [...STATS_KEYS].sort());
  assert.deepEqual(Object.keys(s.connections).sort(), ['polling', 'total', 'websocket']);
  assert.deepEqual(Object.keys(s.eventsIn).sort(), ['perSecond', 'total']);
  assert.deepEqual(Object.keys(s.eventsOut).sort(), ['perSecond', 'total']);
  const numbers = [s.connections.total, s.connections.polling, s.connections.websocket,
    s.authenticatedUsers, s.sockets, s.rooms, s.eventsIn.total, s.eventsIn.perSecond,
    s.eventsOut.total, s.eventsOut.perSecond, s.handshakes, s.upgrades,
    s.slowConsumerDisconnects, s.heartbeatTimeouts];
  for (const n of numbers) assert.ok(Number.isInteger(n) && n >= 0, `${n} is a count`);
  assert.equal(s.connections.total, s.connections.polling + s.connections.websocket);
}

/** The stats and /metrics read at a quiet moment must agree on every figure /metrics has. */
async function assertMetricsAgree() {
  const [s, m] = [await stats(server), await gatewayMetrics(server)];
  assert.deepEqual({
    polling: m['confide_gateway_connections{transport="polling"}'],
    websocket: m['confide_gateway_connections{transport="websocket"}'],
    users: m.confide_gateway_users,
    sockets: m.confide_gateway_sockets,
    rooms: m.confide_gateway_rooms,
    eventsIn: m.confide_gateway_events_in_total,
    eventsOut: m.confide_gateway_packets_out_total,
    handshakes: m.confide_gateway_handshakes_total,
    upgrades: m.confide_gateway_upgrades_total,
    slow: m.confide_gateway_slow_consumer_disconnects_total,
    heartbeat: m.confide_gateway_heartbeat_timeouts_total,
  }, {
    polling: s.connections.polling,
    websocket: s.connections.websocket,
    users: s.authenticatedUsers,
    sockets: s.sockets,
    rooms: s.rooms,
    eventsIn: s.eventsIn.total,
    eventsOut: s.eventsOut.total,
    handshakes: s.handshakes,
    upgrades: s.upgrades,
    slow: s.slowConsumerDisconnects,
    heartbeat: s.heartbeatTimeouts,
  });
}

test('stats: administrators only; the exact shape; all zero on a fresh server', async () => {
  expectError(await api(server, 'GET', '/admin/websocket/stats'), 401);
  expectError(await api(server, 'GET', '/admin/websocket/stats', { headers: { 'x-admin-key': 'wrong' } }), 401);
  const client = await makeUser(server, 'statclient');
  expectError(await api(server, 'GET', '/admin/websocket/stats', { token: client.token }), 403);
  const boss = await makeUser(server, 'statadmin', { role: 'admin' });
  const viaToken = (await api(server, 'GET', '/admin/websocket/stats', { token: boss.token })).body;
  assertShape(viaToken);
  const s = await stats(server);
  assertShape(s);
  assert.deepEqual(s, {
    connections: { total: 0, polling: 0, websocket: 0 },
    authenticatedUsers: 0,
    sockets: 0,
    rooms: 0,
    eventsIn: { total: 0, perSecond: 0 },
    eventsOut: { total: 0, perSecond: 0 },
    handshakes: 0,
    upgrades: 0,
    slowConsumerDisconnects: 0,
    heartbeatTimeouts: 0,
  });
  await assertMetricsAgree();
});

test('stats and /metrics move as clients connect, join, send and leave', async () => {
  const [a, b] = await makeUsers(server, 2, 'movers');
  const conversation = await createConversation(server, a, [b.id]);
  const base = await stats(server);

  const sa1 = await connectAuthed(server, a, { transports: ['websocket'] });
  const sa2 = await connectAuthed(server, a, { transports: ['polling'] });
  const sb = connect(server, b);
  await waitFor(sb, 'authenticated');
  await eventually(() => sb.io.engine.transport.name === 'websocket', 'b\'s upgrade');
  await waitFor(sa1, 'user_status_changed');  // b came online: a's two sockets hear it
  await waitFor(sa2, 'user_status_changed');

  let s = await stats(server);
  assert.deepEqual(s.connections, { total: 3, polling: 1, websocket: 2 });
  assert.equal(s.handshakes, base.handshakes + 3);
  assert.equal(s.upgrades, base.upgrades + 1);
  assert.equal(s.authenticatedUsers, 2);
  assert.equal(s.sockets, 3);
  const personalRooms = s.rooms;  // exact counts: the test of rooms below
  assert.ok(personalRooms >= 2, `at least the two personal rooms: ${personalRooms}`);
  await assertMetricsAgree();

  // Events in: one per client event. Events out: one per packet delivered to a socket.
  for (const socket of [sa1, sb]) await join(socket, conversation.id);
  await waitFor(sa1, 'user_joined_conversation');
  s = await stats(server);
  assert.ok(s.rooms > personalRooms, 'and the conversation\'s');
  const quiet = s;
  await emitAck(sa1, 'typing_indicator', { conversationId: conversation.id, isTyping: true });
  await waitFor(sb, 'typing_indicator');
  s = await stats(server);
  assert.equal(s.eventsIn.total, quiet.eventsIn.total + 1);
  assert.equal(s.eventsOut.total, quiet.eventsOut.total + 2, 'an ack to a1, a typing_indicator to b');
  const message = await send(server, b, conversation.id, 'counted');
  for (const socket of [sa1, sb]) {
    await waitFor(socket, 'new_message', WAIT_MS, (m) => m.id === message.id);
  }
  await waitFor(sa2, 'conversation_activity', WAIT_MS, (p) => p.messageId === message.id);
  const afterMessage = await stats(server);
  assert.equal(afterMessage.eventsOut.total, s.eventsOut.total + 3,
    'one packet per socket: new_message in the room, conversation_activity outside it');
  assert.equal(afterMessage.eventsIn.total, s.eventsIn.total);
  await assertMetricsAgree();

  // Rates: a burst shows in perSecond, which falls back to 0 once quiet.
  await Promise.all(Array.from({ length: 10 }, () => emitAck(sa2, 'bogus', {})));
  await eventually(async () => (await stats(server)).eventsIn.perSecond > 0, 'eventsIn.perSecond > 0');
  await eventually(async () => (await stats(server)).eventsOut.perSecond > 0, 'eventsOut.perSecond > 0');
  await eventually(async () => {
    const now = await stats(server);
    return now.eventsIn.perSecond === 0 && now.eventsOut.perSecond === 0;
  }, 'the rates to fall back to 0', 4000);

  for (const socket of [sa1, sa2, sb]) await close(socket);
  await eventually(async () => {
    const now = await stats(server);
    return now.connections.total === 0 && now.sockets === 0 && now.authenticatedUsers === 0 &&
      now.rooms === 0;
  }, 'everything to be gone');
  await assertMetricsAgree();
  assert.equal(received(sa1, 'new_message').length, 1);
});

test('stats.rooms counts each room once, though its sockets are on different I/O threads', async () => {
  const [a, b] = await makeUsers(server, 2, 'rooms');
  const conversation = await createConversation(server, a, [b.id]);
  await eventually(async () => (await stats(server)).rooms === 0, 'no rooms left from before');
  // Connections are spread over the two I/O threads: four sockets of one user use both.
  const sockets = [];
  for (let i = 0; i < 4; i += 1) {
    sockets.push(await connectAuthed(server, a, { transports: ['websocket'] }));
  }
  assert.equal((await stats(server)).rooms, 1, 'user a\'s personal room');
  for (const socket of sockets) await join(socket, conversation.id);
  assert.equal((await stats(server)).rooms, 2, 'and the conversation\'s room');
  for (const socket of sockets) await close(socket);
  await eventually(async () => (await stats(server)).rooms === 0, 'the rooms to go');
});
