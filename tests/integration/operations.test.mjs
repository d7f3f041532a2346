import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {
  startServer, api, expectStatus, expectError, makeUser, makeUsers, createConversation, send,
  listMessages, runCli, tempDir, adminHeaders, sleep, JWT_RE, ISO_MS, PROFILE_KEYS, assertKeys,
  randomSecret, databaseFor, BACKEND, SCHEMA_VERSION,
} from './harness.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

test('GET /health: 200 with the documented body, no token needed', async () => {
  const res = await api(server, 'GET', '/health');
  const body = expectStatus(res, 200);
  assertKeys(body, ['status', 'database', 'schemaVersion', 'uptimeSeconds'], 'health');
  assert.equal(body.status, 'ok');
  assert.equal(body.database, 'ok');
  assert.equal(body.schemaVersion, SCHEMA_VERSION);
  assert.ok(Number.isInteger(body.uptimeSeconds) && body.uptimeSeconds >= 0 && body.uptimeSeconds < 600);
  assert.match(res.headers.get('content-type'), /^application\/json/);
});

test('GET /metrics: Prometheus text with request counters by route and the commit batch size', async () => {
  const [a, b] = await makeUsers(server, 2, 'metrics');
  const conv = await createConversation(server, a, [b.id]);
  await send(server, a, conv.id, 'count me');
  await api(server, 'GET', `/messaging/conversations/${conv.id}`, { token: a.token });
  await api(server, 'GET', '/nope-for-metrics');
  const res = await api(server, 'GET', '/metrics');
  expectStatus(res, 200);
  assert.match(res.headers.get('content-type'), /^text\/plain/);
  const text = res.text;
  assert.match(text, /^# TYPE confide_http_requests_total counter$/m);
  const line = (re) => text.split('\n').filter((l) => re.test(l));
  const count = (l) => Number(l.trim().split(/\s+/).pop());
  const listLines = line(/^confide_http_requests_total\{.*route="\/messaging\/conversations".*\} \d/);
  assert.ok(listLines.length >= 1, 'a counter for the route /messaging/conversations');
  assert.ok(listLines.some((l) => /method="GET"/.test(l) && /status="200"/.test(l) && count(l) >= 2), listLines.join('\n'));
  assert.ok(listLines.some((l) => /method="POST"/.test(l) && /status="201"/.test(l) && count(l) >= 1), listLines.join('\n'));
  assert.ok(line(/^confide_http_requests_total\{.*route="\/messaging\/conversations\/:conversationId\/messages".*\} \d/).length >= 1,
    'parameterised routes are labelled by their pattern');
  assert.ok(!text.includes(conv.id), 'no label holds an id');
  assert.ok(!text.includes('nope-for-metrics'), 'unknown paths do not become labels');
  assert.match(text, /^confide_db_commit_batch_size/m);
  assert.match(text, /^confide_db_commit_batch_size_count(\{[^}]*\})? [1-9]/m);
});

// ---------------------------------------------------------------------------------------

function rawRequest(agent, port, method, p, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request({
      host: '127.0.0.1', port, method, path: p, agent,
      headers: { ...headers, ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}) },
      timeout: 15_000,
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed = null;
        try { parsed = JSON.parse(text); } catch { /* not JSON */ }
        resolve({ status: res.statusCode, body: parsed, text, at: Date.now() });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(data);
  });
}

test('SIGTERM during a burst of sends: every send is answered 201, none is lost after a restart', async (t) => {
  const dir = tempDir();
  const secret = randomSecret();
  let first;
  let second;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 100 });
  try {
    // 50 sends each at once: more than a user's allowance, which is not what this is about.
    first = await startServer({ dir, jwtSecret: secret, args: ['--rate-messages', '0'] });
    const [a, b] = await makeUsers(first, 2, 'burst');
    const conv = await createConversation(first, a, [b.id]);
    const N = 100;
    // Open N connections first, so every send rides an accepted connection.
    await Promise.all(Array.from({ length: N }, () => rawRequest(agent, first.port, 'GET', '/health')));
    let signalledAt = 0;
    let stopping;
    const sends = Array.from({ length: N }, (_, i) =>
      rawRequest(agent, first.port, 'POST', `/messaging/conversations/${conv.id}/messages`, {
        headers: { authorization: `Bearer ${(i % 2 ? a : b).token}` },
        body: { content: `burst message ${i}` },
      }).then((r) => {
        if (!stopping) {
          signalledAt = Date.now();
          stopping = first.stop({ keepDir: true }); // SIGTERM while the others are in flight
        }
        return r;
      }, (e) => ({ status: 0, error: e.message })));
    const results = await Promise.all(sends);
    const exit = await (stopping ?? first.stop({ keepDir: true }));
    assert.equal(exit.code, 0);
    const failed = results.filter((r) => r.status !== 201);
    assert.deepEqual(failed.map((r) => `${r.status} ${r.error ?? r.text}`), [], 'every send answered 201');
    const acked = results.map((r) => r.body.id);
    const late = results.filter((r) => r.at >= signalledAt).length;
    const shutdownLine = first.stderr.split('\n').find((l) => l.includes('"shutting down"')) ?? '';
    // Diagnostics: how many were answered after the signal.
    t.diagnostic(`answered after SIGTERM: ${late}; ${shutdownLine}`);
    assert.match(first.stderr, /"msg":"stopped"/);

    second = await startServer({ dir, jwtSecret: secret });
    const listed = [
      ...(await listMessages(second, a, conv.id, 'limit=100&page=2')),
      ...(await listMessages(second, a, conv.id, 'limit=100')),
    ];
    const stored = new Set(listed.map((m) => m.id));
    for (const id of acked) assert.ok(stored.has(id), `acknowledged message ${id} survived the restart`);
    assert.equal(listed.length, N);
    await second.stop();
  } finally {
    agent.destroy();
    if (first && !first.exited) first.kill();
    if (second && !second.exited) second.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------------------------------
// The command line

test('confide serve without a key and without --dev exits non-zero naming --jwt-secret', async () => {
  const dir = tempDir();
  try {
    const r = await runCli(['serve', '--host', '127.0.0.1', '--port', '0', '--db', path.join(dir, 'confide.db')]);
    assert.notEqual(r.code, 0, `exit code ${r.code}`);
    assert.equal(r.signal, null);
    assert.ok((r.stderr + r.stdout).includes('--jwt-secret'), `message names --jwt-secret:\n${r.stderr}${r.stdout}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('confide serve --dev prints a working token and a curl line; confide token mints more', async () => {
  const dir = tempDir();
  let dev;
  try {
    dev = await startServer({ dir, dev: true, jwtSecret: null, autoProvision: null });
    const deadline = Date.now() + 5000;
    while (!/curl/.test(dev.stdout) && Date.now() < deadline) await sleep(50);
    const out = dev.stdout;
    const tokenMatch = out.match(JWT_RE);
    assert.ok(tokenMatch, `a token on stdout:\n${out}`);
    const devToken = tokenMatch[0];
    const curlLine = out.split('\n').find((l) => l.includes('curl'));
    assert.ok(curlLine, `a curl line:\n${out}`);
    assert.ok(curlLine.includes(`Bearer ${devToken}`), curlLine);
    assert.ok(curlLine.includes(`:${dev.port}/messaging/conversations`), `the curl line uses the real port: ${curlLine}`);
    expectStatus(await api(dev, 'GET', '/messaging/conversations', { token: devToken }), 200);

    const minted = await runCli(['token', '--sub', 'u1', '--db', dev.db], { cwd: dir });
    assert.equal(minted.code, 0, minted.stderr);
    const t = minted.stdout.trim();
    assert.match(t, new RegExp(`^${JWT_RE.source}$`));
    expectStatus(await api(dev, 'GET', '/messaging/conversations', { token: t }), 200);
    // The two dev users can talk.
    const conv = expectStatus(await api(dev, 'POST', '/messaging/conversations', { token: devToken, body: { participantIds: ['u1'] } }), 201);
    expectStatus(await api(dev, 'POST', `/messaging/conversations/${conv.id}/messages`, { token: t, body: { content: 'hi dev' } }), 201);
    // The token is signed with the dev secret, not anything else: a foreign one is refused.
    const foreign = await runCli(['token', '--sub', 'u1', '--jwt-secret', randomSecret()]);
    assert.equal(foreign.code, 0, foreign.stderr);
    expectError(await api(dev, 'GET', '/messaging/conversations', { token: foreign.stdout.trim() }), 401);
    await dev.stop({ keepDir: true });
    // A second --dev run on the same directory keeps the secret: the old token still works.
    dev = await startServer({ dir, dev: true, jwtSecret: null, autoProvision: null });
    expectStatus(await api(dev, 'GET', '/messaging/conversations', { token: t }), 200);
    await dev.stop({ keepDir: true });
  } finally {
    if (dev && !dev.exited) dev.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('confide token without a secret and without a dev secret fails', async () => {
  const dir = tempDir();
  try {
    const r = await runCli(['token', '--sub', 'u1', '--db', path.join(dir, 'confide.db')]);
    assert.notEqual(r.code, 0);
    assert.equal(r.stdout.trim(), '');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('confide migrate creates the schema and is idempotent', async () => {
  const dir = tempDir();
  const db = databaseFor(dir);
  try {
    let r = await runCli(['migrate', '--db', db]);
    assert.equal(r.code, 0, r.stderr);
    if (BACKEND === 'sqlite') assert.ok(fs.existsSync(db));
    r = await runCli(['migrate', '--db', db]);
    assert.equal(r.code, 0, r.stderr);
    const srv = await startServer({ dir });
    assert.equal(expectStatus(await api(srv, 'GET', '/health'), 200).schemaVersion, SCHEMA_VERSION);
    await srv.stop();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a PostgreSQL URI in --db is not taken for a file name: an unreachable server is named, its password never printed', async () => {
  const dir = tempDir();
  try {
    const uri = 'postgresql://confide:hunter2secret@127.0.0.1:1/confide';
    for (const args of [['migrate', '--db', uri], ['users', 'upsert', '--id', 'u1', '--first-name', 'A', '--last-name', 'B', '--db', uri],
      ['events', 'tail', '--db', uri]]) {
      const r = await runCli(args, { cwd: dir });
      assert.notEqual(r.code, 0, r.stdout);
      assert.match(r.stderr, /postgresql:\/\/confide:\*\*\*@127\.0\.0\.1:1\/confide/);
      assert.match(r.stderr, /Connection refused/);
      assert.ok(!`${r.stdout}${r.stderr}`.includes('hunter2secret'), r.stderr);
    }
    assert.deepEqual(fs.readdirSync(dir), [], 'no file or directory named after the URI');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('confide users upsert and import (a bad line imports nothing), visible through the admin API', async () => {
  const dir = tempDir();
  const db = databaseFor(dir);
  try {
    let r = await runCli(['users', 'upsert', '--id', 'u9', '--first-name', 'A', '--last-name', 'B', '--db', db]);
    assert.equal(r.code, 0, r.stderr);
    r = await runCli(['users', 'upsert', '--id', 'u8', '--first-name', 'T', '--last-name', 'H', '--role', 'therapist',
      '--avatar-url', 'https://img.example.com/t.png', '--db', db]);
    assert.equal(r.code, 0, r.stderr);

    const good = path.join(dir, 'good.jsonl');
    fs.writeFileSync(good, [
      JSON.stringify({ id: 'u10', firstName: 'C', lastName: 'D', role: 'therapist' }),
      '',
      JSON.stringify({ id: 'u11', firstName: 'E', lastName: 'F', avatarUrl: 'https://img.example.com/e.png' }),
    ].join('\n') + '\n');
    r = await runCli(['users', 'import', good, '--db', db]);
    assert.equal(r.code, 0, r.stderr);

    const bad = path.join(dir, 'bad.jsonl');
    fs.writeFileSync(bad, [
      JSON.stringify({ id: 'u12', firstName: 'G', lastName: 'H' }),
      '{"id":"u13","firstName":',
      JSON.stringify({ id: 'u14', firstName: 'I', lastName: 'J' }),
    ].join('\n') + '\n');
    r = await runCli(['users', 'import', bad, '--db', db]);
    assert.notEqual(r.code, 0, 'a bad line fails the import');
    assert.ok(r.stderr.includes('line 2'), `the bad line is named: ${r.stderr}`);

    const unknownField = path.join(dir, 'unknown.jsonl');
    fs.writeFileSync(unknownField, JSON.stringify({ id: 'u15', firstName: 'K', lastName: 'L', email: 'x@y' }) + '\n');
    r = await runCli(['users', 'import', unknownField, '--db', db]);
    assert.notEqual(r.code, 0, 'an unknown field fails the import');

    r = await runCli(['users', 'import', '-', '--db', db], { input: JSON.stringify({ id: 'u16', firstName: 'M', lastName: 'N' }) + '\n' });
    assert.equal(r.code, 0, r.stderr);

    const srv = await startServer({ dir, autoProvision: false });
    try {
      const get = async (id) => api(srv, 'GET', `/admin/users/${id}`, { headers: adminHeaders(srv) });
      const u9 = expectStatus(await get('u9'), 200);
      assertKeys(u9, PROFILE_KEYS, 'profile');
      assert.equal(u9.firstName, 'A');
      assert.equal(u9.lastName, 'B');
      assert.equal(u9.role, 'client');
      assert.equal(u9.avatarUrl, null);
      assert.equal(u9.deletedAt, null);
      assert.match(u9.createdAt, ISO_MS);
      const u8 = expectStatus(await get('u8'), 200);
      assert.equal(u8.role, 'therapist');
      assert.equal(u8.avatarUrl, 'https://img.example.com/t.png');
      assert.equal(expectStatus(await get('u10'), 200).role, 'therapist');
      assert.equal(expectStatus(await get('u11'), 200).avatarUrl, 'https://img.example.com/e.png');
      assert.equal(expectStatus(await get('u16'), 200).firstName, 'M');
      for (const id of ['u12', 'u13', 'u14', 'u15']) expectError(await get(id), 404);
      // The imported users can sign in (auto-provisioning is off here).
      const t9 = srv.token('u9');
      expectStatus(await api(srv, 'GET', '/messaging/conversations', { token: t9 }), 200);
      const conv = expectStatus(await api(srv, 'POST', '/messaging/conversations', { token: t9, body: { participantIds: ['u10'] } }), 201);
      assert.deepEqual(conv.participants.map((p) => p.user.firstName).sort(), ['A', 'C']);
    } finally {
      await srv.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the logs never contain a token or the content of a message', async () => {
  const srv = await startServer();
  let stopped = false;
  try {
    const [a, b] = await makeUsers(srv, 2, 'logs');
    const secretText = `Confidential diagnosis ${randomSecret(6)}`;
    const edited = `Edited confidential ${randomSecret(6)}`;
    const conv = await createConversation(srv, a, [b.id], { type: 'THERAPY', title: `Private title ${randomSecret(4)}` });
    const m = await send(srv, a, conv.id, secretText);
    expectStatus(await api(srv, 'PUT', `/messaging/messages/${m.id}`, { token: a.token, body: { content: edited } }), 200);
    // Errors too: a refused body must not be echoed into the log.
    const refused = `Refused ${randomSecret(6)}\u0001`;
    expectError(await api(srv, 'POST', `/messaging/conversations/${conv.id}/messages`, { token: a.token, body: { content: refused } }), 400);
    expectError(await api(srv, 'GET', '/messaging/conversations', { headers: { authorization: `Bearer ${a.token}x` } }), 401);
    expectStatus(await api(srv, 'GET', '/messaging/conversations', { token: b.token }), 200);
    const searchWord = edited.split(' ').pop();
    expectStatus(await api(srv, 'GET', `/messaging/search?query=${encodeURIComponent(searchWord)}`, { token: b.token }), 200);
    await srv.stop();
    stopped = true;
    const logs = srv.stderr + srv.stdout;
    assert.match(logs, /"msg":"request"/, 'request lines are logged');
    assert.ok(logs.includes(`/messaging/conversations/${conv.id}/messages`) || logs.includes('/messaging/conversations/:conversationId/messages'),
      'the request log names the route');
    for (const [what, value] of [
      ['token of a', a.token], ['token of b', b.token], ['signature of a', a.token.split('.')[2]],
      ['payload of a', a.token.split('.')[1]], ['the JWT secret', srv.jwtSecret], ['the admin key', srv.adminKey],
      ['the message', secretText], ['the edited message', edited], ['the refused message', refused.slice(0, -1)],
    ]) {
      assert.ok(!logs.includes(value), `${what} appears in the logs`);
    }
    assert.ok(!logs.includes(searchWord), 'the search query (message words) appears in the logs');
  } finally {
    if (!stopped) await srv.stop();
  }
});
