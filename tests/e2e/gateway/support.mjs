// Shared helpers of the gateway end-to-end tests: the real binary (started through the
// integration harness), socket.io-client@4 sockets whose every event is recorded, bounded
// waits, and a raw Engine.IO client over `ws` for what a well-behaved client never does.
//
//   CONFIDE_BIN=$PWD/build/confide node --test --test-concurrency=2 tests/e2e/gateway/

import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import * as harness from '../../integration/harness.mjs';

export * from '../../integration/harness.mjs';

export const NSP = '/messaging';
// How long any single wait may take before the test fails.
export const WAIT_MS = 10_000;

/**
 * Starts `confide serve` for the gateway tests: two I/O threads (so that broadcasts always
 * cross threads), no request log lines, and `args` (more flags, e.g. --ping-interval).
 */
export function startGateway(options = {}) {
  const args = ['--io-threads', '2', '--log-requests', 'false', ...(options.args ?? [])];
  return harness.startServer({ ...options, args });
}

// ---------------------------------------------------------------------------------------
// Bounded waiting

/** Resolves `promise`, or rejects after `ms` with `what` in the message. */
export function within(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Polls `probe` (async) until it returns a truthy value; fails after `ms`. */
export async function eventually(probe, what, ms = WAIT_MS, every = 25) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    last = await probe();
    if (last) return last;
    if (Date.now() > deadline) assert.fail(`timed out after ${ms} ms waiting for ${what}`);
    await harness.sleep(every);
  }
}

// ---------------------------------------------------------------------------------------
// socket.io-client sockets

const liveSockets = new Set();
const liveRaws = new Set();

/**
 * Everything a socket received, in order: server events (with their arguments) and the
 * client's own `connect`, `disconnect` (args: reason) and `connect_error`. Waiting takes
 * entries one by one, so an event that arrived before the wait started is not missed.
 */
class Inbox {
  constructor(socket) {
    this.socket = socket;
    this.entries = [];
    this.waiters = [];
    socket.onAny((event, ...args) => this.push(event, args));
    socket.on('connect', () => this.push('connect', []));
    socket.on('disconnect', (reason, details) => this.push('disconnect', [reason, details]));
    socket.on('connect_error', (error) => this.push('connect_error', [error]));
  }

  push(event, args) {
    const entry = { event, args, at: Date.now(), taken: false };
    this.entries.push(entry);
    for (const waiter of [...this.waiters]) {
      if (!entry.taken && waiter.matches(entry)) {
        entry.taken = true;
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(entry);
      }
    }
  }

  /** `event`: a name, or a list of names any of which will do. */
  take(event, where, ms) {
    const names = [event].flat();
    const matches = (e) => names.includes(e.event) && (!where || where(e.args[0], e.args));
    const found = this.entries.find((e) => !e.taken && matches(e));
    if (found) {
      found.taken = true;
      return Promise.resolve(found);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`timed out after ${ms} ms waiting for '${event}'` +
          `${where ? ' (matching)' : ''}; received: ${this.describe()}`));
      }, ms);
      const waiter = {
        matches,
        resolve: (entry) => {
          clearTimeout(timer);
          resolve(entry);
        },
      };
      this.waiters.push(waiter);
    });
  }

  describe() {
    return JSON.stringify(this.entries.map((e) => [e.event, ...e.args.map((a) =>
      (a instanceof Error ? a.message : a))])).slice(0, 3000);
  }
}

/**
 * A socket.io-client socket on /messaging. `token` goes in `auth` (pass `auth` to replace
 * it, or `token: null` for none). Reconnection is off unless asked for.
 */
export function connect(server, who, options = {}) {
  const { token = who?.token, auth, reconnection = false, ...rest } = options;
  const socket = io(server.url + NSP, {
    forceNew: true,
    reconnection,
    timeout: WAIT_MS,
    auth: auth ?? (token == null ? undefined : { token }),
    ...rest,
  });
  socket.inbox = new Inbox(socket);
  liveSockets.add(socket);
  return socket;
}

/**
 * A socket that has received `authenticated` and then `presence_state`; their payloads are
 * in socket.authenticated and socket.presence.
 */
export async function connectAuthed(server, who, options = {}) {
  const socket = connect(server, who, options);
  socket.authenticated = await waitFor(socket, 'authenticated');
  socket.presence = await waitFor(socket, 'presence_state');
  return socket;
}

/** Authenticated sockets for several users, in parallel. */
export function connectAll(server, users, options = {}) {
  return Promise.all(users.map((u) => connectAuthed(server, u, options)));
}

/**
 * The first payload of `event` that this socket received and that no earlier wait took
 * (optionally the first that `where(payload, args)` accepts); rejects after `ms`.
 */
export async function waitFor(socket, event, ms = WAIT_MS, where = undefined) {
  const entry = await socket.inbox.take(event, where, ms);
  return entry.args[0];
}

/**
 * How message `messageId` reached this socket: `new_message` in the conversation's room,
 * `conversation_activity` outside it. Resolves {event, payload} for the first of either.
 */
export async function waitForArrival(socket, messageId, ms = WAIT_MS) {
  const entry = await socket.inbox.take(['new_message', 'conversation_activity'],
    (p) => (p.id ?? p.messageId) === messageId, ms);
  return { event: entry.event, payload: entry.args[0] };
}

/** The conversation_activity a socket outside the room gets for `message` (as REST returned it). */
export function activityOf(message) {
  return {
    conversationId: message.conversationId,
    messageId: message.id,
    senderId: message.senderId,
    messageType: message.messageType,
    createdAt: message.createdAt,
    preview: [...message.content].slice(0, 100).join(''),
    seq: message.seq,
  };
}

/** Every payload of `event` received so far (taken or not). */
export function received(socket, event, where = undefined) {
  return socket.inbox.entries
    .filter((e) => e.event === event && (!where || where(e.args[0], e.args)))
    .map((e) => e.args[0]);
}

/** The names of every event received so far, in order. */
export function eventNames(socket) {
  return socket.inbox.entries.map((e) => e.event);
}

/** Asserts that the socket has received no `event` (that `where` accepts). */
export function assertNone(socket, event, where = undefined, note = '') {
  const got = received(socket, event, where);
  assert.equal(got.length, 0,
    `${note ? note + ': ' : ''}unexpected '${event}': ${JSON.stringify(got).slice(0, 1500)}`);
}

/** Emits with an acknowledgement; rejects if none comes within `ms`. */
export function emitAck(socket, event, ...args) {
  return socket.timeout(WAIT_MS).emitWithAck(event, ...args);
}

/** Joins a conversation's room and checks the acknowledgement. */
export async function join(socket, conversationId) {
  const ack = await emitAck(socket, 'join_conversation', { conversationId });
  assert.deepEqual(ack, { ok: true, conversationId }, 'join_conversation acknowledged');
  await waitFor(socket, 'conversation_joined', WAIT_MS, (p) => p.conversationId === conversationId);
  return ack;
}

/** Disconnects a socket (if still open) and waits for its `disconnect`. */
export async function close(socket) {
  liveSockets.delete(socket);
  if (!socket.connected) {
    socket.disconnect();
    return;
  }
  const gone = socket.inbox.take('disconnect', (r) => r === 'io client disconnect', WAIT_MS);
  socket.disconnect();
  await gone;
}

/** Closes every socket and raw client still open (in `after` hooks). */
export function closeAll() {
  for (const socket of liveSockets) {
    socket.io.reconnection(false);
    socket.disconnect();
  }
  liveSockets.clear();
  for (const raw of liveRaws) raw.terminate();
  liveRaws.clear();
}

// ---------------------------------------------------------------------------------------
// REST calls the tests raise events with

export async function rest(server, who, method, path, body, expected) {
  const res = await harness.api(server, method, path, { token: who.token, body });
  return harness.expectStatus(res, expected);
}

export async function admin(server, method, path, body, expected) {
  const res = await harness.api(server, method, path, { headers: harness.adminHeaders(server), body });
  return harness.expectStatus(res, expected);
}

/** GET /admin/websocket/stats. */
export function stats(server) {
  return admin(server, 'GET', '/admin/websocket/stats', undefined, 200);
}

/**
 * Waits until the server counts exactly `connections` connections and `sockets` sockets:
 * a socket the client closed is gone on the server only a moment later.
 */
export async function settled(server, connections, sockets = connections) {
  let last;
  try {
    return await eventually(async () => {
      last = await stats(server);
      return last.connections.total === connections && last.sockets === sockets && last;
    }, `the server to count ${connections} connections and ${sockets} sockets`);
  } catch (e) {
    e.message += `; it counts ${JSON.stringify(last)}`;
    throw e;
  }
}

/** The confide_gateway_* samples of /metrics, as {"name{labels}": value}. */
export async function gatewayMetrics(server) {
  const res = await harness.api(server, 'GET', '/metrics');
  harness.expectStatus(res, 200);
  const samples = {};
  for (const line of res.text.split('\n')) {
    const m = /^(confide_gateway_[a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (m) samples[m[1]] = Number(m[2]);
  }
  return samples;
}

/** `n` new users in a GROUP conversation created by the first: {users, conversation}. */
export async function group(server, n = 3, prefix = 'member') {
  const users = await harness.makeUsers(server, n, prefix);
  const conversation = await harness.createConversation(server, users[0],
    users.slice(1).map((u) => u.id), { type: 'GROUP', title: 'Group' });
  return { users, conversation };
}

// ---------------------------------------------------------------------------------------
// A raw Engine.IO v4 client over WebSocket (the `ws` package): it sends and reads packets as
// text and never answers a ping unless told to.

export class RawClient {
  constructor(ws) {
    this.ws = ws;
    this.frames = [];
    this.waiters = [];
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString(), at: Date.now() };
        resolve(this.closeInfo);
        for (const w of this.waiters) w.fail();
        this.waiters = [];
      });
    });
    ws.on('message', (data, isBinary) => {
      const frame = isBinary ? data : data.toString();
      const waiter = this.waiters.find((w) => w.matches(frame));
      if (waiter) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(frame);
      } else {
        this.frames.push(frame);
      }
    });
    ws.on('error', () => {});  // the close event tells the story
  }

  /** A WebSocket to /socket.io/; with `sid`, an upgrade probe (no open packet comes). */
  static async open(server, { query = '', sid } = {}) {
    if (sid) query += `&sid=${encodeURIComponent(sid)}`;
    const ws = new WebSocket(
      `ws://127.0.0.1:${server.port}/socket.io/?EIO=4&transport=websocket${query}`);
    const client = new RawClient(ws);
    liveRaws.add(client);
    await within(new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    }), WAIT_MS, 'the WebSocket to open');
    client.openedAt = Date.now();
    if (sid) return client;
    const openPacket = await client.next((f) => f.startsWith('0'), 'the open packet');
    client.handshake = JSON.parse(openPacket.slice(1));
    client.openedAt = Date.now();
    return client;
  }

  /** The next frame `matches` accepts (earlier ones it skips stay queued). */
  next(matches, what = 'a frame', ms = WAIT_MS) {
    const i = this.frames.findIndex((f) => matches(f));
    if (i >= 0) return Promise.resolve(this.frames.splice(i, 1)[0]);
    if (this.closeInfo) return Promise.reject(new Error(`closed before ${what}`));
    return within(new Promise((resolve, reject) => {
      this.waiters.push({
        matches,
        resolve,
        fail: () => reject(new Error(`closed (${this.closeInfo?.code}) before ${what}`)),
      });
    }), ms, what);
  }

  send(text) {
    this.ws.send(text);
  }

  /** CONNECT to /messaging with `token`; resolves once `authenticated` arrived. */
  async connect(token) {
    this.send(`40${NSP},${JSON.stringify({ token })}`);
    const ack = await this.next((f) => f.startsWith(`40${NSP},`), 'the CONNECT answer');
    assert.match(ack, /^40\/messaging,\{"sid":"[^"]+"\}$/);
    const welcome = await this.next((f) => f.startsWith(`42${NSP},["authenticated"`), 'authenticated');
    return JSON.parse(welcome.slice(`42${NSP},`.length))[1];
  }

  /** Emits `event` with acknowledgement id `id` and resolves with the ACK's arguments. */
  async emitAck(id, event, payload) {
    this.send(`42${NSP},${id}${JSON.stringify([event, payload])}`);
    const ack = await this.next((f) => f.startsWith(`43${NSP},${id}[`), `the ack of ${event}`);
    return JSON.parse(ack.slice(`43${NSP},${id}`.length));
  }

  terminate() {
    this.ws.terminate();
  }
}

// ---------------------------------------------------------------------------------------
/** Long-polling by hand: handshake, POST packets, GET until a record matches. */
export class Poller {
  constructor(server) {
    this.server = server;
    this.records = [];
  }

  async open() {
    const res = await harness.api(this.server, 'GET', '/socket.io/?EIO=4&transport=polling');
    assert.equal(res.status, 200, res.text);
    this.sid = JSON.parse(res.text.slice(1)).sid;
  }

  path() {
    return `/socket.io/?EIO=4&transport=polling&sid=${encodeURIComponent(this.sid)}`;
  }

  post(body) {
    return harness.api(this.server, 'POST', this.path(), {
      rawBody: body, headers: { 'content-type': 'text/plain;charset=UTF-8' },
    });
  }

  get() {
    return harness.api(this.server, 'GET', this.path());
  }

  async until(matches, what) {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const found = this.records.findIndex(matches);
      if (found >= 0) return this.records.splice(found, 1)[0];
      assert.ok(Date.now() < deadline, `timed out polling for ${what}`);
      const res = await this.get();
      assert.equal(res.status, 200, `poll: ${res.status} ${res.text}`);
      this.records.push(...res.text.split('\x1e').filter((r) => r !== '2'));
      if (res.text.split('\x1e').includes('2')) await this.post('3');
    }
  }
}
