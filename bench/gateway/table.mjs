#!/usr/bin/env node
// What a server spends per delivery and per durable message, for confide, the Node.js
// socket.io baseline and the floor (bench/floor/: the socket work alone), in one run on one
// machine: each server held to one core, the load tool to the other.
//
//   bench/gateway/run.sh table [--servers confide,node,floor] [--only fanout,direct,max,idle]
//        [--duration 10] [--warmup 3] [--connections 10000] [--server-cpu 1] [--client-cpu 0]
//        [--bin build/confide] [--before path/to/an/older/confide] [--json]
//
// --before adds a column for another confide build (the one before a change), run like the
// others in the same rounds, so that before and after come from one run.
//
// Sections (each server in turn within a section, so that the machine's drift touches them
// alike):
//   fanout  10 GROUP conversations × 100 members (1,000 WebSockets), REST sends at 200, 500
//           and 1,000 messages/s in all, each delivered as `new_message` to the 100 members:
//           server CPU µs per delivery;
//   direct  1,000 DIRECT pairs (2,000 WebSockets), a sender lane per pair, 1,000, 2,000 and
//           4,000 messages/s in all: server CPU µs per message (confide's are durable: each
//           201 follows the commit's fsync);
//   max     the same pairs at rising rates until one is not sustained: the most DIRECT
//           sends/s with every send accepted at the offered rate (≥ 98 %), nothing lost, and
//           POST → new_message p99 under 100 ms;
//   idle    memory per idle authenticated connection (idle.mjs, 10,000 connections).
// The load tool is confide_load (bench/load/, fanout.mjs --client native), which spends far
// less per message than the Node.js client. Every fan-out run must deliver everything once
// and in order; a run that does not is
// reported as failed rather than measured.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { machine, parseArgs } from './lib.mjs';

const opt = parseArgs(process.argv.slice(2), {
  servers: 'confide,node,floor', only: 'fanout,direct,max,idle', duration: 10, warmup: 3,
  connections: 10000, hold: 30, serverCpu: '1', clientCpu: '0', bin: '', before: '', json: false,
});
const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const servers = opt.servers.split(',');
if (opt.before) servers.unshift('before');
const sections = new Set(opt.only.split(','));
const FANOUT_RATES = [200, 500, 1000];
const DIRECT_RATES = [1000, 2000, 4000];
const MAX_RATES = [1000, 2000, 3000, 4000, 6000, 8000, 10000, 12000, 16000, 20000, 24000];

// Runs a tool pinned to the client's core, with the server it starts pinned to the server's.
function tool(script, server, args) {
  const bin = server === 'before' ? opt.before : server === 'confide' ? opt.bin : '';
  const argv = ['-c', String(opt.clientCpu), process.execPath, here(script),
    '--server', server === 'before' ? 'confide' : server, '--server-cpus', String(opt.serverCpu),
    ...(bin ? ['--bin', bin] : []), ...args.map(String), '--json'];
  const r = spawnSync('taskset', argv, { encoding: 'utf8', timeout: 15 * 60 * 1000, maxBuffer: 1 << 26 });
  const line = (r.stdout ?? '').trim().split('\n').pop();
  try {
    return JSON.parse(line);
  } catch {
    return { error: `${script} exited ${r.status ?? r.signal}: ${(r.stderr ?? '').trim().slice(-600)}` };
  }
}

const clean = (r) => !r.error && r.failedSends + r.lost + r.duplicates + r.outOfOrder === 0 &&
  r.sameOrderEverywhere && r.unexpectedCloses === 0;
const say = (text) => {
  if (!opt.json) console.log(text);
};
const runLine = (what, server, r) => (r.error ? `${what} ${server}: ${r.error}` :
  `${what} ${server.padEnd(7)} ${r.messagesPerSecond} msg/s, ${r.deliveriesPerSecond} deliveries/s, ` +
  `${r.serverCpuMicrosPerDelivery} µs/delivery, ${r.serverCpuMicrosPerMessage} µs/message, ` +
  `server ${r.serverCores} cores, p50/p99 ${r.latencyMs.p50}/${r.latencyMs.p99} ms, ` +
  `client ${(r.clientCpuSeconds / opt.duration).toFixed(2)} cores${clean(r) ? '' : '  CHECKS FAILED'}`);

const m = machine();
say(`machine: ${m.cpus} × ${m.model}, ${m.ramGiB} GiB, Linux ${m.kernel}, node ${m.node}, load ${m.load}`);
say(`server on CPU ${opt.serverCpu}, load tool on CPU ${opt.clientCpu}; ${opt.duration} s measured after ${opt.warmup} s`);
const results = { machine: m, fanout: {}, direct: {}, max: {}, idle: {} };
const timing = ['--duration', opt.duration, '--warmup', opt.warmup];

if (sections.has('fanout')) {
  for (const rate of FANOUT_RATES) {
    results.fanout[rate] = {};
    for (const server of servers) {
      const r = tool('fanout.mjs', server, ['--client', 'native', '--rooms', 10, '--members', 100, '--concurrency', 50,
        '--rate', rate, ...timing]);
      results.fanout[rate][server] = r;
      say(runLine(`fanout ${rate}/s`, server, r));
    }
  }
}
const direct = (server, rate) => tool('fanout.mjs', server, ['--client', 'native', '--rooms', 1000, '--members', 2,
  '--type', 'DIRECT', '--concurrency', 1000, '--rate', rate, ...timing]);
if (sections.has('direct')) {
  for (const rate of DIRECT_RATES) {
    results.direct[rate] = {};
    for (const server of servers) {
      const r = direct(server, rate);
      results.direct[rate][server] = r;
      say(runLine(`direct ${rate}/s`, server, r));
    }
  }
}
if (sections.has('max')) {
  for (const server of servers) {
    let best = null;
    for (const rate of MAX_RATES) {
      const r = direct(server, rate);
      const held = clean(r) && r.messagesPerSecond >= 0.98 * rate && r.latencyMs.p99 < 100;
      say(`${runLine(`max ${rate}/s`, server, r)}${held ? '' : '  not sustained'}`);
      if (!held) break;
      best = { rate, result: r };
    }
    results.max[server] = best;
  }
}
if (sections.has('idle')) {
  for (const server of servers) {
    const r = tool('idle.mjs', server, ['--connections', opt.connections, '--hold', opt.hold]);
    results.idle[server] = r;
    say(r.error ? `idle ${server}: ${r.error}` : `idle ${server.padEnd(7)} ${r.authenticated}/${opt.connections} ` +
      `authenticated, ${r.bytesPerConnection} B each`);
  }
}

if (opt.json) {
  console.log(JSON.stringify(results));
} else {
  // The table: one column per server, then confide's ratio to the floor and to Node.js.
  const cell = (x, digits = 1) => (x === undefined || x === null || Number.isNaN(x) ? '–' :
    Number(x).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
  const ratio = (a, b) => (a && b ? (a / b).toFixed(2) : '–');
  const rows = [];
  const row = (label, values, digits = 1) => {
    const c = values.confide;
    rows.push(`| ${label} | ${servers.map((s) => cell(values[s], digits)).join(' | ')} | ` +
      `${ratio(c, values.floor)} | ${ratio(c, values.node)} |` +
      (opt.before ? ` ${ratio(c, values.before)} |` : ''));
  };
  const pick = (r, f) => (r && clean(r) ? f(r) : undefined);
  for (const rate of Object.keys(results.fanout)) {
    row(`fan-out 10 × 100, ${rate} msg/s: µs per delivery`, Object.fromEntries(servers.map((s) =>
      [s, pick(results.fanout[rate][s], (r) => r.serverCpuMicrosPerDelivery)])));
  }
  for (const rate of Object.keys(results.direct)) {
    row(`1,000 DIRECT pairs, ${rate} msg/s: µs per message`, Object.fromEntries(servers.map((s) =>
      [s, pick(results.direct[rate][s], (r) => r.serverCpuMicrosPerMessage)])));
  }
  if (sections.has('max')) {
    row('most DIRECT sends/s sustained', Object.fromEntries(servers.map((s) => [s, results.max[s]?.rate])), 0);
  }
  if (sections.has('idle')) {
    row(`bytes per idle authenticated connection (${opt.connections})`, Object.fromEntries(servers.map((s) =>
      [s, results.idle[s]?.error ? undefined : results.idle[s]?.bytesPerConnection])), 0);
  }
  // Runs that did not keep up with the rate offered: their figures are at the rate reached.
  const short = [];
  for (const [section, byRate] of [['fan-out', results.fanout], ['DIRECT', results.direct]]) {
    for (const [rate, byServer] of Object.entries(byRate)) {
      for (const [server, r] of Object.entries(byServer)) {
        if (r && !r.error && r.messagesPerSecond < 0.98 * Number(rate)) {
          short.push(`${section} ${rate} msg/s: ${server} reached ${r.messagesPerSecond} msg/s ` +
            `(POST → new_message p99 ${r.latencyMs.p99} ms)`);
        }
      }
    }
  }
  console.log(`\n| server CPU (pinned core) | ${servers.join(' | ')} | confide ÷ floor | confide ÷ node |` +
    (opt.before ? ' confide ÷ before |' : ''));
  console.log(`|---|${servers.map(() => '---:').join('|')}|---:|---:|${opt.before ? '---:|' : ''}`);
  for (const r of rows) console.log(r);
  if (short.length) console.log(`\nbelow the rate offered:\n${short.map((s) => `  ${s}`).join('\n')}`);
  console.log(`\nload average at the end: ${machine().load}`);
}
