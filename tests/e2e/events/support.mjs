// What the event-stream tests run against, besides confide: a real nats-server with
// JetStream on loopback, a webhook receiver that checks signatures, and readers of the
// stream's three destinations (the jsonl file, the receiver, a JetStream consumer).

import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { connect, consumerOpts } from 'nats';
import { sleep, tempDir } from '../../integration/harness.mjs';

export const NATS_SERVER = fs.existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : '/usr/bin/nats-server';

/** A loopback port nobody listens on right now. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port, { up, timeoutMs = 10_000 }) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (open === up) return;
    await sleep(50);
  }
  throw new Error(`port ${port} did not become ${up ? 'open' : 'closed'} within ${timeoutMs} ms`);
}

/** nats-server with JetStream on 127.0.0.1; stop() and start() keep its port and its data. */
export class NatsServer {
  constructor() {
    this.dir = tempDir();
    this.port = 0;
    this.child = null;
  }

  get url() { return `nats://127.0.0.1:${this.port}`; }

  async start() {
    if (!this.port) this.port = await freePort();
    this.child = spawn(NATS_SERVER, ['-a', '127.0.0.1', '-p', String(this.port), '-js',
      '-sd', path.join(this.dir, 'js')], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.stderr = '';
    this.child.stderr.setEncoding('utf8').on('data', (d) => { this.stderr += d; });
    this.exited = new Promise((resolve) => this.child.once('exit', resolve));
    await waitForPort(this.port, { up: true });
  }

  async stop() {
    if (!this.child) return;
    this.child.kill('SIGTERM');
    let timer;
    await Promise.race([this.exited, new Promise((resolve) => { timer = setTimeout(resolve, 10_000); })]);
    clearTimeout(timer);
    this.child.kill('SIGKILL');
    this.child = null;
    await waitForPort(this.port, { up: false });
  }

  async destroy() {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Every message of a JetStream stream, read from its first, as parsed envelopes. */
export async function readStream(url, stream, { expect, timeoutMs = 30_000 } = {}) {
  const nc = await connect({ servers: url, timeout: 5000 });
  try {
    const jsm = await nc.jetstreamManager();
    const info = await jsm.streams.info(stream);
    const out = [];
    const js = nc.jetstream();
    const opts = consumerOpts();
    opts.orderedConsumer();
    opts.deliverAll();
    const sub = await js.subscribe(`${info.config.subjects[0]}`, opts);
    const deadline = Date.now() + timeoutMs;
    const total = expect ?? info.state.messages;
    if (total > 0) {
      for await (const m of sub) {
        out.push({
          subject: m.subject,
          msgId: m.headers?.get('Nats-Msg-Id'),
          seqHeader: m.headers?.get('Confide-Seq'),
          event: JSON.parse(new TextDecoder().decode(m.data)),
        });
        if (out.length >= total || Date.now() > deadline) break;
      }
    }
    sub.unsubscribe();
    return { messages: out, info };
  } finally {
    await nc.close();
  }
}

/** The number of messages a stream holds (0 if it does not exist yet). */
export async function streamCount(url, stream) {
  const nc = await connect({ servers: url, timeout: 5000 });
  try {
    const jsm = await nc.jetstreamManager();
    try {
      return (await jsm.streams.info(stream)).state.messages;
    } catch {
      return 0;
    }
  } finally {
    await nc.close();
  }
}

/**
 * An HTTP receiver for the webhook sink: checks each request's signature and keeps every
 * event it was sent, in arrival order. stop() and start() keep its port.
 */
export class WebhookReceiver {
  constructor(secret) {
    this.secret = secret;
    this.port = 0;
    this.events = [];
    this.requests = 0;
    this.badSignatures = 0;
    this.server = null;
  }

  get url() { return `http://127.0.0.1:${this.port}/confide-events`; }

  async start() {
    if (!this.port) this.port = await freePort();
    this.server = http.createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        this.requests += 1;
        const ts = req.headers['x-confide-timestamp'];
        const expected = 'sha256=' +
          crypto.createHmac('sha256', this.secret).update(`${ts}.${body}`).digest('hex');
        if (req.headers['x-confide-signature'] !== expected) {
          this.badSignatures += 1;
          res.writeHead(401).end();
          return;
        }
        const batch = JSON.parse(body);
        if (Number(req.headers['x-confide-event-count']) !== batch.length) {
          res.writeHead(400).end();
          return;
        }
        this.events.push(...batch);
        res.writeHead(204).end();
      });
    });
    await new Promise((resolve) => this.server.listen(this.port, '127.0.0.1', resolve));
  }

  async stop() {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
    this.server = null;
  }
}

/** The events of a jsonl file (and its rotated predecessors), oldest first. */
export function readJsonl(file) {
  const files = [];
  for (let i = 20; i >= 1; i--) if (fs.existsSync(`${file}.${i}`)) files.push(`${file}.${i}`);
  if (fs.existsSync(file)) files.push(file);
  return files.flatMap((f) => fs.readFileSync(f, 'utf8').split('\n').filter(Boolean)
    .map((line) => JSON.parse(line)));
}

/** Waits (bounded) until `check()` is truthy; returns its value. */
export async function eventually(check, { timeoutMs = 30_000, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

/** The first occurrence of each event id, in arrival order. */
export function firstOfEach(events) {
  const seen = new Set();
  return events.filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)));
}
