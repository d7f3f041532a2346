#!/usr/bin/env node
// confide against the Node.js baseline, the same workloads through the same tools on the same
// machine, runs interleaved (confide, node, confide, node, …), medians of `runs`:
//   1. fan-out at full speed: fanout.mjs --concurrency C (lanes send as fast as they can);
//   2. fan-out at a fixed rate both servers sustain: fanout.mjs --rate R (latency under a
//      moderate load);
//   3. idle connections: idle.mjs --connections N.
//
//   bench/gateway/run.sh compare [--runs 3] [--duration 20] [--concurrency 16] [--rate 100]
//        [--connections 10000] [--only fanout|rate|idle]
// Prints each run's figures as it goes, then a table of medians and ratios.

import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { machine, parseArgs } from './lib.mjs';

const opt = parseArgs(process.argv.slice(2), {
  runs: 3, duration: 20, warmup: 3, concurrency: 16, rate: 100, members: 100,
  connections: 10000, hold: 30, only: '',
});
const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function run(script, args) {
  const r = spawnSync(process.execPath, [here(script), ...args, '--json'], {
    encoding: 'utf8', timeout: 15 * 60 * 1000, maxBuffer: 1 << 24,
  });
  const line = r.stdout.trim().split('\n').pop();
  let result = null;
  try {
    result = JSON.parse(line);
  } catch {
    throw new Error(`${script} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stderr}\n${r.stdout}`);
  }
  if (r.status !== 0) console.error(`warning: ${script} exited ${r.status}: ${r.stderr.trim()}`);
  return result;
}

const m = machine();
console.log(`machine: ${m.cpus} × ${m.model}, ${m.ramGiB} GiB, Linux ${m.kernel}, node ${m.node}`);
console.log(`git: ${execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()}, ` +
  `load average at start: ${m.load}`);

const common = ['--members', String(opt.members), '--duration', String(opt.duration), '--warmup', String(opt.warmup)];
const workloads = {
  fanout: { script: 'fanout.mjs', args: [...common, '--concurrency', String(opt.concurrency)] },
  rate: { script: 'fanout.mjs', args: [...common, '--concurrency', String(opt.concurrency), '--rate', String(opt.rate)] },
  idle: { script: 'idle.mjs', args: ['--connections', String(opt.connections), '--hold', String(opt.hold)] },
};
const results = {};
for (const [name, w] of Object.entries(workloads)) {
  if (opt.only && opt.only !== name) continue;
  results[name] = { confide: [], node: [] };
  for (let i = 0; i < opt.runs; i++) {
    for (const server of ['confide', 'node']) {
      const r = run(w.script, ['--server', server, ...w.args]);
      results[name][server].push(r);
      const ok = r.lost === undefined || r.lost + r.duplicates + r.outOfOrder + r.failedSends === 0;
      if (w.script === 'fanout.mjs') {
        console.log(`${name} #${i + 1} ${server.padEnd(7)} ${r.messagesPerSecond} msg/s, ${r.deliveriesPerSecond} deliveries/s, ` +
          `p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, server ${r.serverCores} cores ` +
          `(${r.deliveriesPerServerCpuSecond}/CPU-s), client ${(r.clientCpuSeconds / opt.duration).toFixed(2)} cores, ` +
          `machine busy ${(r.machineBusy * 100).toFixed(0)}%, ` +
          (r.meanCommitBatch !== null ? `${r.meanCommitBatch} writes/commit, ` : '') +
          `load ${r.machine.load}${ok ? '' : `  CHECKS FAILED: ${JSON.stringify(r)}`}`);
      } else {
        console.log(`${name} #${i + 1} ${server.padEnd(7)} ${r.authenticated}/${r.options.connections} connections, ` +
          `${r.bytesPerConnection} B each (RSS ${r.rssBeforeMiB} → ${r.rssAfterGcMiB ?? r.rssAfterHoldMiB} MiB), ` +
          `${r.connectionsPerSecond} connects/s, load ${r.machine.load}`);
      }
    }
  }
}

console.log('\nmedians');
const row = (label, c, n, better = 'higher') => {
  const ratio = better === 'higher' ? c / n : n / c;
  console.log(`  ${label.padEnd(42)} confide ${String(c).padStart(10)}   node ${String(n).padStart(10)}   ×${ratio.toFixed(1)}`);
};
const med = (list, f) => +median(list.map(f)).toFixed(2);
for (const name of ['fanout', 'rate']) {
  const r = results[name];
  if (!r) continue;
  console.log(name === 'fanout' ? `fan-out, ${opt.concurrency} lanes as fast as they go` : `fan-out, ${opt.rate} messages/s`);
  row('messages/s', med(r.confide, (x) => x.messagesPerSecond), med(r.node, (x) => x.messagesPerSecond));
  row('deliveries/s', med(r.confide, (x) => x.deliveriesPerSecond), med(r.node, (x) => x.deliveriesPerSecond));
  row('deliveries per server CPU-second', med(r.confide, (x) => x.deliveriesPerServerCpuSecond), med(r.node, (x) => x.deliveriesPerServerCpuSecond));
  row('server cores used', med(r.confide, (x) => x.serverCores), med(r.node, (x) => x.serverCores), 'lower');
  for (const q of ['p50', 'p90', 'p99', 'max']) {
    row(`POST → new_message ${q} (ms)`, med(r.confide, (x) => x.latencyMs[q]), med(r.node, (x) => x.latencyMs[q]), 'lower');
  }
  row('POST → 201 p50 (ms)', med(r.confide, (x) => x.restLatencyMs.p50), med(r.node, (x) => x.restLatencyMs.p50), 'lower');
}
if (results.idle) {
  const r = results.idle;
  console.log(`idle authenticated connections: ${opt.connections}`);
  row('bytes per connection', med(r.confide, (x) => x.bytesPerConnection), med(r.node, (x) => x.bytesPerConnection), 'lower');
  row('server RSS with all connected (MiB)', med(r.confide, (x) => x.rssAfterHoldMiB), med(r.node, (x) => x.rssAfterGcMiB ?? x.rssAfterHoldMiB), 'lower');
  row('connects/s', med(r.confide, (x) => x.connectionsPerSecond), med(r.node, (x) => x.connectionsPerSecond));
}
console.log(`load average at the end: ${machine().load}`);
