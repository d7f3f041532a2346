// What a client can make the gateway hold is bounded, before authentication too: pongs for
// a flood of pings it never reads, Engine.IO sessions it opens and abandons (per client
// address and in total), and binary attachments it announces; and memory freed after a
// flood goes back to the system. Each test starts its own server and reads that server's
// memory (VmRSS) from /proc.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { once } from 'node:events';
import WebSocket from 'ws';
import {
  startGateway, connectAuthed, emitAck, closeAll, close, stats, eventually, within, sleep,
  makeUsers, RawClient, WAIT_MS,
} from './support.mjs';

// Under a sanitizer (scripts/test.sh sets CONFIDE_SANITIZER for its ASan and TSan runs) every
// allocation has shadow memory and freed memory is held back to catch late accesses, so the
// server's RSS says nothing about what it keeps: the tests that measure it skip or say less.
const SANITIZED = process.env.CONFIDE_SANITIZER
  ? `RSS is not ours to measure under ${process.env.CONFIDE_SANITIZER} sanitizer`
  : false;

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

/**
 * One HTTP request on a connection of its own, from `localAddress` (any 127.x.y.z is this
 * machine): {status, body (parsed JSON or null), text}.
 */
function request(server, method, path, { localAddress = '127.0.0.1', headers = {}, body } = {}) {
  return within(new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1', port: server.port, method, path, localAddress, headers, agent: false,
    }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d) => (text += d)).on('end', () => {
        let parsed = null;
        try {
          parsed = JSON.parse(text);
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode, body: parsed, text });
      });
    });
    req.on('error', reject);
    req.end(body);
  }), WAIT_MS, `${method} ${path}`);
}

const HANDSHAKE = '/socket.io/?EIO=4&transport=polling';

/** A polling handshake from `localAddress`; the session's id, or the refusal. */
async function handshake(server, localAddress, headers = {}) {
  const res = await request(server, 'GET', HANDSHAKE, { localAddress, headers });
  if (res.status === 200) return { status: 200, sid: JSON.parse(res.text.slice(1)).sid };
  return res;
}

/** A WebSocket handshake from `localAddress`: 'open', or the HTTP status it was refused with. */
function websocketHandshake(server, localAddress) {
  return within(new Promise((resolve) => {
    const ws = new WebSocket(
      `ws://127.0.0.1:${server.port}/socket.io/?EIO=4&transport=websocket`, { localAddress });
    ws.on('open', () => {
      ws.terminate();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode);
      res.destroy();
    });
    ws.on('error', () => {});
  }), WAIT_MS, 'the WebSocket handshake');
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
    if (!SANITIZED) {
      assert.ok(peak - start < 48 * MiB,
        `the server grew by ${((peak - start) / MiB).toFixed(1)} MiB for ${(written / 2 ** 20).toFixed(0)} MiB of pings`);
    }
    assert.ok(paused || flooder.gone,
      `after ${(written / 2 ** 20).toFixed(0)} MiB of pings the flooder is neither paused nor closed`);

    // A well-behaved client on the same server is served while the flooder is held.
    assert.deepEqual(await emitAck(good, 'join_conversation', { conversationId: 'conv_none' }),
      { ok: false, error: 'Conversation not found', code: 'NOT_FOUND' });
    if (!SANITIZED) assert.ok(rssKiB(server) - start < 48 * MiB, 'still bounded');
    flooder.destroy();
    await close(good);
  });
});

// ---------------------------------------------------------------------------------------
// Sessions

test('handshakes beyond --max-sessions-per-address are refused with 403 {code 4}; other addresses still handshake; --max-sessions caps the total', async () => {
  await withServer(['--max-sessions-per-address', '3', '--max-sessions', '5'], async (server) => {
    const first = [];
    for (let i = 0; i < 3; i += 1) {
      const opened = await handshake(server, '127.0.0.1');
      assert.equal(opened.status, 200, JSON.stringify(opened));
      first.push(opened.sid);
    }
    const refused = await handshake(server, '127.0.0.1');
    assert.equal(refused.status, 403);
    assert.deepEqual(refused.body, { code: 4, message: 'Too many sessions from this address' });
    assert.equal(await websocketHandshake(server, '127.0.0.1'), 403);

    // Another client address is not affected.
    assert.equal((await handshake(server, '127.0.0.2')).status, 200);
    assert.equal(await websocketHandshake(server, '127.0.0.2'), 'open');
    assert.equal((await stats(server)).connections.total >= 4, true);

    // A session that ends makes room for its address again.
    const leave = await request(server, 'POST', `${HANDSHAKE}&sid=${first[0]}`, {
      headers: { 'content-type': 'text/plain;charset=UTF-8' }, body: '1' });
    assert.equal(leave.text, 'ok');
    await eventually(async () => (await handshake(server, '127.0.0.1')).status === 200,
      'a handshake from 127.0.0.1 once one of its sessions closed');

    // Five sessions are open (the WebSocket from 127.0.0.2 closed): the total is reached
    // by one more, and every address is refused after it.
    await eventually(async () => (await stats(server)).connections.total === 4, 'four sessions');
    assert.equal((await handshake(server, '127.0.0.3')).status, 200);
    const full = await handshake(server, '127.0.0.4');
    assert.equal(full.status, 403);
    assert.deepEqual(full.body, { code: 4, message: 'Too many sessions' });
    assert.equal(await websocketHandshake(server, '127.0.0.5'), 403);
  });
});

test('a session that joins no namespace is gone soon after --socket-connect-timeout, not kept 30 s for a poll', async () => {
  await withServer(['--socket-connect-timeout', '500'], async (server) => {
    const opened = await handshake(server, '127.0.0.1');  // and never polled again
    assert.equal(opened.status, 200);
    const at = Date.now();
    assert.equal((await stats(server)).connections.total, 1);
    await eventually(async () => (await stats(server)).connections.total === 0,
      'the abandoned session to be closed', 4000);
    const after = Date.now() - at;
    assert.ok(after >= 300, `gone after ${after} ms`);
    const poll = await request(server, 'GET', `${HANDSHAKE}&sid=${opened.sid}`);
    assert.equal(poll.status, 400);
    assert.deepEqual(poll.body, { code: 1, message: 'Session ID unknown' });
  });
});

/** Opens `count` polling sessions from 127.0.0.1, 16 at a time, each with `headers`. */
async function openSessions(server, count, headers) {
  let opened = 0;
  const lane = async () => {
    while (opened < count) {
      opened += 1;
      assert.equal((await handshake(server, '127.0.0.1', headers)).status, 200);
    }
  };
  await Promise.all(Array.from({ length: 16 }, lane));
}

/** Opens and abandons a few sessions, so that the allocator and the threads are warm. */
async function warmUp(server, headers) {
  await openSessions(server, 50, headers);
  await eventually(async () => (await stats(server)).connections.total === 0, 'the warm-up to go');
}

const SESSIONS = 3000;
const MANY_SESSIONS = ['--socket-connect-timeout', '2000', '--max-sessions-per-address', '100000',
  '--max-sessions', '100000'];

test('memory: an abandoned session keeps little of its handshake, whatever its headers', { skip: SANITIZED }, async () => {
  await withServer(MANY_SESSIONS, async (server) => {
    const padding = { 'x-padding': 'p'.repeat(8 * 1024) };
    await warmUp(server, padding);
    const base = rssKiB(server);
    await openSessions(server, SESSIONS, padding);
    const peak = rssKiB(server);
    const perSession = ((peak - base) * 1024) / SESSIONS;
    console.log(`# ${SESSIONS} abandoned sessions with 8 KiB headers: RSS ${base} kB -> ${peak} kB, ` +
      `${perSession.toFixed(0)} bytes each`);
    assert.ok(perSession < 6 * 1024, `${perSession.toFixed(0)} bytes per abandoned session`);
  });
});

test('memory: once a flood of sessions has gone, RSS falls back', { skip: SANITIZED }, async () => {
  await withServer(MANY_SESSIONS, async (server) => {
    // A session keeps its Authorization header (a token may come from it): 8 KiB each.
    const bearer = { authorization: `Bearer ${'t'.repeat(8 * 1024)}` };
    await warmUp(server, bearer);
    const base = rssKiB(server);
    await openSessions(server, SESSIONS, bearer);
    const peak = rssKiB(server);
    assert.ok(peak - base > 16 * MiB, `the flood took ${peak - base} kB`);
    await eventually(async () => (await stats(server)).connections.total === 0,
      'the abandoned sessions to be closed', 10_000);
    let now = rssKiB(server);
    await eventually(() => {
      now = rssKiB(server);
      return now - base < (peak - base) / 2;
    }, `RSS to fall back towards ${base} kB (peak ${peak} kB)`, 10_000, 200)
      .catch((e) => assert.fail(`${e.message}; it is ${now} kB`));
    console.log(`# ${SESSIONS} sessions of 8 KiB: RSS ${base} kB -> ${peak} kB -> ${now} kB once gone`);
  });
});

// ---------------------------------------------------------------------------------------
// Binary attachments

const MAX_PAYLOAD = 4096;

/**
 * The Engine.IO message of a BINARY_EVENT with `count` attachments (placeholders
 * 0..count-1); each attachment follows as a binary frame.
 */
function binaryEventHeader(nsp, count, id = '') {
  const placeholders = Array.from({ length: count }, (_, num) => ({ _placeholder: true, num }));
  return `45${count}-${nsp},${id}${JSON.stringify(['pad', ...placeholders])}`;
}

test('a BINARY_EVENT before any namespace is joined closes the connection at once', async () => {
  await withServer([], async (server) => {
    const raw = await RawClient.open(server);
    raw.send(binaryEventHeader('/messaging', 10));
    // Were its attachments awaited, 10 of up to maxPayload each would be buffered.
    raw.ws.send(Buffer.alloc(1000, 1));
    const closed = await within(raw.closed, 3000, 'the close');
    assert.ok(closed.code >= 1000);
  });
});

test('attachments beyond maxPayload in total close the connection; a small binary event is served', async () => {
  await withServer(['--socket-max-payload', String(MAX_PAYLOAD)], async (server) => {
    const [a] = await makeUsers(server, 1, 'bin');
    const small = await RawClient.open(server);
    await small.connect(a.token);
    small.send(binaryEventHeader('/messaging', 1, 5));
    small.ws.send(Buffer.from([1, 2, 3]));
    const ack = await small.next((f) => typeof f === 'string' && f.startsWith('43/messaging,5['),
      'the ack of a small binary event');
    assert.deepEqual(JSON.parse(ack.slice('43/messaging,5'.length)),
      [{ ok: false, error: 'Unknown event: pad', code: 'BAD_REQUEST' }]);

    const big = await RawClient.open(server);
    await big.connect(a.token);
    big.send(binaryEventHeader('/messaging', 2, 6));
    big.ws.send(Buffer.alloc(MAX_PAYLOAD / 2 + 100, 1));  // each fits, both do not
    big.ws.send(Buffer.alloc(MAX_PAYLOAD / 2 + 100, 2));
    await within(big.closed, 3000, 'the close');
    assert.ok(!big.frames.some((f) => typeof f === 'string' && f.startsWith('43/messaging,6')),
      'the oversized packet was not served');
    // The first connection is unaffected.
    small.send(binaryEventHeader('/messaging', 1, 7));
    small.ws.send(Buffer.from([4]));
    await small.next((f) => typeof f === 'string' && f.startsWith('43/messaging,7['), 'another ack');
  });
});
