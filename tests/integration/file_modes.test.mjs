// The files that hold messages and secrets — the database with its -wal and -shm, the events
// file and the development secret — are readable by their owner only, or as the operator
// asks with --data-file-mode, whatever the process's umask.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  api, expectStatus, makeUsers, createConversation, send, startServer, tempDir, token,
  BACKEND,
} from './harness.mjs';

const FILES = ['confide.db', 'confide.db-wal', 'confide.db-shm', 'events.jsonl', 'dev-jwt-secret'];

function modes(dir) {
  return Object.fromEntries(FILES.map((f) => {
    const p = path.join(dir, f);
    return [f, fs.existsSync(p) ? (fs.statSync(p).mode & 0o777).toString(8) : 'missing'];
  }));
}

/** Starts a development server on a fresh folder under `umask`, writes a message, reads the modes. */
async function modesAfterAMessage(umask, args = []) {
  const dir = tempDir();
  const was = process.umask(umask);
  let server;
  try {
    server = await startServer({ dir, dev: true, jwtSecret: null, args });
  } finally {
    process.umask(was);
  }
  try {
    const secret = fs.readFileSync(path.join(dir, 'dev-jwt-secret'), 'utf8').trim();
    server.token = (sub, claims = {}, opts = {}) => token(sub, claims, { secret, ...opts });
    const [a, b] = await makeUsers(server, 2, 'modes');
    const conversation = await createConversation(server, a, [b.id]);
    await send(server, a, conversation.id, 'not for other users of the machine');
    expectStatus(await api(server, 'GET', '/health'), 200);
    // The events file is written by its sink's thread, shortly after the commit.
    for (const end = Date.now() + 10_000; Date.now() < end;) {
      if (fs.existsSync(path.join(dir, 'events.jsonl')) &&
          fs.statSync(path.join(dir, 'events.jsonl')).size > 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    return modes(dir);
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const all = (mode) => Object.fromEntries(FILES.map((f) => [f, mode]));

test('a fresh server creates its data files 0600, even under a permissive umask',
  { skip: BACKEND !== 'sqlite' && 'the SQLite files' }, async () => {
  assert.deepEqual(await modesAfterAMessage(0o000), all('600'));
  assert.deepEqual(await modesAfterAMessage(0o022), all('600'));
});

test('--data-file-mode 0640 lets the group read the data files; the secret stays 0600',
  { skip: BACKEND !== 'sqlite' && 'the SQLite files' }, async () => {
  assert.deepEqual(await modesAfterAMessage(0o077, ['--data-file-mode', '0640']),
    { ...all('640'), 'dev-jwt-secret': '600' });
});

test('--data-file-mode refuses a mode that lets others write or execute', async () => {
  for (const mode of ['0666', '0700', 'rw', '0400']) {
    await assert.rejects(startServer({ dev: true, jwtSecret: null, args: ['--data-file-mode', mode] }),
      /data-file-mode/, mode);
  }
});
