// What a client can make the gateway hold is bounded, before authentication too: pongs for
// a flood of pings it never reads. Each test starts its own server and reads that server's
// memory (VmRSS) from /proc.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import { once } from 'node:events';
import {
  startGateway, connectAuthed, emitAck, closeAll, close, within, sleep, makeUsers, WAIT_MS,
} from './support.mjs';

const MiB = 1024;  // in the kB of /proc/<pid>/status

after(() => closeAll());

/** The server process's resident memory, in kB. */
function rssKiB(server) {
  const status = fs.readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]);
}

/** Runs `body(server)` against a server of its own, started with `args`. */
async function withServer(args, body) {
  const server = await startGateway({ args });
  try {
    return await body(server);
  } finally {
    closeAll();
    await server.stop();
  }
}

// ---------------------------------------------------------------------------------------
// Pings

/** A client frame (masked, final) with `payload`. */
function clientFrame(opcode, payload) {
  const mask = crypto.randomBytes(4);
  const masked = Buffer.from(payload);
  for (let i = 0; i < masked.length; i += 1) masked[i] ^= mask[i % 4];
  assert.ok(masked.length < 126);
  return Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | masked.length]), mask, masked]);
}

/** A raw TCP connection upgraded to a WebSocket session; it reads nothing after the 101. */
async function silentWebSocket(server) {
  const socket = net.connect({ host: '127.0.0.1', port: server.port });
  await once(socket, 'connect');
  socket.write(
    'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
    'Upgrade: websocket\r\nConnection: Upgrade\r\n' +
    `Sec-WebSocket-Key: ${crypto.randomBytes(16).toString('base64')}\r\n` +
    'Sec-WebSocket-Version: 13\r\n\r\n');
  let head = '';
  await within(new Promise((resolve) => {
    const onData = (chunk) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      socket.pause();  // from now on nothing is read: the kernel's buffers fill
      resolve();
    };
    socket.on('data', onData);
  }), WAIT_MS, 'the 101');
  assert.match(head, /^HTTP\/1\.1 101 /);
  socket.gone = false;
  socket.on('close', () => (socket.gone = true));
  socket.on('error', () => {});
  return socket;
}

test('a client that floods pings and never reads is held (paused or closed) in bounded memory; others are served meanwhile', async () => {
  // Reading nothing, the flooder answers no heartbeat either: it is closed after 2 s unless
  // TCP holds it first (the server stops reading it once the pongs it owes cannot be sent).
  await withServer(['--ping-interval', '1000', '--ping-timeout', '1000'], async (server) => {
    const [a] = await makeUsers(server, 1, 'pinged');
    const good = await connectAuthed(server, a, { transports: ['websocket'] });
    const start = rssKiB(server);

    const flooder = await silentWebSocket(server);
    const ping = clientFrame(0x9, Buffer.alloc(125, 'p'));
    const chunk = Buffer.concat(Array.from({ length: 512 }, () => ping));
    let peak = start;
    let paused = false;
    let written = 0;
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && !flooder.gone && !paused) {
      written += chunk.length;
      if (!flooder.write(chunk)) {
        // The server reads what it is sent, or it stopped reading: then nothing drains.
        const settles = (event) => once(flooder, event).then(() => true, () => true);
        const drained = await Promise.race([settles('drain'), settles('close'),
          sleep(1500).then(() => false)]);
        if (!drained) paused = true;
      }
      peak = Math.max(peak, rssKiB(server));
      if (peak - start > 512 * MiB) break;  // unbounded: no need to go on
    }
    console.log(`# ${(written / 2 ** 20).toFixed(0)} MiB of pings; ${paused ? 'paused' : 'closed'}; ` +
      `RSS grew by ${((peak - start) / MiB).toFixed(1)} MiB`);
    assert.ok(peak - start < 48 * MiB,
      `the server grew by ${((peak - start) / MiB).toFixed(1)} MiB for ${(written / 2 ** 20).toFixed(0)} MiB of pings`);
    assert.ok(paused || flooder.gone,
      `after ${(written / 2 ** 20).toFixed(0)} MiB of pings the flooder is neither paused nor closed`);

    // A well-behaved client on the same server is served while the flooder is held.
    assert.deepEqual(await emitAck(good, 'join_conversation', { conversationId: 'conv_none' }),
      { ok: false, error: 'Conversation not found', code: 'NOT_FOUND' });
    assert.ok(rssKiB(server) - start < 48 * MiB, 'still bounded');
    flooder.destroy();
    await close(good);
  });
});
