// No internal error text reaches a client. Every response carries an X-Request-Id; a failure
// of ours (5xx) answers a fixed message per class with that request id in the body, and the
// failure's detail goes to the log, on a line with the same request id.
//
// The full disk is real: the database lives on a small tmpfs that the test fills (mounting
// needs root, as CI runs; without it the test is skipped, saying why).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { io } from 'socket.io-client';
import {
  startServer, api, expectStatus, makeUsers, createConversation, tempDir, sleep, uid,
  BACKEND,
} from './harness.mjs';

let server;
before(async () => {
  server = await startServer({ webhookSecret: null });
});
after(async () => {
  await server?.stop();
});

const FIXED = {
  500: { message: 'Internal server error', error: 'Internal Server Error' },
  503: { message: 'Service unavailable', error: 'Service Unavailable' },
};

/** The 5xx body: exactly the NestJS fields, the fixed message, the response's request id. */
function assertFailureBody(res, status) {
  assert.equal(res.status, status, res.text);
  const id = res.headers.get('x-request-id');
  assert.ok(id && id.length >= 8 && id.length <= 40, `X-Request-Id: ${id}`);
  assert.deepEqual(res.body, { statusCode: status, ...FIXED[status], requestId: id }, res.text);
  return id;
}

/**
 * The log lines (JSON) of `srv` that carry `requestId`, once the asynchronous logger has
 * written a line for each of `predicates`.
 */
async function logLinesOf(srv, requestId, ...predicates) {
  for (let waited = 0; waited < 3000; waited += 50) {
    const lines = srv.stderr.split('\n').filter((l) => l.includes(requestId)).map((l) => JSON.parse(l));
    if (predicates.every((p) => lines.some(p))) return lines;
    await sleep(50);
  }
  assert.fail(`no log lines as expected with requestId ${requestId}:\n${srv.stderr.slice(-3000)}`);
}

const isRequestLine = (status) => (l) => l.msg === 'request' && l.status === status;

test('every response carries an X-Request-Id, unique per request, also in the request log line; 4xx bodies are unchanged', async () => {
  const seen = new Set();
  for (let i = 0; i < 20; i += 1) {
    const res = await api(server, 'GET', '/nope');
    assert.deepEqual(res.body, { statusCode: 404, message: 'Cannot GET /nope', error: 'Not Found' });
    const id = res.headers.get('x-request-id');
    assert.match(id, /^[0-9a-z-]{8,40}$/);
    assert.ok(!seen.has(id), `${id} is new`);
    seen.add(id);
  }
  const ok = await api(server, 'GET', '/health');
  expectStatus(ok, 200);
  const id = ok.headers.get('x-request-id');
  assert.ok(id && !seen.has(id));
  const lines = await logLinesOf(server, id, isRequestLine(200));
  assert.equal(lines.find(isRequestLine(200)).requestId, id);
});

test('a deliberate 503 (the webhook not configured) tells the client only the fixed message; the reason is logged', async () => {
  const res = await api(server, 'POST', '/webhooks/clerk', { body: { type: 'user.created', data: { id: 'x' } } });
  const id = assertFailureBody(res, 503);
  assert.ok(!/clerk|webhook|secret/i.test(res.text), res.text);
  const lines = await logLinesOf(server, id, isRequestLine(503),
    (l) => l.msg === 'request failed' && /The Clerk webhook is not configured/.test(l.error));
  assert.equal(lines.find((l) => l.msg === 'request failed').level, 'warning');
});

/** Connects to the gateway with `token` and resolves the auth_error it gets. */
function refusedSocket(srv, token) {
  const socket = io(`${srv.url}/messaging`, { auth: { token }, reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no auth_error within 10 s')), 10_000);
    socket.on('authenticated', () => reject(new Error('admitted on a full disk')));
    socket.on('auth_error', (error) => {
      clearTimeout(timer);
      socket.disconnect();
      resolve(error);
    });
  });
}

function mountTmpfs(dir, size) {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
    return null;
  } catch (e) {
    return String(e.stderr || e.message).trim();
  }
}

/** Writes zeros into `file` until the file system is full. */
function fill(file) {
  const chunk = Buffer.alloc(64 * 1024);
  const fd = fs.openSync(file, 'w');
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (e) {
    if (e.code !== 'ENOSPC') throw e;
  } finally {
    fs.closeSync(fd);
  }
}

test('a full disk: 503 "Service unavailable" with a request id, no SQLite text; the log line with that id has it',
  { skip: BACKEND !== 'sqlite' && 'a tmpfs under the SQLite file' }, async (t) => {
  const dir = tempDir();
  const refused = mountTmpfs(dir, '8m');
  if (refused !== null) {
    fs.rmSync(dir, { recursive: true, force: true });
    t.skip(`cannot mount a tmpfs to fill (needs root): ${refused}`);
    return;
  }
  let srv;
  try {
    srv = await startServer({ dir, args: ['--events', 'none'] });
    const [a, b] = await makeUsers(srv, 2, 'fulldisk');
    const conv = await createConversation(srv, a, [b.id]);
    fill(path.join(dir, 'filler'));
    let res;
    for (let i = 0; i < 200; i += 1) {
      res = await api(srv, 'POST', `/messaging/conversations/${conv.id}/messages`,
        { token: a.token, body: { content: `${i} ${'full disk '.repeat(900)}` } });
      if (res.status !== 201) break;
    }
    const id = assertFailureBody(res, 503);
    assert.ok(!/disk|full|sqlite|step|database/i.test(res.text), `no internal text: ${res.text}`);
    const hasDetail = (l) => l.msg === 'request failed' && /database or disk is full/.test(l.detail);
    const lines = await logLinesOf(srv, id, isRequestLine(503), hasDetail);
    const failure = lines.find(hasDetail);
    assert.ok(['warning', 'error'].includes(failure.level), JSON.stringify(failure));

    // The gateway likewise: a new user cannot be provisioned, and the refusal says only the
    // fixed message and the request id under which the detail is logged.
    const refusal = await refusedSocket(srv, srv.token(uid('fullgw')));
    assert.deepEqual(Object.keys(refusal).sort(), ['code', 'message', 'reason', 'requestId']);
    assert.equal(refusal.code, 'AUTH_FAILED');
    assert.equal(refusal.reason, 'Service unavailable');
    assert.ok(!/disk|full|sqlite|step|database/i.test(JSON.stringify(refusal)), JSON.stringify(refusal));
    await logLinesOf(srv, refusal.requestId,
      (l) => l.msg === 'event failed' && l.event === 'admission' && /disk is full/.test(l.detail));
  } finally {
    if (srv) await srv.stop({ expectCode: null });
    try {
      execFileSync('umount', [dir], { stdio: 'pipe' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
});
