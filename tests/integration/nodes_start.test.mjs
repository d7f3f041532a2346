// Several nodes started at once on one empty PostgreSQL database: the schema is migrated
// once, every node serves, and they serve the same data.
// Runs in the PostgreSQL pass of the suites (CONFIDE_TEST_POSTGRES set).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import {
  startServer, api, makeUsers, createConversation, send, listMessages, tempDir, databaseFor,
  randomSecret, expectStatus, BACKEND, SCHEMA_VERSION,
} from './harness.mjs';

const skip = BACKEND !== 'postgres' && 'runs in the PostgreSQL pass';
const PSQL = '/usr/lib/postgresql/15/bin/psql';

function query(db, sql) {
  const r = spawnSync(PSQL, [db, '-tAc', sql], { encoding: 'utf8' });
  assert.equal(r.status, 0, `psql: ${r.stderr}`);
  return r.stdout.trim();
}

test('three nodes started at once on an empty database migrate it once and all serve it', { skip }, async () => {
  const shared = tempDir();
  const db = databaseFor(shared);
  assert.equal(query(db, "SELECT to_regclass('schema_version') IS NULL"), 't', 'starts empty');
  const jwtSecret = randomSecret();
  const adminKey = randomSecret(16);
  const started = await Promise.allSettled(['n1', 'n2', 'n3'].map((name) =>
    startServer({ db, jwtSecret, adminKey, args: ['--node-id', name] })));
  const servers = started.filter((s) => s.status === 'fulfilled').map((s) => s.value);
  try {
    for (const s of started) assert.equal(s.status, 'fulfilled', String(s.reason));

    // Every version once, up to this binary's.
    assert.equal(query(db, 'SELECT count(*) = count(DISTINCT version) FROM schema_version'), 't');
    assert.equal(query(db, 'SELECT max(version) FROM schema_version'), String(SCHEMA_VERSION));

    // One database behind them all: what one node writes, the others read.
    const [alice, bob] = await makeUsers(servers[0], 2);
    const conversation = await createConversation(servers[1], alice, [bob.id]);
    const sent = await send(servers[2], bob, conversation.id, 'across the nodes');
    for (const server of servers) {
      const messages = await listMessages(server, alice, conversation.id);
      assert.deepEqual(messages.map((m) => [m.id, m.content]), [[sent.id, 'across the nodes']]);
      const health = await api(server, 'GET', '/health');
      expectStatus(health, 200);
    }
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    fs.rmSync(shared, { recursive: true, force: true });
  }
});
