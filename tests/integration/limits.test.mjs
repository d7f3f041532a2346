import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, randomSecret, tempDir } from './harness.mjs';

const hasPrlimit = spawnSync('prlimit', ['--version']).status === 0;

function openFileLimits(pid) {
  const limits = fs.readFileSync(`/proc/${pid}/limits`, 'utf8');
  const [, soft, hard] = /^Max open files\s+(\S+)\s+(\S+)/m.exec(limits);
  return { soft: Number(soft), hard: Number(hard) };
}

test('confide serve raises its soft open-file limit to the hard limit', { skip: !hasPrlimit && 'needs prlimit (util-linux)' }, async () => {
  const dir = tempDir();
  const child = spawn('prlimit', ['--nofile=256:4096', BIN, 'serve', '--host', '127.0.0.1',
    '--port', '0', '--db', path.join(dir, 'confide.db'), '--jwt-secret', randomSecret()],
  { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  try {
    let log = '';
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not listening in time:\n${log}`)), 15_000);
      child.stderr.setEncoding('utf8').on('data', (d) => {
        log += d;
        if (log.includes('"msg":"listening"')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    // prlimit execs confide: the child's pid is the server's.
    assert.deepEqual(openFileLimits(child.pid), { soft: 4096, hard: 4096 });
    assert.match(log, /"msg":"open file limit raised","from":256,"to":4096/);
  } finally {
    child.kill('SIGTERM');
    await exited;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
