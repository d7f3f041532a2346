// Test harness for the confide integration tests: starts the real binary on a free loopback
// port, signs tokens, and talks HTTP to it. No npm dependencies.
//
//   CONFIDE_BIN=/work/main/build/confide node --test --test-concurrency=2 tests/integration/
//
// The database is a SQLite file in the server's temporary directory, or, when
// CONFIDE_TEST_POSTGRES names a PostgreSQL server (postgresql://postgres@127.0.0.1:PORT, as
// scripts/postgres.sh prints it), a database of its own on that server, named after the
// directory (so a server restarted on the same directory finds its data again).

import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';

export const BIN = process.env.CONFIDE_BIN
  ? path.resolve(process.env.CONFIDE_BIN)
  : fileURLToPath(new URL('../../build/confide', import.meta.url));

export const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export const JWT_RE = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/;

const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 10_000;

// ---------------------------------------------------------------------------------------
// Process bookkeeping: no confide process outlives the test file, whatever happens.

const live = new Set();

function killAll() {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}

process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    killAll();
    process.exit(128 + (os.constants.signals[signal] ?? 1));
  });
}

/** Environment of a child: the parent's, without any CONFIDE_* setting that could leak in. */
function childEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('CONFIDE_')) env[k] = v;
  }
  return { ...env, ...extra };
}

export function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'confide-it-'));
}

/** The PostgreSQL server the suites run against, or null for SQLite. */
export const POSTGRES = process.env.CONFIDE_TEST_POSTGRES || null;
export const BACKEND = POSTGRES ? 'postgres' : 'sqlite';
/** The default events file of a server started in `dir`: beside its database (data/ for PostgreSQL). */
export function defaultJsonl(dir) {
  return path.join(dir, POSTGRES ? 'data' : '', 'events.jsonl');
}
/** The schema version this confide brings a database of the backend to. */
export const SCHEMA_VERSION = POSTGRES ? 2 : 10;
const PSQL = '/usr/lib/postgresql/15/bin/psql';

/**
 * The --db of a server whose files live in `dir`: its SQLite file, or its own PostgreSQL
 * database (created on first use).
 */
export function databaseFor(dir) {
  if (!POSTGRES) return path.join(dir, 'confide.db');
  const name = `it_${path.basename(dir).replace(/[^A-Za-z0-9]/g, '').toLowerCase()}`;
  const exists = spawnSync(PSQL, [`${POSTGRES}/postgres`, '-tAc',
    `SELECT 1 FROM pg_database WHERE datname = '${name}'`], { encoding: 'utf8' });
  assert.equal(exists.status, 0, `psql: ${exists.stderr}`);
  if (exists.stdout.trim() !== '1') {
    const made = spawnSync(PSQL, [`${POSTGRES}/postgres`, '-qc', `CREATE DATABASE ${name}`],
      { encoding: 'utf8' });
    assert.equal(made.status, 0, `CREATE DATABASE ${name}: ${made.stderr}`);
  }
  return `${POSTGRES}/${name}`;
}

export function randomSecret(bytes = 32) {
  return crypto.randomBytes(bytes).toString('hex');
}

export function newWebhookSecret() {
  return `whsec_${crypto.randomBytes(24).toString('base64')}`;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `confide <args>` to completion (bounded) and returns {code, signal, stdout, stderr}.
 */
export function runCli(args, { timeoutMs = 15_000, input, env, cwd } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, args, { env: childEnv(env), cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    live.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`confide ${args.join(' ')} did not finish in ${timeoutMs} ms\n` +
        `stdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      live.delete(child);
      reject(e);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      live.delete(child);
      // Let the pipes drain.
      setImmediate(() => resolve({ code, signal, stdout, stderr }));
    });
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

/**
 * Starts `confide serve` on 127.0.0.1 with port 0 and waits for its "listening" log line.
 *
 * options:
 *   dir            reuse this directory (the database is <dir>/confide.db); default a fresh one
 *   jwtSecret      HS256 secret (default random; null: none)
 *   adminKey       default random; null: none
 *   webhookSecret  default whsec_…; null: none
 *   autoProvision  default true; null: flag not given
 *   dev            add --dev
 *   args           more arguments
 *   keepDir        do not remove the directory on stop()
 *   env            more environment variables (CONFIDE_… ones included)
 */
export async function startServer(options = {}) {
  const dir = options.dir ?? tempDir();
  const ownsDir = options.dir === undefined && !options.keepDir;
  const db = options.db ?? databaseFor(dir);
  const jwtSecret = options.jwtSecret === undefined ? randomSecret() : options.jwtSecret;
  const adminKey = options.adminKey === undefined ? randomSecret(16) : options.adminKey;
  const webhookSecret =
    options.webhookSecret === undefined ? newWebhookSecret() : options.webhookSecret;
  const autoProvision = options.autoProvision === undefined ? true : options.autoProvision;

  const args = ['serve', '--host', '127.0.0.1', '--port', '0', '--db', db];
  if (jwtSecret) args.push('--jwt-secret', jwtSecret);
  if (adminKey) args.push('--admin-key', adminKey);
  if (webhookSecret) args.push('--clerk-webhook-secret', webhookSecret);
  if (autoProvision !== null) args.push('--auto-provision', String(autoProvision));
  if (options.dev) args.push('--dev');
  if (options.args) args.push(...options.args);

  // In its directory: what it keeps beside a PostgreSQL database (data/) stays there too.
  const child = spawn(BIN, args, {
    env: childEnv(options.env), cwd: dir, stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  const server = {
    child,
    dir,
    db,
    jwtSecret,
    adminKey,
    webhookSecret,
    args,
    port: 0,
    url: '',
    stderr: '',
    stdout: '',
    exited: null, // {code, signal} once gone
    token(sub, claims = {}, opts = {}) {
      return token(sub, claims, { secret: jwtSecret, ...opts });
    },
    stop: (o) => stopServer(server, o),
    kill() {
      child.kill('SIGKILL');
    },
  };
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      live.delete(child);
      server.exited = { code, signal };
      resolve(server.exited);
    });
  });
  server.exitPromise = exitPromise;
  child.stdout.setEncoding('utf8').on('data', (d) => (server.stdout += d));

  const listening = new Promise((resolve, reject) => {
    let pending = '';
    child.stderr.setEncoding('utf8').on('data', (d) => {
      server.stderr += d;
      pending += d;
      let nl;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (server.port) continue;
        try {
          const entry = JSON.parse(line);
          if (entry.msg === 'listening' && Number.isInteger(entry.port) && entry.port > 0) {
            server.port = entry.port;
            resolve();
          }
        } catch {
          // not a JSON line
        }
      }
    });
    child.on('error', reject);
    exitPromise.then(({ code, signal }) =>
      reject(new Error(`confide exited (code ${code}, signal ${signal}) before listening\n` +
        `args: ${args.join(' ')}\nstderr:\n${server.stderr}\nstdout:\n${server.stdout}`)));
  });
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(
      `confide did not log "listening" within ${START_TIMEOUT_MS} ms\nstderr:\n${server.stderr}`)),
    START_TIMEOUT_MS);
  });
  try {
    await Promise.race([listening, timeout]);
  } catch (e) {
    child.kill('SIGKILL');
    await exitPromise;
    if (ownsDir) fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  } finally {
    clearTimeout(timer);
  }
  server.url = `http://127.0.0.1:${server.port}`;
  server.ownsDir = ownsDir;
  return server;
}

/**
 * SIGTERM, wait (bounded) for the exit, assert exit code 0, remove the temp dir (unless kept).
 * Safe to call twice.
 */
export async function stopServer(server, { keepDir = false, expectCode = 0 } = {}) {
  if (!server) return;
  let result = server.exited;
  if (!result) {
    server.child.kill('SIGTERM');
    let timer;
    const timedOut = new Promise((resolve) => {
      timer = setTimeout(() => resolve(null), STOP_TIMEOUT_MS);
    });
    result = await Promise.race([server.exitPromise, timedOut]);
    clearTimeout(timer);
    if (!result) {
      server.child.kill('SIGKILL');
      await server.exitPromise;
      if (server.ownsDir && !keepDir) fs.rmSync(server.dir, { recursive: true, force: true });
      assert.fail(`confide did not exit within ${STOP_TIMEOUT_MS} ms of SIGTERM\n` +
        `stderr tail:\n${server.stderr.slice(-4000)}`);
    }
  }
  if (server.ownsDir && !keepDir) fs.rmSync(server.dir, { recursive: true, force: true });
  if (expectCode !== null) {
    assert.equal(result.code, expectCode,
      `confide exit code ${result.code} (signal ${result.signal})\n` +
      `stderr tail:\n${server.stderr.slice(-4000)}`);
  }
  return result;
}

// ---------------------------------------------------------------------------------------
// Tokens

export function b64url(data) {
  return Buffer.from(data).toString('base64url');
}

/** Signs a compact JWS. header.alg decides: HS256 (secret), RS256 (privateKey), none. */
export function signJwt(header, payload, { secret, privateKey } = {}) {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  let signature = '';
  if (header.alg === 'HS256') {
    signature = crypto.createHmac('sha256', secret).update(input).digest('base64url');
  } else if (header.alg === 'RS256') {
    signature = crypto.sign('sha256', Buffer.from(input), privateKey).toString('base64url');
  } else if (header.alg !== 'none') {
    throw new Error(`cannot sign ${header.alg}`);
  }
  return `${input}.${signature}`;
}

/**
 * A token for `sub`, with the given claims (first_name, last_name, role, image_url, …).
 * opts: secret, expSeconds (default 3600; negative: expired), nbfSeconds, alg (HS256, RS256,
 * none), privateKey (RS256), kid, header (extra header fields), payload (extra claims).
 */
export function token(sub, claims = {}, opts = {}) {
  const { secret, expSeconds = 3600, alg = 'HS256', privateKey, kid, header = {} } = opts;
  const now = Math.floor(Date.now() / 1000);
  const h = { alg, typ: 'JWT', ...(kid ? { kid } : {}), ...header };
  const payload = { sub, iat: now, exp: now + expSeconds, ...claims };
  if (opts.nbfSeconds !== undefined) payload.nbf = now + opts.nbfSeconds;
  if (sub === undefined) delete payload.sub;
  return signJwt(h, payload, { secret, privateKey });
}

/** A fresh RSA key pair with its public JWK (kid, alg, use set). */
export function rsaKey(kid = `kid_${crypto.randomBytes(4).toString('hex')}`) {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  const pem = publicKey.export({ format: 'pem', type: 'spki' });
  return {
    kid,
    privateKey,
    publicKey,
    jwk,
    pem,
    token(sub, claims = {}, opts = {}) {
      return token(sub, claims, { alg: 'RS256', privateKey, kid, ...opts });
    },
  };
}

// ---------------------------------------------------------------------------------------
// HTTP

/**
 * One request. `server` is a started server or a base URL.
 * Returns {status, headers, body (parsed JSON or null), text, raw}.
 */
export async function api(server, method, urlPath, opts = {}) {
  const { token: tok, body, rawBody, headers = {}, timeoutMs = 10_000 } = opts;
  const base = typeof server === 'string' ? server : server.url;
  const h = { ...headers };
  if (tok !== undefined && tok !== null) h.authorization = `Bearer ${tok}`;
  let payload;
  if (rawBody !== undefined) {
    payload = rawBody;
    if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) {
      h['content-type'] = 'application/json';
    }
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) {
      h['content-type'] = 'application/json';
    }
  }
  const res = await fetch(base + urlPath, {
    method,
    headers: h,
    body: payload,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const raw = Buffer.from(await res.arrayBuffer());
  const text = raw.toString('utf8');
  let parsed = null;
  if (text.length) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  return { status: res.status, headers: res.headers, body: parsed, text, raw, method, path: urlPath };
}

/** Asserts the status (showing the body when it differs) and returns the parsed body. */
export function expectStatus(res, status, note = '') {
  assert.equal(res.status, status,
    `${note ? note + ': ' : ''}${res.method} ${res.path} answered ${res.status} ${res.text.slice(0, 600)}`);
  return res.body;
}

/** Asserts a NestJS error body with this status; returns the message (string or array). */
export function expectError(res, status, { contains, array } = {}) {
  expectStatus(res, status);
  const reasons = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    405: 'Method Not Allowed',
    413: 'Payload Too Large',
  };
  assert.ok(res.body && typeof res.body === 'object', `error body is JSON: ${res.text}`);
  assert.deepEqual(Object.keys(res.body).sort(), ['error', 'message', 'statusCode'],
    `error body fields: ${res.text}`);
  assert.equal(res.body.statusCode, status);
  if (reasons[status]) assert.equal(res.body.error, reasons[status], res.text);
  const msg = res.body.message;
  assert.ok(typeof msg === 'string' || (Array.isArray(msg) && msg.every((m) => typeof m === 'string')),
    `message is a string or a list of strings: ${res.text}`);
  if (array) assert.ok(Array.isArray(msg), `message is a list: ${res.text}`);
  for (const piece of [contains ?? []].flat()) {
    const all = [msg].flat().join('\n');
    assert.ok(all.includes(piece), `error message mentions ${JSON.stringify(piece)}: ${res.text}`);
  }
  return msg;
}

// ---------------------------------------------------------------------------------------
// Users and common calls

let counter = 0;
/** A unique user id with a readable prefix. */
export function uid(prefix = 'user') {
  counter += 1;
  return `${prefix}_${counter}_${crypto.randomBytes(3).toString('hex')}`;
}

/**
 * A user created through auto-provisioning (a GET /messaging/conversations with its token).
 * Returns {id, token, firstName, lastName, role, avatarUrl}.
 */
export async function makeUser(server, prefix = 'user', claims = {}) {
  const id = uid(prefix);
  const c = { first_name: `First-${id}`, last_name: `Last-${id}`, ...claims };
  const tok = server.token(id, c);
  const res = await api(server, 'GET', '/messaging/conversations', { token: tok });
  expectStatus(res, 200, `provisioning ${id}`);
  return {
    id,
    token: tok,
    firstName: c.first_name,
    lastName: c.last_name,
    role: c.role ?? 'client',
    avatarUrl: c.image_url ?? null,
  };
}

export async function makeUsers(server, n, prefix = 'user', claims = {}) {
  return Promise.all(Array.from({ length: n }, () => makeUser(server, prefix, claims)));
}

export async function createConversation(server, who, participantIds, extra = {}, expected = 201) {
  const res = await api(server, 'POST', '/messaging/conversations', {
    token: who.token,
    body: { participantIds, ...extra },
  });
  return expectStatus(res, expected);
}

export async function send(server, who, conversationId, content, extra = {}) {
  const res = await api(server, 'POST', `/messaging/conversations/${conversationId}/messages`, {
    token: who.token,
    body: { content, ...extra },
  });
  return expectStatus(res, 201);
}

export async function listMessages(server, who, conversationId, query = '') {
  const res = await api(server, 'GET',
    `/messaging/conversations/${conversationId}/messages${query ? '?' + query : ''}`,
    { token: who.token });
  return expectStatus(res, 200);
}

export async function listConversations(server, who, query = '') {
  const res = await api(server, 'GET', `/messaging/conversations${query ? '?' + query : ''}`,
    { token: who.token });
  return expectStatus(res, 200);
}

export async function getConversation(server, who, conversationId) {
  const res = await api(server, 'GET', `/messaging/conversations/${conversationId}`,
    { token: who.token });
  return expectStatus(res, 200);
}

/**
 * GET /metrics as a map from each series, as the text names it (`name{label="v",…}`), to its
 * value.
 */
export async function metrics(server) {
  const res = await api(server, 'GET', '/metrics');
  expectStatus(res, 200);
  const series = new Map();
  for (const line of res.text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    series.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return series;
}

export function adminHeaders(server) {
  return { 'x-admin-key': server.adminKey };
}

// ---------------------------------------------------------------------------------------
// Shapes (docs/api.md "Shapes")

export function assertKeys(obj, keys, what = 'object') {
  assert.ok(obj && typeof obj === 'object' && !Array.isArray(obj), `${what} is an object`);
  assert.deepEqual(Object.keys(obj).sort(), [...keys].sort(), `fields of ${what}`);
}

export const MESSAGE_KEYS = ['id', 'conversationId', 'senderId', 'content', 'messageType',
  'createdAt', 'isEdited', 'editedAt', 'isDeleted', 'replyToId', 'attachmentUrl',
  'attachmentName', 'attachmentSize', 'sender', 'replyTo', 'reactions', 'readReceipts', 'seq'];
export const CONVERSATION_KEYS = ['id', 'type', 'title', 'createdAt', 'updatedAt',
  'lastMessageAt', 'isActive', 'participants', 'messages', '_count', 'unreadCount'];
export const PARTICIPANT_KEYS = ['id', 'userId', 'role', 'joinedAt', 'isActive', 'leftAt', 'user'];
export const LAST_MESSAGE_KEYS = ['id', 'conversationId', 'senderId', 'content', 'messageType',
  'createdAt', 'isEdited', 'isDeleted', 'seq', 'sender'];
export const REACTION_KEYS = ['id', 'messageId', 'userId', 'emoji', 'createdAt', 'user'];
export const RECEIPT_KEYS = ['id', 'userId', 'readAt', 'user'];
export const SEARCH_HIT_KEYS = ['id', 'conversationId', 'senderId', 'content', 'messageType',
  'createdAt', 'seq', 'sender', 'conversation'];
export const PROFILE_KEYS = ['id', 'firstName', 'lastName', 'avatarUrl', 'role', 'createdAt',
  'updatedAt', 'deletedAt'];

/** `sender`: {id, firstName, lastName, avatarUrl}. */
export function assertSender(sender, user) {
  assert.deepEqual(sender, {
    id: user.id,
    firstName: user.firstName,
    lastName: user.lastName,
    avatarUrl: user.avatarUrl ?? null,
  });
}

/** `user` of reactions and receipts, `replyTo.sender`: {id, firstName, lastName}. */
export function assertShortUser(u, user) {
  assert.deepEqual(u, { id: user.id, firstName: user.firstName, lastName: user.lastName });
}

export function assertMessageShape(m) {
  assertKeys(m, MESSAGE_KEYS, 'message');
  assert.match(m.id, /^msg_[0-9A-HJKMNP-TV-Z]{26}$/);
  assert.match(m.conversationId, /^conv_/);
  assert.match(m.createdAt, ISO_MS);
  assert.equal(typeof m.isEdited, 'boolean');
  assert.equal(typeof m.isDeleted, 'boolean');
  assert.ok(m.editedAt === null || ISO_MS.test(m.editedAt), `editedAt ${m.editedAt}`);
  assert.ok(Array.isArray(m.reactions));
  assert.ok(Array.isArray(m.readReceipts));
  assertKeys(m.sender, ['id', 'firstName', 'lastName', 'avatarUrl'], 'message.sender');
  if (m.replyTo !== null) {
    assertKeys(m.replyTo, ['id', 'content', 'isDeleted', 'sender'], 'message.replyTo');
    assertKeys(m.replyTo.sender, ['id', 'firstName', 'lastName'], 'message.replyTo.sender');
  }
  for (const r of m.reactions) assertReactionShape(r);
  for (const r of m.readReceipts) {
    assertKeys(r, RECEIPT_KEYS, 'read receipt');
    assert.match(r.id, /^receipt_/);
    assert.match(r.readAt, ISO_MS);
    assertKeys(r.user, ['id', 'firstName', 'lastName'], 'read receipt user');
  }
}

export function assertReactionShape(r) {
  assertKeys(r, REACTION_KEYS, 'reaction');
  assert.match(r.id, /^reaction_/);
  assert.match(r.messageId, /^msg_/);
  assert.match(r.createdAt, ISO_MS);
  assertKeys(r.user, ['id', 'firstName', 'lastName'], 'reaction user');
}

export function assertConversationShape(c) {
  assertKeys(c, CONVERSATION_KEYS, 'conversation');
  assert.match(c.id, /^conv_[0-9A-HJKMNP-TV-Z]{26}$/);
  assert.ok(['DIRECT', 'GROUP', 'SUPPORT', 'THERAPY'].includes(c.type), c.type);
  assert.match(c.createdAt, ISO_MS);
  assert.match(c.updatedAt, ISO_MS);
  assert.ok(c.lastMessageAt === null || ISO_MS.test(c.lastMessageAt));
  assert.equal(typeof c.isActive, 'boolean');
  assert.ok(Array.isArray(c.participants));
  for (const p of c.participants) {
    assertKeys(p, PARTICIPANT_KEYS, 'participant');
    assert.match(p.id, /^part_/);
    assert.ok(['ADMIN', 'MEMBER'].includes(p.role), p.role);
    assert.match(p.joinedAt, ISO_MS);
    assert.ok(p.leftAt === null || ISO_MS.test(p.leftAt));
    assertKeys(p.user, ['id', 'firstName', 'lastName', 'avatarUrl', 'role'], 'participant user');
    assert.equal(p.user.id, p.userId);
  }
  assert.ok(Array.isArray(c.messages) && c.messages.length <= 1, 'messages holds at most one');
  for (const m of c.messages) {
    assertKeys(m, LAST_MESSAGE_KEYS, 'last message');
    assertKeys(m.sender, ['id', 'firstName', 'lastName', 'avatarUrl'], 'last message sender');
  }
  assertKeys(c._count, ['messages'], '_count');
  assert.ok(Number.isInteger(c._count.messages));
  assert.ok(Number.isInteger(c.unreadCount));
}

export function participant(conversation, userId) {
  return conversation.participants.find((p) => p.userId === userId);
}

// ---------------------------------------------------------------------------------------
// Small HTTP servers of the tests' own (JWKS) and raw requests

/** Starts a node http server on 127.0.0.1:0 answering with `handler`; returns {url, close}. */
export async function startHttpServer(handler) {
  const srv = http.createServer(handler);
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => {
      srv.closeAllConnections?.();
      srv.close(() => resolve());
    }),
  };
}

/** Signs a Svix webhook delivery as Clerk does. */
export function svixHeaders(secret, body, { id = `msg_${crypto.randomBytes(8).toString('hex')}`,
  timestamp = Math.floor(Date.now() / 1000), extraSignatures = ['v1,' + b64urlLikeBogus()] } = {}) {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const sig = crypto.createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return {
    'svix-id': id,
    'svix-timestamp': String(timestamp),
    'svix-signature': [...extraSignatures, `v1,${sig}`].join(' '),
  };
}

function b64urlLikeBogus() {
  return crypto.randomBytes(32).toString('base64');
}
