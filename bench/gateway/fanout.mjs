#!/usr/bin/env node
// Gateway fan-out load: messages sent over REST to a GROUP conversation reach every member's
// socket as `new_message`. Measures deliveries per second and the latency from the start of
// the REST POST to the `new_message` frame at each recipient.
//
//   node bench/gateway/fanout.mjs [--server confide|node|floor] [--members 100] [--rooms 1]
//        [--type GROUP|DIRECT] [--concurrency 16] [--rate 0] [--warmup 3] [--duration 20]
//        [--workers 1] [--server-cpus LIST] [--client node|native] [--json]
//   node bench/gateway/fanout.mjs --url http://127.0.0.1:5000 --secret S [--pid PID]
//   node bench/gateway/fanout.mjs --url URL1,URL2,... --secret S [--pid PID1,PID2,...]
//
// --server confide  starts build/confide (--bin to choose another) on a fresh SQLite file
//                   (on disk, WAL, fsync per group commit) with --jwt-secret,
//                   --auto-provision true, --log-requests false;
// --server node     starts bench/gateway/node_baseline.mjs (socket.io@4, messages in memory);
// --server floor    starts build/confide_floor (bench/floor/: the socket work alone);
// --server-cpus     holds the server it starts to these CPUs (taskset -c LIST);
// --url             drives a server that is already running (its HS256 secret in --secret;
//                   --pid to report its CPU time and memory). A comma-separated list drives
//                   the nodes of a cluster (bench/cluster/run.sh): member i's socket is on
//                   node i mod N, sender lane l POSTs to node l mod N, and --pid takes the
//                   nodes' pids, comma-separated: CPU time, memory and threads are their sums,
//                   /metrics is read from every node, and the latency is also reported for
//                   the deliveries on a node other than the one the message was POSTed to.
//
// Set-up: `rooms` conversations of `members` users each (every user provisioned by a first
// REST call; GROUP, or DIRECT pairs with --type DIRECT --members 2), one WebSocket per member
// (raw `ws` speaking Engine.IO v4 / Socket.IO v5: the CONNECT carries the token, then
// `join_conversation` with an acknowledgement). The server must send every message to every
// member's socket exactly once (the conversation's room and each member's own room overlap; a
// socket in both gets it once).
//
// Load: `concurrency` sender lanes (at least one per room; lane l sends to room l mod `rooms`
// as one of its members), each POSTing messages one after another on a keep-alive connection
// (the next as soon as the 201 of the previous arrives; with --rate R, no sooner than the
// lane's share of R messages per second). Each message's content carries its lane, sequence
// number and send time, so every recipient checks that it gets every message of its room once
// and each lane's messages in order, and computes the latency on arrival.
// Measures over `duration` seconds after `warmup` seconds; then stops sending and waits (up
// to --drain seconds) for the last deliveries.
//
// Clients run in `workers` worker threads (the main thread only sends), on the same machine
// as the server: the report gives the CPU time of both, so that what the server spends per
// delivery can be stated whatever the machine's load.
//
// --client native   the sockets and the sender lanes are build/confide_load (bench/load/,
//                   `ninja -C build confide_load`; --load-bin to choose another) instead of
//                   Node.js: the same protocol, checks and figures at less than half the CPU
//                   per message. This script still makes the users, conversations and tokens
//                   and samples the CPU; it hands confide_load a plan file, waits for its
//                   `ready`, writes `go <begin> <windowStart> <windowEnd> <drainMs>` to its
//                   stdin and reads its report (bench/load/report.h). --client-cpus LIST
//                   holds it to those CPUs (taskset -c), --load-threads N gives it N event
//                   loops (1 by default). clientCpuSeconds is then this process's CPU time
//                   plus confide_load's over the window.

import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import {
  GatewayClient, Histogram, ROOT, cpuSeconds, machine, machineCpu, memory, nowMs, parseArgs,
  pool, restClient, sleep, startServer, threadCount, threadCpuSeconds, userToken,
} from './lib.mjs';

if (isMainThread) await main();
else await worker();

// ---------------------------------------------------------------------------------------

async function main() {
  const opt = parseArgs(process.argv.slice(2), {
    server: 'confide', url: '', secret: '', pid: '', bin: '', serverArgs: '', serverCpus: '',
    members: 100, rooms: 1, type: 'GROUP', concurrency: 16, rate: 0, warmup: 3, duration: 20,
    drain: 5, workers: 1, client: 'node', loadBin: '', loadThreads: 1, clientCpus: '', json: false,
  });
  const secret = opt.secret || crypto.randomBytes(32).toString('hex');
  let server = null;
  let url = opt.url;
  let pid = String(opt.pid || '');
  if (!url) {
    server = await startServer({
      kind: opt.server, secret, bin: opt.bin || undefined,
      args: opt.serverArgs ? opt.serverArgs.split(' ') : [], cpus: opt.serverCpus,
    });
    url = server.url;
    pid = String(server.pid);
  } else if (!opt.secret) {
    throw new Error('--url needs --secret (the server\'s HS256 secret)');
  }
  const label = server ? server.kind : url;
  const stopAll = async () => {
    if (server) await server.stop();
  };
  // Bounded: whatever happens, the run ends.
  const deadline = setTimeout(() => {
    console.error('fanout: run took too long; giving up');
    process.exit(3);
  }, (opt.warmup + opt.duration + opt.drain + 180) * 1000);
  deadline.unref();

  try {
    const result = await run(opt, url, pid, secret, label);
    if (opt.json) console.log(JSON.stringify(result));
    else print(result);
    await stopAll();
    process.exitCode = result.lost + result.duplicates + result.outOfOrder + result.failedSends > 0 ? 1 : 0;
  } catch (e) {
    console.error(`fanout: ${e.stack ?? e}`);
    if (server) console.error(`server log tail:\n${server.log().slice(-3000)}`);
    await stopAll();
    process.exitCode = 2;
  }
}

async function run(opt, url, pidList, secret, label) {
  const { members, rooms } = opt;
  if (opt.type === 'DIRECT' && members !== 2) throw new Error('--type DIRECT needs --members 2');
  if (opt.client !== 'node' && opt.client !== 'native') throw new Error('--client is node or native');
  if (opt.concurrency < rooms) throw new Error('--concurrency must be at least --rooms (a lane per room)');
  const prefix = `fan${crypto.randomBytes(3).toString('hex')}_`;
  // User k is member k mod `members` of room ⌊k / members⌋.
  const users = rooms * members;
  const ids = Array.from({ length: users }, (_, k) => `${prefix}${k}`);
  const tokens = ids.map((id, k) => userToken(secret, id, k));
  // One URL, or the nodes of a cluster: sockets and sender lanes round-robin over them.
  const urls = url.split(',').filter(Boolean);
  const rests = urls.map((u) => restClient(u, { maxSockets: Math.max(opt.concurrency, 16) }));
  const rest = rests[0];
  // One pid, or the nodes' pids: CPU time, memory and threads summed over them.
  const pids = pidList.split(',').filter(Boolean).map(Number);
  const pid = pids.length > 0;
  const cpuSum = () => pids.reduce((a, p) => a + cpuSeconds(p), 0);
  const threadsAll = () => {
    const out = new Map();
    for (const p of pids) for (const [tid, s] of threadCpuSeconds(p)) out.set(`${p}/${tid}`, s);
    return out;
  };
  const memorySum = () => pids.map(memory).reduce((a, m) => ({ rss: a.rss + m.rss, hwm: a.hwm + m.hwm }));
  const threadsCount = () => pids.reduce((a, p) => a + threadCount(p), 0);

  // Users exist once they have made a call (auto-provisioning); then the conversation.
  await pool(users, 16, async (k) => {
    const r = await rest('GET', '/messaging/conversations?limit=1', tokens[k]);
    if (r.status !== 200) throw new Error(`provisioning ${ids[k]}: ${r.status} ${r.body}`);
  });
  const conversationIds = new Array(rooms);
  await pool(rooms, 16, async (room) => {
    const first = room * members;
    const body = { participantIds: ids.slice(first + 1, first + members), type: opt.type };
    if (opt.type === 'GROUP') body.title = `fan-out bench ${room}`;
    const created = await rest('POST', '/messaging/conversations', tokens[first], body);
    if (created.status !== 201) throw new Error(`create conversation: ${created.status} ${created.body}`);
    conversationIds[room] = JSON.parse(created.body).id;
  });

  // Lane l sends to room l mod `rooms`, as member ⌊l / rooms⌋ mod `members` of it.
  const lanes = opt.concurrency;
  const laneToken = (l) => tokens[(l % rooms) * members + (Math.floor(l / rooms) % members)];

  // Clients: users split over the worker threads, or all of them in confide_load.
  const native = opt.client === 'native'
    ? await startNative(opt, { urls, rooms, members, lanes, tokens, conversationIds, laneToken })
    : null;
  const workers = [];
  for (let w = 0; !native && w < opt.workers; w++) {
    const mine = [];
    for (let k = w; k < users; k += opt.workers) {
      const room = Math.floor(k / members);
      mine.push({ token: tokens[k], node: k % urls.length, url: urls[k % urls.length], room,
        conversationId: conversationIds[room] });
    }
    workers.push(spawnWorker({ nodes: urls.length, rooms, clients: mine }));
  }
  const ready = native ? [await native.ready] : await Promise.all(workers.map((w) => w.next('ready')));
  const connectMs = Math.max(...ready.map((r) => r.connectMs));
  const baseline = pid ? memorySum() : null;

  // Send: lanes POST one message after another.
  let sent = new Array(lanes).fill(0); // messages each lane had accepted (201)
  let failed = [];
  let restLatency = new Histogram();
  const begin = nowMs() + 100;
  const windowStart = begin + opt.warmup * 1000;
  const windowEnd = windowStart + opt.duration * 1000;
  for (const w of workers) w.post({ type: 'window', windowStart, windowEnd });
  native?.go(begin, windowStart, windowEnd, opt.drain * 1000);
  let sentInWindow = 0;
  const interval = opt.rate > 0 ? (1000 * lanes) / opt.rate : 0;

  const samples = {};
  const sample = (name) => {
    samples[name] = { t: nowMs(), server: pid ? cpuSum() : NaN,
      threads: pid ? threadsAll() : new Map(),
      client: process.cpuUsage(), native: native ? native.cpuSeconds() : 0, machine: machineCpu() };
  };
  setTimeout(() => sample('start'), windowStart - nowMs());
  setTimeout(() => sample('end'), windowEnd - nowMs());
  // confide's group commit: how many writes shared a transaction (its /metrics histogram).
  const batches = async () => {
    const out = { sum: 0, count: 0 };
    for (const node of rests) {
      const r = await node('GET', '/metrics').catch(() => null);
      const value = (name) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(r?.body ?? '')?.[1] ?? NaN);
      out.sum += value('confide_db_commit_batch_size_sum');
      out.count += value('confide_db_commit_batch_size_count');
    }
    return out;
  };
  let batchesAtStart = null;
  setTimeout(async () => {
    batchesAtStart = await batches();
  }, windowStart - nowMs());

  const lane = async (l) => {
    const room = l % rooms;
    const token = laneToken(l);
    const post = rests[l % rests.length];
    const path = `/messaging/conversations/${conversationIds[room]}/messages`;
    let next = begin + (interval * l) / lanes;
    for (let seq = 0; ; seq++) {
      if (interval > 0) {
        const wait = next - nowMs();
        if (wait > 0) await sleep(wait);
        next = Math.max(next + interval, nowMs() - interval);
      } else if (seq === 0) {
        await sleep(begin - nowMs());
      }
      const t0 = nowMs();
      if (t0 >= windowEnd) return;
      const r = await post('POST', path, token, { content: `b:${l}:${seq}:${t0.toFixed(3)}` });
      const t1 = nowMs();
      if (r.status !== 201) {
        failed.push({ lane: l, seq, status: r.status, body: r.body.slice(0, 200) });
        continue;
      }
      sent[l] = seq + 1;
      if (t0 >= windowStart) {
        restLatency.add(t1 - t0);
        sentInWindow++;
      }
    }
  };
  if (!native) await Promise.all(Array.from({ length: lanes }, (_, l) => lane(l)));
  while (!samples.end) await sleep(10);
  const batchesAtEnd = await batches();
  const meanBatch = (batchesAtEnd.sum - batchesAtStart?.sum) / (batchesAtEnd.count - batchesAtStart?.count);

  // Drain and collect.
  let reports;
  if (native) {
    // confide_load drains by itself after the window and reports what its lanes did too.
    const r = await native.report;
    sent = r.sent;
    sentInWindow = r.sentInWindow;
    failed = r.failed.map(([l, seq, status], i) => r.failedExamples[i] ?? { lane: l, seq, status });
    restLatency = histogramOf(r.restLatency);
    reports = [{ ...r, latency: histogramOf(r.latency).counts,
      latencyOtherNode: histogramOf(r.latencyOtherNode).counts }];
  } else {
    const failedSeqs = failed.map((f) => [f.lane, f.seq]);
    for (const w of workers) w.post({ type: 'finish', sent, failed: failedSeqs, drainMs: opt.drain * 1000 });
    reports = await Promise.all(workers.map((w) => w.next('report')));
  }
  const after = pid ? memorySum() : null;
  for (const w of workers) await w.terminate();
  await native?.stop();

  const latency = new Histogram();
  const latencyOtherNode = new Histogram();
  let deliveredInWindow = 0;
  let lost = 0;
  let duplicates = 0;
  let outOfOrder = 0;
  let closed = 0;
  const orders = new Map(); // room -> the orders its recipients saw
  for (const r of reports) {
    latency.merge(new Histogram(r.latency));
    latencyOtherNode.merge(new Histogram(r.latencyOtherNode));
    deliveredInWindow += r.deliveredInWindow;
    lost += r.lost;
    duplicates += r.duplicates;
    outOfOrder += r.outOfOrder;
    closed += r.closed;
    for (const [room, h] of r.orderHashes) {
      if (!orders.has(room)) orders.set(room, new Set());
      orders.get(room).add(h);
    }
  }
  const seconds = (samples.end.t - samples.start.t) / 1000;
  const serverCpu = samples.end.server - samples.start.server;
  const clientUsage = process.cpuUsage(samples.start.client);
  const clientCpu = (clientUsage.user + clientUsage.system) / 1e6 +
    (samples.end.native - samples.start.native);
  const mc = { busy: samples.end.machine.busy - samples.start.machine.busy,
    total: samples.end.machine.total - samples.start.machine.total };
  const deliveriesPerSecond = deliveredInWindow / seconds;
  // The server's busiest threads over the window, in cores.
  const threadCores = [...samples.end.threads]
    .map(([tid, s]) => (s - (samples.start.threads.get(tid) ?? 0)) / seconds)
    .sort((a, b) => b - a).slice(0, 4).map((x) => +x.toFixed(2));
  return {
    server: label,
    machine: machine(),
    options: { members, rooms, type: opt.type, concurrency: lanes, rate: opt.rate,
      warmup: opt.warmup, duration: opt.duration, workers: opt.workers,
      serverCpus: opt.serverCpus || null, client: opt.client },
    connectMs: Math.round(connectMs),
    messagesPerSecond: +(sentInWindow / seconds).toFixed(1),
    deliveriesPerSecond: Math.round(deliveriesPerSecond),
    latencyMs: latency.summary(),
    ...(urls.length > 1 ? { nodes: urls.length, latencyOtherNodeMs: latencyOtherNode.summary() } : {}),
    restLatencyMs: restLatency.summary(),
    meanCommitBatch: Number.isFinite(meanBatch) ? +meanBatch.toFixed(1) : null,
    serverCpuSeconds: +serverCpu.toFixed(2),
    serverCores: +(serverCpu / seconds).toFixed(2),
    serverBusiestThreadsCores: threadCores,
    deliveriesPerServerCpuSecond: Math.round(deliveredInWindow / serverCpu),
    serverCpuMicrosPerDelivery: +((serverCpu * 1e6) / deliveredInWindow).toFixed(2),
    serverCpuMicrosPerMessage: +((serverCpu * 1e6) / sentInWindow).toFixed(1),
    clientCpuSeconds: +clientCpu.toFixed(2),
    machineBusy: +(mc.busy / mc.total).toFixed(3),
    serverRssMiB: after ? +(after.rss / 2 ** 20).toFixed(1) : null,
    serverRssBeforeSendMiB: baseline ? +(baseline.rss / 2 ** 20).toFixed(1) : null,
    serverThreads: pid ? threadsCount() : null,
    failedSends: failed.length,
    failedExamples: failed.slice(0, 3),
    lost,
    duplicates,
    outOfOrder,
    sameOrderEverywhere: [...orders.values()].every((set) => set.size <= 1),
    unexpectedCloses: closed,
  };
}

function print(r) {
  const m = r.machine;
  console.log(`server: ${r.server}   machine: ${m.cpus} × ${m.model}, ${m.ramGiB} GiB, Linux ${m.kernel}, node ${m.node}, load ${m.load}`);
  console.log(`${r.options.rooms} × ${r.options.type} of ${r.options.members} members, sender lanes ${r.options.concurrency}, ` +
    `rate ${r.options.rate || 'as fast as the lanes go'}, warm-up ${r.options.warmup} s, ` +
    `measured ${r.options.duration} s, ` +
    `${r.options.client === 'native' ? 'client confide_load' : `client workers ${r.options.workers}`}; ` +
    `all connected and joined in ${r.connectMs} ms`);
  console.log(`messages/s ${r.messagesPerSecond}   deliveries/s ${r.deliveriesPerSecond}`);
  const l = r.latencyMs;
  console.log(`POST → new_message (ms): p50 ${l.p50}  p90 ${l.p90}  p99 ${l.p99}  p99.9 ${l.p999}  max ${l.max}  (${l.count} deliveries)`);
  if (r.latencyOtherNodeMs) {
    const o = r.latencyOtherNodeMs;
    console.log(`  on another node (ms):  p50 ${o.p50}  p90 ${o.p90}  p99 ${o.p99}  p99.9 ${o.p999}  max ${o.max}  (${o.count} deliveries, ${r.nodes} nodes)`);
  }
  const rl = r.restLatencyMs;
  console.log(`POST → 201 (ms):         p50 ${rl.p50}  p90 ${rl.p90}  p99 ${rl.p99}  max ${rl.max}` +
    (r.meanCommitBatch !== null ? `   (writes per database commit: ${r.meanCommitBatch} on average)` : ''));
  console.log(`server CPU ${r.serverCpuSeconds} s (${r.serverCores} cores; ${r.deliveriesPerServerCpuSecond} deliveries per server CPU-second, ` +
    `${r.serverCpuMicrosPerDelivery} µs per delivery, ${r.serverCpuMicrosPerMessage} µs per message), ` +
    `client CPU ${r.clientCpuSeconds} s, machine busy ${(r.machineBusy * 100).toFixed(0)}%`);
  console.log(`server's busiest threads (cores): ${r.serverBusiestThreadsCores.join(', ')}`);
  console.log(`server RSS ${r.serverRssMiB} MiB (before sending ${r.serverRssBeforeSendMiB} MiB), threads ${r.serverThreads}`);
  console.log(`failed sends ${r.failedSends}, lost ${r.lost}, duplicates ${r.duplicates}, out of order ${r.outOfOrder}, ` +
    `same order at every recipient: ${r.sameOrderEverywhere}, unexpected closes ${r.unexpectedCloses}`);
  if (r.failedExamples.length) console.log('failed examples:', r.failedExamples);
}

// ---------------------------------------------------------------------------------------
// The native client (--client native): build/confide_load with a plan file (bench/load/plan.h).

// A lib.mjs Histogram from confide_load's sparse [[bucket, count], ...].
function histogramOf(sparse) {
  const h = new Histogram();
  for (const [bucket, count] of sparse) h.counts[bucket] += count;
  return h;
}

/**
 * Writes the plan, starts confide_load and returns {pid, ready, go(), report, stop()}:
 * `ready` resolves with {connectMs} once every socket has joined and every lane is connected,
 * go() starts the run, `report` resolves with its final report. It is killed if this process
 * exits first.
 */
async function startNative(opt, { urls, rooms, members, lanes, tokens, conversationIds, laneToken }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'confide-load-'));
  const planPath = path.join(dir, 'plan');
  const lines = ['confide_load-plan 1'];
  for (const u of urls) {
    const url = new URL(u);
    lines.push(`node ${url.hostname.replace(/^\[|\]$/g, '')} ${url.port || '80'}`);
  }
  lines.push(`rooms ${rooms}`, `rate ${opt.rate}`);
  // User k: member k mod `members` of room ⌊k / members⌋, its socket on node k mod N.
  tokens.forEach((token, k) => {
    const room = Math.floor(k / members);
    lines.push(`client ${k % urls.length} ${room} ${conversationIds[room]} ${token}`);
  });
  // Lane l: room l mod `rooms`, POSTs to node l mod N.
  for (let l = 0; l < lanes; l++) {
    lines.push(`lane ${l % rooms} ${conversationIds[l % rooms]} ${laneToken(l)} ${l % urls.length}`);
  }
  fs.writeFileSync(planPath, `${lines.join('\n')}\n`);

  const bin = path.resolve(opt.loadBin || path.join(ROOT, 'build/confide_load'));
  let argv = ['--plan', planPath, '--threads', String(opt.loadThreads)];
  let command = bin;
  if (opt.clientCpus) {
    // taskset execs confide_load: the child's pid is confide_load's.
    argv = ['-c', opt.clientCpus, bin, ...argv];
    command = 'taskset';
  }
  const child = spawn(command, argv, { stdio: ['pipe', 'pipe', 'inherit'] });
  const kill = () => child.kill('SIGKILL');
  process.on('exit', kill);
  // 'close': it has exited and its output has been read to the end (its last line included).
  const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve(code ?? signal)));
  child.on('error', () => {}); // reported through `exited`
  const out = readline.createInterface({ input: child.stdout });
  const lineQueue = [];
  const waiting = [];
  out.on('line', (line) => (waiting.length ? waiting.shift()(line) : lineQueue.push(line)));
  const nextLine = (what) => Promise.race([
    new Promise((resolve) => (lineQueue.length ? resolve(lineQueue.shift()) : waiting.push(resolve))),
    exited.then((status) => {
      throw new Error(`confide_load exited (${status}) before its ${what}`);
    }),
  ]);
  const ready = nextLine('ready line').then((line) => {
    const m = /^ready (\S+)$/.exec(line);
    if (!m) throw new Error(`confide_load: expected "ready <ms>", got ${line}`);
    return { connectMs: Number(m[1]) };
  });
  exited.then(() => fs.rmSync(dir, { recursive: true, force: true }));
  let report = null;
  return {
    pid: child.pid,
    // Its CPU time so far (NaN once it has ended: the run fails then anyway).
    cpuSeconds() {
      try {
        return cpuSeconds(child.pid);
      } catch {
        return NaN;
      }
    },
    ready,
    go(begin, windowStart, windowEnd, drainMs) {
      child.stdin.write(`go ${begin.toFixed(3)} ${windowStart.toFixed(3)} ${windowEnd.toFixed(3)} ${drainMs}\n`);
      report = nextLine('report').then((line) => JSON.parse(line));
      report.catch(() => {}); // awaited after the window; a failure surfaces there
    },
    get report() {
      return report;
    },
    async stop() {
      // It exits by itself once it has reported; killed if it does not within 10 s.
      child.stdin.end();
      const timer = setTimeout(kill, 10000);
      await exited;
      clearTimeout(timer);
      process.off('exit', kill);
    },
  };
}

// A worker thread, with a promise for its next message of a given type.
function spawnWorker(data) {
  const w = new Worker(new URL(import.meta.url), { workerData: data });
  const waiting = new Map();
  const queued = new Map();
  let failure = null;
  w.on('message', (m) => {
    const resolve = waiting.get(m.type);
    if (resolve) {
      waiting.delete(m.type);
      resolve(m);
    } else {
      queued.set(m.type, m);
    }
  });
  w.on('error', (e) => {
    failure = e;
    for (const [, resolve] of waiting) resolve(Promise.reject(e));
  });
  return {
    post: (m) => w.postMessage(m),
    next: (type) => {
      if (failure) return Promise.reject(failure);
      if (queued.has(type)) {
        const m = queued.get(type);
        queued.delete(type);
        return Promise.resolve(m);
      }
      return new Promise((resolve) => waiting.set(type, resolve));
    },
    terminate: () => w.terminate(),
  };
}

// ---------------------------------------------------------------------------------------
// Worker: holds clients, checks and times every new_message.

async function worker() {
  const { nodes, rooms, clients } = workerData;
  let windowStart = Infinity;
  let windowEnd = -Infinity;
  const latency = new Histogram();
  const latencyOtherNode = new Histogram(); // POSTed to one node, delivered by another
  let deliveredInWindow = 0;
  let closed = 0;
  let finishing = false;

  const states = clients.map(({ node, room, conversationId }) => ({
    node,
    room,
    conversationId,
    next: [], // per lane: next expected sequence number
    missing: [], // per lane: sequence numbers skipped so far (Set), to tell late from duplicate
    received: 0,
    duplicates: 0,
    outOfOrder: 0,
    hash: 0x811c9dc5,
    checkedShape: false,
  }));

  const onNewMessage = (s, text) => {
    const at = nowMs();
    const c = text.indexOf('"content":"b:');
    if (c < 0) return;
    const start = c + 13;
    const end = text.indexOf('"', start);
    const [laneText, seqText, t0Text] = text.slice(start, end).split(':');
    const l = +laneText;
    const seq = +seqText;
    const t0 = +t0Text;
    if (!s.checkedShape) {
      const message = JSON.parse(text.slice(text.indexOf(',') + 1))[1];
      if (message.conversationId !== s.conversationId || !message.id) throw new Error(`unexpected new_message ${text}`);
      s.checkedShape = true;
    }
    const expected = s.next[l] ?? 0;
    if (seq === expected) {
      s.next[l] = seq + 1;
    } else if (seq > expected) {
      const missing = (s.missing[l] ??= new Set());
      for (let k = expected; k < seq; k++) missing.add(k);
      s.next[l] = seq + 1;
    } else if (s.missing[l]?.delete(seq)) {
      s.outOfOrder++;
    } else {
      s.duplicates++;
      return;
    }
    s.received++;
    s.hash = Math.imul(s.hash ^ (l * 1_000_003 + seq), 16777619) >>> 0;
    if (t0 >= windowStart && t0 < windowEnd) {
      latency.add(at - t0);
      if (nodes > 1 && l % nodes !== s.node) latencyOtherNode.add(at - t0);
    }
    if (at >= windowStart && at < windowEnd) deliveredInWindow++;
  };

  const t = nowMs();
  const live = await Promise.all(clients.map(async ({ url, token, conversationId }, k) => {
    const client = new GatewayClient(url, token, {
      onEvent: (name, text) => {
        if (name === 'new_message') onNewMessage(states[k], text);
      },
      onClose: () => {
        if (!finishing) closed++;
      },
    });
    await client.connect();
    const [ack] = await client.emitWithAck('join_conversation', { conversationId });
    if (!ack?.ok) throw new Error(`join_conversation: ${JSON.stringify(ack)}`);
    return client;
  }));
  parentPort.postMessage({ type: 'ready', connectMs: nowMs() - t });

  parentPort.on('message', async (m) => {
    if (m.type === 'window') {
      windowStart = m.windowStart;
      windowEnd = m.windowEnd;
      return;
    }
    if (m.type !== 'finish') return;
    const failed = new Set(m.failed.map(([l, seq]) => `${l}:${seq}`));
    // What each room's members must receive: the accepted messages of its lanes.
    const expectedInRoom = new Array(rooms).fill(0);
    m.sent.forEach((n, l) => (expectedInRoom[l % rooms] += n));
    for (const [l, seq] of m.failed) if (seq < m.sent[l]) expectedInRoom[l % rooms]--;
    const until = nowMs() + m.drainMs;
    while (nowMs() < until && states.some((s) => s.received < expectedInRoom[s.room])) await sleep(20);
    finishing = true;
    let lost = 0;
    for (const s of states) {
      // Per lane, every sequence number below `sent` that did not fail must have arrived.
      for (let l = s.room; l < m.sent.length; l += rooms) {
        const next = s.next[l] ?? 0;
        for (let seq = 0; seq < m.sent[l]; seq++) {
          if (failed.has(`${l}:${seq}`)) continue;
          if (seq >= next || s.missing[l]?.has(seq)) lost++;
        }
      }
    }
    for (const c of live) c.terminate();
    parentPort.postMessage({
      type: 'report',
      latency: latency.counts,
      latencyOtherNode: latencyOtherNode.counts,
      deliveredInWindow,
      lost,
      duplicates: states.reduce((a, s) => a + s.duplicates, 0),
      outOfOrder: states.reduce((a, s) => a + s.outOfOrder, 0),
      closed,
      orderHashes: states.map((s) => [s.room, s.hash]),
    });
  });
}
