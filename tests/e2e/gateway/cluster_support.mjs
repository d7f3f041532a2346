// A whole cluster on loopback for the tests: three nats-servers routed to each other, confide
// nodes n1, n2, n3 on one PostgreSQL database (the PostgreSQL pass's), and HAProxy in front
// with the deployment's own configuration (deploy/haproxy.cfg).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startGateway, closeAll, tempDir, databaseFor, randomSecret, sleep } from './support.mjs';
import { freePort, NATS_SERVER } from '../events/support.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const HAPROXY = fs.existsSync('/usr/sbin/haproxy') ? '/usr/sbin/haproxy' : 'haproxy';
export const HAPROXY_AVAILABLE = fs.existsSync('/usr/sbin/haproxy');

async function portOpen(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

async function waitForPort(port, up, what, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await portOpen(port) === up) return;
    await sleep(50);
  }
  throw new Error(`${what}: port ${port} did not ${up ? 'open' : 'close'} in ${timeoutMs} ms`);
}

// A child process that is stopped (SIGTERM, then SIGKILL) when the test ends.
function child(command, args, env = {}) {
  const proc = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...env } });
  proc.stderrText = '';
  proc.stderr.setEncoding('utf8').on('data', (d) => { proc.stderrText += d; });
  proc.exited = new Promise((resolve) => proc.once('exit', resolve));
  return proc;
}

async function stopChild(proc) {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  proc.kill('SIGTERM');
  let timer;
  await Promise.race([proc.exited, new Promise((r) => { timer = setTimeout(r, 10_000); })]);
  clearTimeout(timer);
  proc.kill('SIGKILL');
  await proc.exited;
}

/** Three nats-servers in one NATS cluster; each can be stopped and started again. */
export class NatsCluster {
  constructor() {
    this.dir = tempDir();
    this.servers = [];
  }

  get urls() { return this.servers.map((s) => `nats://127.0.0.1:${s.port}`).join(','); }

  async start() {
    for (let i = 0; i < 3; i++) this.servers.push({ port: await freePort(), route: await freePort() });
    await Promise.all(this.servers.map((_, i) => this.startServer(i)));
  }

  async startServer(i) {
    const s = this.servers[i];
    const routes = this.servers.map((o) => `nats-route://127.0.0.1:${o.route}`).join(',');
    s.proc = child(NATS_SERVER, ['--name', `nats${i + 1}`, '-a', '127.0.0.1', '-p', String(s.port),
      '--cluster_name', 'confide-test', '--cluster', `nats://127.0.0.1:${s.route}`,
      '--routes', routes, '-js', '-sd', path.join(this.dir, `nats${i + 1}`)]);
    await waitForPort(s.port, true, `nats${i + 1}`);
  }

  async stopServer(i) {
    await stopChild(this.servers[i].proc);
    await waitForPort(this.servers[i].port, false, `nats${i + 1}`);
  }

  async destroy() {
    await Promise.all(this.servers.map((s) => stopChild(s.proc)));
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * NATS, nodes n1..n3 and HAProxy. `lb` acts as a server for the helpers (REST and sockets go
 * through HAProxy). Everything stops when the test ends.
 */
export async function startCluster(t, { env = [] } = {}) {
  const nats = new NatsCluster();
  const nodes = [];
  let haproxy = null;
  t.after(async () => {
    await closeAll();
    await stopChild(haproxy);
    await Promise.all(nodes.filter((n) => !n.exited).map((n) => n.stop()));
    await nats.destroy();
  });
  await nats.start();
  const db = databaseFor(tempDir());
  const jwtSecret = randomSecret();
  const adminKey = randomSecret(16);
  for (let i = 0; i < 3; i++) {
    nodes.push(await startGateway({ db, jwtSecret, adminKey, env: env[i],
      args: ['--node-id', `n${i + 1}`, '--nats', nats.urls] }));
  }
  const port = await freePort();
  haproxy = child(HAPROXY, ['-db', '-f', path.join(ROOT, 'deploy/haproxy.cfg')], {
    CONFIDE_LB_BIND: `127.0.0.1:${port}`,
    CONFIDE_N1: `127.0.0.1:${nodes[0].port}`,
    CONFIDE_N2: `127.0.0.1:${nodes[1].port}`,
    CONFIDE_N3: `127.0.0.1:${nodes[2].port}`,
  });
  await waitForPort(port, true, 'haproxy');
  const lb = { ...nodes[0], url: `http://127.0.0.1:${port}`, haproxy };
  return { nats, nodes, lb };
}

/** The node (n1, n2, n3) that holds a socket.io-client socket's session. */
export function nodeOf(socket) {
  return socket.io.engine.id.split('.')[0];
}
