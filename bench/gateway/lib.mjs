// What the gateway load tools share: starting the server under test (build/confide or the
// Node.js baseline) on a free loopback port, HS256 tokens, REST calls, /proc figures of a
// process, a latency histogram, and a lightweight gateway client that speaks Engine.IO v4 /
// Socket.IO v5 text frames over a raw `ws` WebSocket (much cheaper per connection and per
// message than socket.io-client, so that one client process can drive the server).

import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const NAMESPACE = '/messaging';
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Monotonic clock in milliseconds (CLOCK_MONOTONIC: the same in every thread and process). */
export const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

// ---------------------------------------------------------------------------------------
// Command line: --name value, --flag (true); numbers are parsed.

export function parseArgs(argv, defaults) {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const key = a.slice(2).replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    if (!(key in defaults)) throw new Error(`unknown option ${a}`);
    const next = argv[i + 1];
    if (typeof defaults[key] === 'boolean' && (next === undefined || next.startsWith('--'))) {
      out[key] = true;
      continue;
    }
    i++;
    out[key] = typeof defaults[key] === 'number' ? Number(next) : next;
    if (typeof defaults[key] === 'boolean') out[key] = next === 'true';
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Tokens

const b64url = (data) => Buffer.from(data).toString('base64url');

export function hs256Token(secret, sub, claims = {}, expSeconds = 6 * 3600) {
  const now = Math.floor(Date.now() / 1000);
  const input = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(
    JSON.stringify({ sub, iat: now, exp: now + expSeconds, ...claims }),
  )}`;
  return `${input}.${crypto.createHmac('sha256', secret).update(input).digest('base64url')}`;
}

export const userToken = (secret, id, i) =>
  hs256Token(secret, id, { first_name: 'Bench', last_name: `User ${i}`, role: 'client' });

// ---------------------------------------------------------------------------------------
// /proc figures of a process (Linux)

const CLK_TCK = 100; // sysconf(_SC_CLK_TCK) on Linux/x86-64 and arm64

/** User + system CPU seconds the process (all its threads) has used. */
export function cpuSeconds(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime, stime
}

/** Resident set size in bytes (VmRSS), and its peak (VmHWM). */
export function memory(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') * 1024, hwm: kb('VmHWM') * 1024 };
}

/** CPU seconds of each thread of the process: Map tid -> seconds. */
export function threadCpuSeconds(pid) {
  const out = new Map();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      out.set(tid, cpuSeconds(`${pid}/task/${tid}`));
    } catch {
      // the thread ended
    }
  }
  return out;
}

export function threadCount(pid) {
  return fs.readdirSync(`/proc/${pid}/task`).length;
}

/** Whole-machine CPU: busy and total jiffies since boot (for the busy share over a window). */
export function machineCpu() {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = v[3] + (v[4] ?? 0);
  const total = v.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

export function machine() {
  const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? '?';
  return {
    cpus: os.cpus().length,
    model,
    ramGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    kernel: os.release(),
    node: process.version,
    load: os.loadavg().map((x) => x.toFixed(2)).join(' '),
  };
}

// ---------------------------------------------------------------------------------------
// The server under test

// Servers this process started: killed if it exits or is interrupted first.
const children = new Map(); // child -> its temp folder
process.on('exit', () => {
  for (const [child, dir] of children) {
    child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => process.exit(130));
}

// A load tool is one client doing the work of many users: confide's per-user rate limits
// (docs/configuration.md) are turned off for it, unless it asks for the production limits.
export const NO_RATE_LIMITS = ['--rate-messages', '0', '--rate-writes', '0', '--rate-events', '0',
  '--rate-user-events', '0'];

/**
 * Starts the server on 127.0.0.1 with port 0 and waits until it listens.
 *   kind 'confide': build/confide (or `bin`) on a fresh SQLite file in a temp dir, or, when
 *                   BENCH_POSTGRES names a PostgreSQL server (postgresql://user@host:port, as
 *                   bench/gateway/run.sh --db postgres sets it), on a fresh database there;
 *   kind 'node':    bench/gateway/node_baseline.mjs;
 *   kind 'floor':   build/confide_floor (bench/floor/), the least a server can do for the tools.
 * `cpus`: a taskset CPU list the server (every thread of it) is held to, e.g. '1'.
 * The child is killed if this process exits first. Returns {url, pid, kind, stop()}.
 * `productionLimits`: keep confide's default caps per client address and its rate limits (the
 * load tools lift them, since all their clients come from 127.0.0.1 and a few of them do the
 * work of many users).
 */
export async function startServer({ kind, secret, bin, args = [], env = {}, productionLimits = false,
  cpus = '' }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'confide-bench-'));
  let command;
  let argv;
  let database = null;
  if (kind === 'confide') {
    command = path.resolve(bin ?? path.join(ROOT, 'build/confide'));
    let db = path.join(dir, 'bench.db');
    if (process.env.BENCH_POSTGRES) {
      database = createPostgresDatabase(process.env.BENCH_POSTGRES);
      db = database.uri;
    }
    argv = ['serve', '--host', '127.0.0.1', '--port', '0', '--db', db,
      '--jwt-secret', secret, '--auto-provision', 'true', '--log-requests', 'false',
      // Every simulated client connects from 127.0.0.1, and a few of them do the work of many
      // users: no cap per client address, no rate limits.
      ...(productionLimits ? [] : ['--max-sessions-per-address', '1000000',
        '--max-sessions', '1000000', '--max-connections-per-address', '0', ...NO_RATE_LIMITS]),
      '--log-level', 'info', ...args];
  } else if (kind === 'node') {
    command = process.execPath;
    // --expose-gc: the idle tool asks for a full collection (SIGUSR2) before it reads the
    // memory, so that the baseline is measured at its smallest.
    argv = ['--expose-gc', path.join(ROOT, 'bench/gateway/node_baseline.mjs'), '--port', '0', ...args];
    env = { ...env, BASELINE_JWT_SECRET: secret };
  } else if (kind === 'floor') {
    command = path.resolve(bin ?? path.join(ROOT, 'build/confide_floor'));
    argv = ['--host', '127.0.0.1', '--port', '0', ...args];
  } else {
    throw new Error(`unknown server kind ${kind}`);
  }
  if (cpus) {
    // Pinned: taskset execs the server, so the child's pid is the server's.
    argv = ['-c', cpus, command, ...argv];
    command = 'taskset';
  }
  const childEnv = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('CONFIDE_')));
  // From its temp folder: on PostgreSQL, confide keeps its data/ folder in the working directory.
  const child = spawn(command, argv,
    { cwd: dir, env: { ...childEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.set(child, dir);
  const kill = () => child.kill('SIGKILL');
  let log = '';
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} did not listen in 15 s:\n${log}`)), 15000);
    let pending = '';
    const onData = (d) => {
      log += d;
      pending += d;
      let nl;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        try {
          const entry = JSON.parse(line);
          if (entry.msg === 'listening' && entry.port > 0) {
            clearTimeout(timer);
            resolve(entry.port);
          }
        } catch {
          // not a JSON line
        }
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${kind} exited (${code ?? signal}) before listening:\n${log}`));
    });
  });
  // Keep draining its output (a warning burst must not block it on a full pipe).
  return {
    kind,
    pid: child.pid,
    url: `http://127.0.0.1:${port}`,
    dir,
    log: () => log,
    async stop() {
      child.kill('SIGTERM');
      const done = await Promise.race([exited, sleep(15000).then(() => null)]);
      if (!done) {
        kill();
        await exited;
      }
      children.delete(child);
      fs.rmSync(dir, { recursive: true, force: true });
      database?.drop();
      return done;
    },
  };
}

// A fresh database on the PostgreSQL server `server` (a URI without a database), dropped by
// drop(). Created with psql, so that each server under test starts empty.
function createPostgresDatabase(server) {
  const name = `bench_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = `${server.replace(/\/+$/, '')}/postgres`;
  execFileSync('psql', [admin, '-qc', `CREATE DATABASE ${name}`], { stdio: ['ignore', 'ignore', 'inherit'] });
  return {
    uri: `${server.replace(/\/+$/, '')}/${name}`,
    drop() {
      execFileSync('psql', [admin, '-qc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`],
        { stdio: ['ignore', 'ignore', 'inherit'] });
    },
  };
}

// ---------------------------------------------------------------------------------------
// REST

export function restClient(baseUrl, { maxSockets = 64 } = {}) {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  return function request(method, pathname, token, body) {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const headers = token ? { authorization: `Bearer ${token}` } : {};
      if (payload !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(payload);
      }
      const req = http.request(
        { host: url.hostname, port: url.port, method, path: pathname, headers, agent },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  };
}

/** Runs `task(i)` for i in [0, n) with at most `limit` at once. */
export async function pool(n, limit, task) {
  let next = 0;
  const worker = async () => {
    while (next < n) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, n) }, worker));
}

// ---------------------------------------------------------------------------------------
// Latency histogram: logarithmic buckets 0.5% wide from 1 µs to ~100 s (percentiles are
// exact to 0.5%); mergeable across threads.

const H_BASE = Math.log(1.005);
const H_BUCKETS = 3700;

export class Histogram {
  constructor(counts) {
    this.counts = counts ?? new Float64Array(H_BUCKETS);
  }
  /** `ms`: a latency in milliseconds. */
  add(ms) {
    const us = ms * 1000;
    const b = us <= 1 ? 0 : Math.min(H_BUCKETS - 1, Math.ceil(Math.log(us) / H_BASE));
    this.counts[b]++;
  }
  merge(other) {
    for (let i = 0; i < H_BUCKETS; i++) this.counts[i] += other.counts[i];
  }
  get count() {
    let n = 0;
    for (let i = 0; i < H_BUCKETS; i++) n += this.counts[i];
    return n;
  }
  /** Upper bound of the bucket holding the q-quantile, in ms. */
  quantile(q) {
    const total = this.count;
    if (total === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * total));
    let seen = 0;
    for (let i = 0; i < H_BUCKETS; i++) {
      seen += this.counts[i];
      if (seen >= rank) return Math.exp(i * H_BASE) / 1000;
    }
    return NaN;
  }
  max() {
    for (let i = H_BUCKETS - 1; i >= 0; i--) if (this.counts[i] > 0) return Math.exp(i * H_BASE) / 1000;
    return NaN;
  }
  summary() {
    const r = (x) => +x.toFixed(2);
    return { count: this.count, p50: r(this.quantile(0.5)), p90: r(this.quantile(0.9)),
      p99: r(this.quantile(0.99)), p999: r(this.quantile(0.999)), max: r(this.max()) };
  }
}

// ---------------------------------------------------------------------------------------
// The gateway client: Engine.IO v4 over WebSocket only (no polling, no upgrade), one
// Socket.IO namespace. Answers the server's pings. Events go to `onEvent(name, rawText)`
// unparsed, except through `parse` below, so that a busy client spends little per message.

const EVENT_PREFIX = `42${NAMESPACE},`;
const ACK_PREFIX = `43${NAMESPACE},`;

export class GatewayClient {
  constructor(baseUrl, token, { onEvent = () => {}, onClose = () => {}, localAddress } = {}) {
    this.wsUrl = `${baseUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
    this.token = token;
    this.onEvent = onEvent;
    this.onClose = onClose;
    this.localAddress = localAddress;  // the connection's source address (127.0.0.x)
    this.acks = new Map();
    this.nextAck = 0;
    this.ws = null;
    this.userId = null;
  }

  /** Opens the WebSocket, joins the namespace with the token; resolves on `authenticated`. */
  connect(timeoutMs = 30000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error('no authenticated event in time'));
        this.ws?.terminate();
      }, timeoutMs);
      const fail = (e) => {
        clearTimeout(timer);
        reject(e);
      };
      const ws = new WebSocket(this.wsUrl, { perMessageDeflate: false, localAddress: this.localAddress });
      this.ws = ws;
      ws.on('error', fail);
      ws.on('close', (code) => {
        fail(new Error(`closed (${code}) before authenticated`));
        this.onClose(code);
      });
      ws.on('message', (data, isBinary) => {
        if (isBinary) return;
        const text = data.toString();
        const type = text.charCodeAt(0);
        if (type === 0x32 /* '2' ping */) return ws.send('3');
        if (type === 0x30 /* '0' open */) return ws.send(`40${NAMESPACE},${JSON.stringify({ token: this.token })}`);
        if (type !== 0x34 /* '4' message */) return;
        if (text.startsWith(EVENT_PREFIX)) {
          const nameEnd = text.indexOf('"', EVENT_PREFIX.length + 2);
          const name = text.slice(EVENT_PREFIX.length + 2, nameEnd);
          if (name === 'authenticated') {
            clearTimeout(timer);
            this.userId = JSON.parse(text.slice(EVENT_PREFIX.length))[1].userId;
            resolve(this);
          } else if (name === 'auth_error') {
            fail(new Error(`auth_error: ${text}`));
          }
          this.onEvent(name, text);
        } else if (text.startsWith(ACK_PREFIX)) {
          const bracket = text.indexOf('[', ACK_PREFIX.length);
          const id = Number(text.slice(ACK_PREFIX.length, bracket));
          const done = this.acks.get(id);
          if (done) {
            this.acks.delete(id);
            done(JSON.parse(text.slice(bracket)));
          }
        } else if (text.startsWith(`44${NAMESPACE}`)) {
          fail(new Error(`connect_error: ${text}`));
        }
      });
    });
  }

  /** Emits an event with an acknowledgement; resolves with the ack's arguments. */
  emitWithAck(event, payload, timeoutMs = 30000) {
    const id = this.nextAck++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.acks.delete(id);
        reject(new Error(`no ack for ${event} in time`));
      }, timeoutMs);
      this.acks.set(id, (args) => {
        clearTimeout(timer);
        resolve(args);
      });
      this.ws.send(`42${NAMESPACE},${id}${JSON.stringify([event, payload])}`);
    });
  }

  close() {
    this.ws?.close();
  }
  terminate() {
    this.ws?.terminate();
  }
}
