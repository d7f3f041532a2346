#!/usr/bin/env node
// Gateway memory per idle connection: opens `connections` authenticated WebSockets (one
// distinct user each, a token minted in-process; the server provisions each user on its
// first connection), keeps them idle (answering the server's pings) for `hold` seconds, and
// reports the server's resident memory before and after, per connection.
//
//   bench/gateway/run.sh idle [--server confide|node|floor] [--connections 10000]
//        [--concurrency 200] [--hold 30] [--server-cpus LIST] [--json]
//   node bench/gateway/idle.mjs --url http://127.0.0.1:5000 --secret S --pid PID …
//        [--local-address 127.0.0.x] [--ready FILE] [--until-signal]
//
// For a cluster (bench/cluster/run.sh --idle): --local-address is the connections' source
// address; --ready FILE receives a line once every connection has been tried; with
// --until-signal the connections stay open past `hold` seconds until SIGUSR2, and only then
// is "after" measured.
//
// run.sh raises the open-file limit to its hard limit first: the client holds one descriptor
// per connection, and the server (a child of this script) inherits the same limit.
//
// The server is started as in fanout.mjs (--server confide: build/confide on a fresh SQLite
// file; --server node: the socket.io baseline). "Before" is its VmRSS a second after it
// listens; "after" is VmRSS once every connection has been authenticated and held idle for
// `hold` seconds (the default, 30 s, is longer than the 25 s ping interval, so every
// connection has been pinged); for the Node.js baseline, after a full garbage collection as
// well (its smallest), which is the figure per connection. The difference also holds what provisioning 10,000 users
// costs the server beyond the connections (for confide: SQLite's page caches, bounded by the
// database's size, which is reported).

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  GatewayClient, machine, memory, nowMs, parseArgs, pool, sleep, startServer, threadCount,
  userToken,
} from './lib.mjs';

const opt = parseArgs(process.argv.slice(2), {
  server: 'confide', url: '', secret: '', pid: 0, bin: '', serverArgs: '', serverCpus: '',
  connections: 10000, concurrency: 200, hold: 30, json: false,
  localAddress: '', ready: '', untilSignal: false,
});

function openFileLimit(pid) {
  const limits = fs.readFileSync(`/proc/${pid}/limits`, 'utf8');
  const m = /^Max open files\s+(\S+)\s+(\S+)/m.exec(limits);
  return { soft: m?.[1], hard: m?.[2] };
}

async function main() {
  const secret = opt.secret || crypto.randomBytes(32).toString('hex');
  let server = null;
  let url = opt.url;
  let pid = opt.pid;
  if (!url) {
    server = await startServer({ kind: opt.server, secret, bin: opt.bin || undefined,
      args: opt.serverArgs ? opt.serverArgs.split(' ') : [], cpus: opt.serverCpus });
    url = server.url;
    pid = server.pid;
  } else if (!opt.secret || !opt.pid) {
    throw new Error('--url needs --secret and --pid');
  }
  const deadline = setTimeout(() => {
    console.error('idle: run took too long; giving up');
    process.exit(3);
  }, (opt.hold + (opt.untilSignal ? 1800 : 300)) * 1000);
  deadline.unref();
  // With --until-signal, SIGUSR2 ends the hold; otherwise it keeps its default (it ends us).
  const release = new Promise((resolve) => {
    if (opt.untilSignal) process.on('SIGUSR2', resolve);
  });

  const limits = { client: openFileLimit(process.pid), server: openFileLimit(pid) };
  if (Number(limits.client.soft) < opt.connections + 100) {
    console.error(`idle: this process may open ${limits.client.soft} files, fewer than the ` +
      `${opt.connections} connections need: run it through bench/gateway/run.sh, or raise ulimit -n`);
  }
  try {
    await sleep(1000);
    const before = memory(pid);
    const prefix = `idle${crypto.randomBytes(3).toString('hex')}_`;
    const clients = [];
    const failures = new Map();
    let closed = 0;
    let finishing = false;
    const t0 = nowMs();
    await pool(opt.connections, opt.concurrency, async (i) => {
      const client = new GatewayClient(url, userToken(secret, `${prefix}${i}`, i), {
        localAddress: opt.localAddress || undefined,
        onClose: () => {
          if (!finishing) closed++;
        },
      });
      try {
        await client.connect(60000);
        clients.push(client);
      } catch (e) {
        const key = String(e.message).slice(0, 120);
        failures.set(key, (failures.get(key) ?? 0) + 1);
        client.terminate();
      }
    });
    const connectSeconds = (nowMs() - t0) / 1000;
    const connected = memory(pid);
    if (opt.ready) {
      fs.writeFileSync(opt.ready, `${clients.length} of ${opt.connections} authenticated in ` +
        `${connectSeconds.toFixed(1)} s\n`);
    }
    await sleep(opt.hold * 1000);
    if (opt.untilSignal) await release;
    let after = memory(pid);
    const beforeGc = after;
    if (server?.kind === 'node') {
      // The baseline at its smallest: after a full garbage collection.
      process.kill(pid, 'SIGUSR2');
      await sleep(2000);
      after = memory(pid);
    }
    const open = clients.filter((c) => c.ws.readyState === 1).length;
    const dbBytes = server?.kind === 'confide'
      ? fs.readdirSync(server.dir).reduce((a, f) => a + fs.statSync(path.join(server.dir, f)).size, 0)
      : null;
    const result = {
      server: server ? server.kind : url,
      machine: machine(),
      options: { connections: opt.connections, concurrency: opt.concurrency, hold: opt.hold,
        localAddress: opt.localAddress || null },
      openFileLimits: limits,
      authenticated: clients.length,
      stillOpen: open,
      failures: Object.fromEntries(failures),
      unexpectedCloses: closed,
      connectSeconds: +connectSeconds.toFixed(2),
      connectionsPerSecond: Math.round(clients.length / connectSeconds),
      rssBeforeMiB: +(before.rss / 2 ** 20).toFixed(1),
      rssConnectedMiB: +(connected.rss / 2 ** 20).toFixed(1),
      rssAfterHoldMiB: +(beforeGc.rss / 2 ** 20).toFixed(1),
      rssAfterGcMiB: server?.kind === 'node' ? +(after.rss / 2 ** 20).toFixed(1) : null,
      peakRssMiB: +(after.hwm / 2 ** 20).toFixed(1),
      bytesPerConnection: clients.length ? Math.round((after.rss - before.rss) / clients.length) : null,
      serverThreads: threadCount(pid),
      databaseBytes: dbBytes,
      clientRssMiB: +(process.memoryUsage().rss / 2 ** 20).toFixed(1),
    };
    finishing = true;
    for (const c of clients) c.terminate();
    if (opt.json) console.log(JSON.stringify(result));
    else print(result);
    process.exitCode = result.authenticated === opt.connections && open === opt.connections ? 0 : 1;
  } finally {
    if (server) await server.stop();
  }
}

function print(r) {
  const m = r.machine;
  console.log(`server: ${r.server}   machine: ${m.cpus} × ${m.model}, ${m.ramGiB} GiB, Linux ${m.kernel}, node ${m.node}, load ${m.load}`);
  console.log(`open files (soft/hard): client ${r.openFileLimits.client.soft}/${r.openFileLimits.client.hard}, ` +
    `server ${r.openFileLimits.server.soft}/${r.openFileLimits.server.hard}`);
  console.log(`authenticated ${r.authenticated}/${r.options.connections} in ${r.connectSeconds} s ` +
    `(${r.connectionsPerSecond}/s, ${r.options.concurrency} at once); still open after ${r.options.hold} s idle: ${r.stillOpen}; ` +
    `unexpected closes ${r.unexpectedCloses}`);
  if (Object.keys(r.failures).length) console.log('failures:', r.failures);
  console.log(`server RSS: before ${r.rssBeforeMiB} MiB, all connected ${r.rssConnectedMiB} MiB, ` +
    `after ${r.options.hold} s idle ${r.rssAfterHoldMiB} MiB` +
    (r.rssAfterGcMiB !== null ? `, after a full GC ${r.rssAfterGcMiB} MiB` : '') +
    ` (peak ${r.peakRssMiB} MiB), threads ${r.serverThreads}`);
  console.log(`=> ${r.bytesPerConnection} bytes per idle authenticated connection` +
    (r.databaseBytes !== null ? ` (database on disk: ${(r.databaseBytes / 2 ** 20).toFixed(1)} MiB)` : ''));
  console.log(`client RSS ${r.clientRssMiB} MiB`);
}

await main().catch((e) => {
  console.error(`idle: ${e.stack ?? e}`);
  process.exitCode = 2;
});
