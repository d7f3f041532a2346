// Faults on PostgreSQL, each on a PostgreSQL server of its own (scripts/postgres.sh), so that
// restarting it touches no other test: the server restarted in the middle of a stream of
// sends, and confide killed (SIGKILL) in the middle of one. Whatever was answered 201 is
// stored; whatever was not got an error; nothing is stored twice.
// Runs in the PostgreSQL pass of the suites (CONFIDE_TEST_POSTGRES set).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  startServer, api, makeUsers, createConversation, tempDir, randomSecret, sleep, BACKEND,
} from './harness.mjs';

const SCRIPT = fileURLToPath(new URL('../../scripts/postgres.sh', import.meta.url));
const skip = BACKEND !== 'postgres' && 'runs in the PostgreSQL pass';

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** A PostgreSQL server of the test's own: {uri, restart(), stop()}. */
async function ownPostgres() {
  const dir = fs.mkdtempSync('/tmp/confide-pgfault-');
  const port = await freePort();
  const run = (...args) => execFileSync(SCRIPT, args, { encoding: 'utf8', timeout: 60_000 }).trim();
  const uri = run('start', dir, String(port));
  return {
    uri,
    stop: () => run('stop', dir),
    start: () => run('start', dir, String(port)),
    remove() {
      try {
        run('stop', dir);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Every message of the conversation, oldest first (pages of 100). */
async function allMessages(server, who, conversationId) {
  const all = [];
  for (let page = 1; ; page += 1) {
    const res = await api(server, 'GET',
      `/messaging/conversations/${conversationId}/messages?limit=100&page=${page}`, { token: who.token });
    assert.equal(res.status, 200, res.text);
    all.push(...res.body);
    if (res.body.length < 100) return all;
  }
}

/** Sends `n` messages, `width` at a time; resolves every answer: {content, status, id}. */
async function sendStream(server, users, conversationId, n, width, onSent = () => {}) {
  const results = [];
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next;
      next += 1;
      const who = users[i % users.length];
      const content = `stream message ${i}`;
      let res;
      try {
        res = await api(server, 'POST', `/messaging/conversations/${conversationId}/messages`,
          { token: who.token, body: { content }, timeoutMs: 20_000 });
      } catch (e) {
        res = { status: 0, body: null, text: e.message };
      }
      results.push({ content, status: res.status, id: res.body?.id });
      onSent(results.length);
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}

function assertNothingLostOrDoubled(results, stored) {
  const byContent = new Map();
  for (const m of stored) byContent.set(m.content, (byContent.get(m.content) ?? 0) + 1);
  for (const [content, count] of byContent) assert.equal(count, 1, `${content} stored once`);
  const storedIds = new Set(stored.map((m) => m.id));
  const acked = results.filter((r) => r.status === 201);
  for (const r of acked) assert.ok(storedIds.has(r.id), `acknowledged ${r.content} is stored`);
  for (const r of results.filter((x) => x.status !== 201)) {
    assert.ok(r.status === 0 || r.status >= 500, `${r.content}: an error, not ${r.status}`);
  }
  // Seq numbers stay gap-free: every stored message has its own.
  const seqs = stored.map((m) => m.seq).sort((a, b) => a - b);
  assert.deepEqual(seqs, Array.from({ length: seqs.length }, (_, i) => i + 1));
  return acked.length;
}

test('PostgreSQL restarted in the middle of a stream of sends: every 201 is stored, the rest got errors, nothing twice', { skip }, async (t) => {
  const pg = await ownPostgres();
  const dir = tempDir();
  let server;
  try {
    server = await startServer({ dir, db: pg.uri, args: ['--rate-messages', '0'] });
    const users = await makeUsers(server, 4, 'pgrestart');
    const conversation = await createConversation(server, users[0], users.slice(1).map((u) => u.id),
      { type: 'GROUP' });
    let restarted;
    const results = await sendStream(server, users, conversation.id, 300, 8, (count) => {
      if (count === 100 && !restarted) {
        restarted = (async () => {
          pg.stop();
          await sleep(300);
          pg.start();
        })();
      }
    });
    await restarted;
    // The server serves again once PostgreSQL is back.
    let after;
    for (let i = 0; i < 50; i += 1) {
      after = await api(server, 'GET', '/health');
      if (after.status === 200) break;
      await sleep(100);
    }
    assert.equal(after.status, 200, after.text);
    const stored = await allMessages(server, users[0], conversation.id);
    const acked = assertNothingLostOrDoubled(results, stored);
    t.diagnostic(`answered 201: ${acked}, errors: ${results.length - acked}, stored: ${stored.length}`);
    assert.ok(acked >= 100, 'the sends before the restart got through');
    await server.stop();
  } finally {
    if (server && !server.exited) server.kill();
    pg.remove();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('confide killed (SIGKILL) in the middle of a stream of sends on PostgreSQL: every 201 is stored', { skip }, async (t) => {
  const pg = await ownPostgres();
  const dir = tempDir();
  const secret = randomSecret();
  let first;
  let second;
  try {
    first = await startServer({ dir, jwtSecret: secret, db: pg.uri, args: ['--rate-messages', '0'] });
    const users = await makeUsers(first, 4, 'pgkill');
    const conversation = await createConversation(first, users[0], users.slice(1).map((u) => u.id),
      { type: 'GROUP' });
    const results = await sendStream(first, users, conversation.id, 200, 8, (count) => {
      if (count === 80) first.kill();
    });
    await first.exitPromise;
    second = await startServer({ dir, jwtSecret: secret, db: pg.uri });
    const stored = await allMessages(second, users[0], conversation.id);
    const acked = assertNothingLostOrDoubled(results, stored);
    t.diagnostic(`answered 201: ${acked}, stored: ${stored.length}`);
    assert.ok(acked >= 80);
    await second.stop();
  } finally {
    if (first && !first.exited) first.kill();
    if (second && !second.exited) second.kill();
    pg.remove();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
