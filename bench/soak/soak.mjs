#!/usr/bin/env node
// A bounded soak: `minutes` of mixed load on one server, with its memory, descriptors and
// sessions sampled each minute, to show that they return to a steady level rather than grow.
//
//   bench/soak/run.sh [--minutes 30] [--users 200] [--group 10] [--rate 40] [--typing 20]
//                     [--reads 10] [--churn 4] [--flood-every 5] [--flood-seconds 20] [--json]
//
// Load, all at once, from this one process (the server is build/confide on a fresh SQLite
// file, started by this script with the production defaults of every limit):
//   - `users` authenticated WebSockets (one user each, in GROUP conversations of `group`
//     members, each socket in its conversation's room), answering the server's pings;
//   - churn: `churn` of them per second disconnect and connect again;
//   - sends: `rate` REST messages per second from random users to their conversation, which
//     every member's socket receives as new_message;
//   - typing: `typing` typing_indicator changes per second on random sockets;
//   - reads: `reads` per second of GET …/messages and POST …/read;
//   - a slow consumer: a socket that never reads, in a DIRECT conversation whose other member
//     sends `slow-rate` messages of 32 kB a second, replaced whenever the server has closed it;
//   - every `flood-every` minutes, for `flood-seconds`: a ping flood (a WebSocket that sends
//     PING frames and never reads) from 127.0.0.2, and a handshake flood (Engine.IO polling
//     handshakes that are never used, 32 at a time) from 127.0.0.3.
// Sampled each minute: the server's RSS and its peak, open descriptors, threads, the
// gateway's connections and sockets, refused connections and sessions; the clients' sends
// (201, 429, other), deliveries, and errors.

import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import WebSocket from 'ws';
import {
  GatewayClient, machine, memory, parseArgs, pool, restClient, sleep, startServer,
  threadCount, userToken,
} from '../gateway/lib.mjs';

const opt = parseArgs(process.argv.slice(2), {
  minutes: 30, users: 200, group: 10, rate: 40, typing: 20, reads: 10, churn: 4,
  slowRate: 8, floodEvery: 5, floodSeconds: 20, bin: '', json: false,
});

const counts = {
  sent: 0, limited: 0, sendFailed: 0, delivered: 0, typing: 0, typingRefused: 0, reads: 0,
  readFailed: 0, reconnects: 0, reconnectFailed: 0, slowReplaced: 0, pingFloods: 0,
  handshakes: 0, handshakesRefused: 0, errors: 0,
};
let lastError = '';
const fail = (e) => {
  counts.errors += 1;
  lastError = String(e?.message ?? e).slice(0, 200);
};

/** Runs `task` `perSecond` times a second (spread evenly) until `until`; never overlaps more than `limit`. */
async function paced(perSecond, until, task, limit = 64) {
  if (perSecond <= 0) return;
  const interval = 1000 / perSecond;
  let inFlight = 0;
  let next = Date.now();
  while (Date.now() < until) {
    next += interval;
    if (inFlight < limit) {
      inFlight += 1;
      task().catch(fail).finally(() => { inFlight -= 1; });
    }
    const wait = next - Date.now();
    if (wait > 0) await sleep(wait);
  }
}

function openDescriptors(pid) {
  return fs.readdirSync(`/proc/${pid}/fd`).length;
}

/** The sum of a /metrics counter's samples whose line starts with `name`. */
function metricSum(text, name) {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(name) && (line[name.length] === ' ' || line[name.length] === '{')) {
      sum += Number(line.slice(line.lastIndexOf(' ') + 1)) || 0;
    }
  }
  return sum;
}

function get(url, headers = {}, localAddress = undefined) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, localAddress, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', reject);
    req.setTimeout(10000, () => req.destroy(new Error('timeout')));
  });
}

async function main() {
  const secret = crypto.randomBytes(32).toString('hex');
  const adminKey = crypto.randomBytes(16).toString('hex');
  // Production defaults of every limit: the steady clients (127.0.0.1) stay within the caps
  // per client address; the floods (127.0.0.2, 127.0.0.3) run into them.
  const server = await startServer({ kind: 'confide', secret, bin: opt.bin || undefined,
    args: ['--admin-key', adminKey], productionLimits: true });
  const { url, pid } = server;
  const rest = restClient(url, { maxSockets: 32 });
  const until = Date.now() + opt.minutes * 60_000;

  // Users and their GROUP conversations.
  const users = Array.from({ length: opt.users }, (_, i) => {
    const id = `soak_${i}`;
    return { id, token: userToken(secret, id, i) };
  });
  for (const u of users) await rest('GET', '/messaging/conversations', u.token);
  const conversations = [];
  for (let g = 0; g * opt.group < users.length; g += 1) {
    const members = users.slice(g * opt.group, (g + 1) * opt.group);
    const res = await rest('POST', '/messaging/conversations', members[0].token,
      { participantIds: members.slice(1).map((m) => m.id), type: 'GROUP', title: `Soak ${g}` });
    if (res.status !== 201) throw new Error(`create: ${res.status} ${res.body}`);
    const id = JSON.parse(res.body).id;
    conversations.push(id);
    for (const m of members) m.conversation = id;
  }

  // The steady sockets.
  const sockets = new Array(users.length);
  const connect = async (i) => {
    const u = users[i];
    const client = new GatewayClient(url, u.token, {
      onEvent: (name) => { if (name === 'new_message') counts.delivered += 1; },
    });
    await client.connect();
    const [ack] = await client.emitWithAck('join_conversation', { conversationId: u.conversation });
    if (!ack?.ok) throw new Error(`join: ${JSON.stringify(ack)}`);
    sockets[i] = client;
  };
  await pool(users.length, 50, connect);

  const random = (n) => Math.floor(Math.random() * n);
  const loads = [];
  // Sends.
  loads.push(paced(opt.rate, until, async () => {
    const u = users[random(users.length)];
    const res = await rest('POST', `/messaging/conversations/${u.conversation}/messages`, u.token,
      { content: `soak ${Date.now()} ${'x'.repeat(random(400))}` });
    if (res.status === 201) counts.sent += 1;
    else if (res.status === 429) counts.limited += 1;
    else counts.sendFailed += 1;
  }));
  // Typing.
  loads.push(paced(opt.typing, until, async () => {
    const i = random(users.length);
    const socket = sockets[i];
    if (!socket) return;
    const [ack] = await socket.emitWithAck('typing_indicator',
      { conversationId: users[i].conversation, isTyping: Math.random() < 0.5 }, 10000);
    if (ack?.ok) counts.typing += 1;
    else counts.typingRefused += 1;
  }));
  // Reads.
  loads.push(paced(opt.reads, until, async () => {
    const u = users[random(users.length)];
    const list = await rest('GET', `/messaging/conversations/${u.conversation}/messages?limit=20`, u.token);
    const read = await rest('POST', `/messaging/conversations/${u.conversation}/read`, u.token);
    if (list.status === 200 && read.status === 200) counts.reads += 1;
    else counts.readFailed += 1;
  }));
  // Churn.
  loads.push(paced(opt.churn, until, async () => {
    const i = random(users.length);
    sockets[i]?.close();
    sockets[i] = null;
    try {
      await connect(i);
      counts.reconnects += 1;
    } catch (e) {
      counts.reconnectFailed += 1;
      throw e;
    }
  }, 8));
  // A slow consumer, replaced once the server has closed it, and what it does not read.
  const slow = { id: 'soak_slow', token: userToken(secret, 'soak_slow', -1) };
  const feeder = { id: 'soak_feeder', token: userToken(secret, 'soak_feeder', -2) };
  await rest('GET', '/messaging/conversations', slow.token);
  const direct = await rest('POST', '/messaging/conversations', feeder.token,
    { participantIds: [slow.id], type: 'DIRECT' });
  slow.conversation = JSON.parse(direct.body).id;
  const big = '😀'.repeat(8000);
  loads.push(paced(opt.slowRate, until, async () => {
    const res = await rest('POST', `/messaging/conversations/${slow.conversation}/messages`,
      feeder.token, { content: big });
    if (res.status === 201) counts.sent += 1;
    else if (res.status === 429) counts.limited += 1;
    else counts.sendFailed += 1;
  }, 4));
  loads.push((async () => {
    while (Date.now() < until) {
      const u = slow;
      const ws = new WebSocket(`${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`,
        { perMessageDeflate: false });
      let heartbeat;
      const closed = new Promise((resolve) => ws.on('close', resolve));
      ws.on('error', () => {});
      ws.on('message', (data) => {
        const text = data.toString();
        if (text.startsWith('0')) ws.send(`40/messaging,${JSON.stringify({ token: u.token })}`);
        if (text.startsWith('42/messaging,["authenticated"')) {
          ws.send(`42/messaging,${JSON.stringify(['join_conversation', { conversationId: u.conversation }])}`);
          setTimeout(() => ws._socket?.pause(), 500);  // stops reading
          // It keeps answering the heartbeat without reading (a pong every 5 s, within any
          // ping's timeout), so that only the server's bound on what it holds for the socket
          // can end it; and a write is how a socket that does not read hears of its close.
          heartbeat = setInterval(() => ws.send('3'), 5000);
        }
      });
      await Promise.race([closed, sleep(Math.max(0, until - Date.now()))]);
      clearInterval(heartbeat);
      ws.terminate();
      if (Date.now() < until) counts.slowReplaced += 1;
      await sleep(5000);
    }
  })());
  // Floods, every `floodEvery` minutes.
  loads.push((async () => {
    for (let minute = 1; Date.now() < until; minute += opt.floodEvery) {
      await sleep(Math.min(opt.floodEvery * 60_000, Math.max(0, until - Date.now())));
      if (Date.now() >= until) break;
      const floodUntil = Date.now() + opt.floodSeconds * 1000;
      await Promise.all([pingFlood(url, floodUntil), handshakeFlood(url, floodUntil)]);
    }
  })());

  // Samples.
  const samples = [];
  const started = Date.now();
  const sample = async () => {
    const mem = memory(pid);
    const stats = JSON.parse((await get(`${url}/admin/websocket/stats`, { 'x-admin-key': adminKey })).body);
    const metrics = (await get(`${url}/metrics`)).body;
    const row = {
      minute: Math.round((Date.now() - started) / 60000),
      rssMiB: +(mem.rss / 2 ** 20).toFixed(1),
      peakMiB: +(mem.hwm / 2 ** 20).toFixed(1),
      fds: openDescriptors(pid),
      threads: threadCount(pid),
      connections: stats.connections.total,
      sockets: stats.sockets,
      refusedConnections: metricSum(metrics, 'confide_http_connections_refused_total'),
      slowConsumerDisconnects: stats.slowConsumerDisconnects,
      ...counts,
    };
    samples.push(row);
    if (!opt.json) console.log(JSON.stringify(row));
  };
  await sample();
  const sampler = setInterval(() => sample().catch(fail), 60_000);
  await Promise.all(loads);
  clearInterval(sampler);
  for (const s of sockets) s?.close();
  await sleep(5000);
  await sample();

  const result = summarize(samples);
  result.machine = machine();
  result.options = opt;
  result.lastError = lastError;
  console.log(opt.json ? JSON.stringify({ samples, ...result }) : JSON.stringify(result, null, 2));
  await server.stop();
}

/** A WebSocket from 127.0.0.2 that sends PING frames as fast as it can and never reads. */
async function pingFlood(url, until) {
  counts.pingFloods += 1;
  while (Date.now() < until) {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`,
      { perMessageDeflate: false, localAddress: '127.0.0.2' });
    ws.on('error', () => {});
    const open = await new Promise((resolve) => {
      ws.once('open', () => resolve(true));
      ws.once('close', () => resolve(false));
    });
    if (!open) break;
    ws._socket.pause();
    const payload = Buffer.alloc(125, 1);
    const end = Math.min(until, Date.now() + 30_000);
    while (Date.now() < end && ws.readyState === WebSocket.OPEN) {
      for (let i = 0; i < 200; i += 1) ws.ping(payload);
      // Let the socket's write buffer drain into the kernel (or stop, once it is full).
      await sleep(ws._socket.writableLength > 8 << 20 ? 200 : 1);
    }
    ws.terminate();
  }
}

/** Engine.IO polling handshakes from 127.0.0.3, 32 at a time, never used afterwards. */
async function handshakeFlood(url, until) {
  await pool(32, 32, async () => {
    while (Date.now() < until) {
      try {
        const res = await get(`${url}/socket.io/?EIO=4&transport=polling`,
          { 'x-padding': 'p'.repeat(4096) }, '127.0.0.3');
        if (res.status === 200) counts.handshakes += 1;
        else counts.handshakesRefused += 1;
      } catch {
        counts.handshakesRefused += 1;
      }
    }
  });
}

/**
 * Whether memory and descriptors settle: over the second half of the run, the spread of RSS
 * and of descriptors (max − min), next to the first minute's and the peak.
 */
function summarize(samples) {
  const during = samples.slice(1, -1);
  const half = during.slice(Math.floor(during.length / 2));
  const spread = (rows, key) => {
    const values = rows.map((r) => r[key]);
    return { min: Math.min(...values), max: Math.max(...values) };
  };
  return {
    rssMiB: { first: samples[0]?.rssMiB, secondHalf: spread(half, 'rssMiB'),
      peak: Math.max(...samples.map((s) => s.peakMiB)), afterLoad: samples.at(-1)?.rssMiB },
    fds: { first: samples[0]?.fds, secondHalf: spread(half, 'fds'), afterLoad: samples.at(-1)?.fds },
    sockets: spread(half, 'sockets'),
    totals: samples.at(-1),
  };
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
