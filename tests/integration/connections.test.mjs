// What one client can make the server hold: connections per client address and in total,
// and the time a request's line and headers may take; and which address a request is said to
// come from behind a trusted proxy. Raw sockets on loopback (127.0.0.x are all local on Linux,
// so a second client address is a socket bound to 127.0.0.2).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, sleep } from './harness.mjs';

const WAIT_MS = 10_000;

/** A raw connection that records what it receives and when the server closes it. */
function open(server, { localAddress = '127.0.0.1' } = {}) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port: server.port, localAddress });
    const conn = { socket, data: '', closedAt: null, openedAt: Date.now() };
    conn.closed = new Promise((done) => socket.on('close', () => {
      conn.closedAt = Date.now();
      done();
    }));
    socket.setEncoding('utf8').on('data', (d) => (conn.data += d));
    socket.on('error', () => {});  // a reset shows as 'close'
    socket.once('connect', () => resolve(conn));
    socket.once('error', reject);
  });
}

/** Waits until `conn` closes; fails after `ms`. */
async function closedWithin(conn, ms, what) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: still open after ${ms} ms`)), ms);
  });
  await Promise.race([conn.closed, late]).finally(() => clearTimeout(timer));
}

/** Waits for one whole response on `conn` (headers and a Content-Length body). */
async function response(conn, ms = WAIT_MS) {
  const deadline = Date.now() + ms;
  for (;;) {
    const end = conn.data.indexOf('\r\n\r\n');
    if (end >= 0) {
      const head = conn.data.slice(0, end);
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
      if (conn.data.length >= end + 4 + length) {
        const text = conn.data.slice(0, end + 4 + length);
        conn.data = conn.data.slice(text.length);
        return { status: Number(head.split(' ')[1]), head, body: text.slice(end + 4) };
      }
    }
    if (conn.closedAt !== null) throw new Error(`closed before a whole response: ${conn.data}`);
    if (Date.now() > deadline) throw new Error(`no response in ${ms} ms: ${conn.data}`);
    await sleep(10);
  }
}

/** One request on a new connection from `localAddress`, the connection closed after it. */
async function held(server, localAddress) {
  const conn = await open(server, { localAddress });
  conn.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
  assert.equal((await response(conn)).status, 200);
  return conn;
}

/** A connection the server closes without answering. */
test('a request line and headers get a shorter deadline than an idle kept-alive connection', async () => {
  const server = await startServer({ args: ['--header-timeout', '1000', '--idle-timeout', '5000'] });
  try {
    // Says nothing at all.
    const silent = await open(server);
    // Starts a request line and stops.
    const partial = await open(server);
    partial.socket.write('GET /health HT');
    // Dribbles a header, a few bytes at a time, never finishing it.
    const dribbler = await open(server);
    dribbler.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n');
    const drip = setInterval(() => dribbler.socket.write('X-A: b\r\n'), 150);
    // Is served, then stays idle between requests.
    const idle = await held(server, '127.0.0.1');
    const idleSince = Date.now();
    try {
      for (const [conn, what] of [[silent, 'silent'], [partial, 'partial'], [dribbler, 'dribbling']]) {
        await closedWithin(conn, 4000, what);
        const ms = conn.closedAt - conn.openedAt;
        assert.ok(ms >= 700, `${what} closed after ${ms} ms, before its header deadline`);
        assert.equal(conn.data, '', `${what} got no answer`);
      }
    } finally {
      clearInterval(drip);
    }
    assert.equal(idle.closedAt, null, 'the idle kept-alive connection outlives the header deadline');
    // Still usable well past the header deadline...
    await sleep(Math.max(0, 2000 - (Date.now() - idleSince)));
    idle.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.equal((await response(idle)).status, 200);
    // ...and closed by the idle timeout once quiet for long enough.
    const quietSince = Date.now();
    await closedWithin(idle, 9000, 'the idle kept-alive connection');
    assert.ok(idle.closedAt - quietSince >= 3500, `idle closed after ${idle.closedAt - quietSince} ms`);
  } finally {
    await server.stop();
  }
});

/** The "remote" field of the request log line of the response `res`. */
async function get(server, path, { localAddress, headers = {} } = {}) {
  const conn = await open(server, { localAddress });
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  conn.socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${lines}\r\n`);
  const res = await response(conn);
  conn.socket.destroy();
  return res;
}

/** A kept-alive connection that has been served once, so the server surely counts it. */
async function refused(server, localAddress) {
  const conn = await open(server, { localAddress });
  conn.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
  await closedWithin(conn, WAIT_MS, `a connection over the cap from ${localAddress}`);
  assert.equal(conn.data, '', 'refused without an answer');
}

async function refusedCount(server, reason) {
  const res = await get(server, '/metrics', { localAddress: '127.0.0.9' });
  const m = new RegExp(`^confide_http_connections_refused_total\\{reason="${reason}"\\} (\\d+)$`, 'm')
    .exec(res.body);
  return m ? Number(m[1]) : null;
}

test('one address cannot hold more than its share of connections; another is still served', async () => {
  const server = await startServer({ args: ['--max-connections-per-address', '3'] });
  try {
    const mine = [];
    for (let i = 0; i < 3; i += 1) mine.push(await held(server, '127.0.0.1'));
    await refused(server, '127.0.0.1');
    await refused(server, '127.0.0.1');

    const other = await get(server, '/health', { localAddress: '127.0.0.2' });
    assert.equal(other.status, 200);
    assert.equal(await refusedCount(server, 'per_address'), 2);
    assert.equal(await refusedCount(server, 'total'), 0);

    // A connection given back makes room again.
    mine.pop().socket.destroy();
    let again;
    for (const end = Date.now() + WAIT_MS; !again && Date.now() < end; await sleep(50)) {
      const conn = await open(server, { localAddress: '127.0.0.1' });
      conn.socket.write('GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      await closedWithin(conn, WAIT_MS, 'a retried connection');
      if (conn.data.startsWith('HTTP/1.1 200')) again = conn;
    }
    assert.ok(again, 'served once one of its connections closed');
    for (const c of mine) c.socket.destroy();
  } finally {
    await server.stop();
  }
});

test('the server holds no more connections than its total cap, whoever asks', async () => {
  const server = await startServer({
    args: ['--max-connections', '4', '--max-connections-per-address', '0'],
  });
  try {
    const conns = [];
    for (let i = 0; i < 4; i += 1) conns.push(await held(server, `127.0.0.${i + 1}`));
    await refused(server, '127.0.0.5');
    await refused(server, '127.0.0.1');
    conns.pop().socket.destroy();
    // Until the server has seen the close, the metrics request is itself refused,
    // and counted as one more refusal.
    let count = null;
    let early = 0;
    for (const end = Date.now() + WAIT_MS; count === null && Date.now() < end; await sleep(50)) {
      try {
        count = await refusedCount(server, 'total');
      } catch {
        early += 1;
      }
    }
    assert.equal(count, 2 + early);
    for (const c of conns) c.socket.destroy();
  } finally {
    await server.stop();
  }
});

async function loggedRemote(server, res) {
  const id = /\r\nx-request-id: *([^\r]+)/i.exec(res.head)[1];
  for (const end = Date.now() + WAIT_MS; Date.now() < end; await sleep(20)) {
    for (const line of server.stderr.split('\n')) {
      if (!line.includes(`"requestId":"${id}"`) || !line.includes('"msg":"request"')) continue;
      return JSON.parse(line).remote;
    }
  }
  throw new Error(`no request log line for ${id}`);
}

test('X-Forwarded-For names the client only when the peer is a trusted proxy', async () => {
  const server = await startServer({ args: ['--trusted-proxies', '127.0.0.2, 10.0.0.0/8'] });
  try {
    const remote = async (localAddress, xff) => loggedRemote(server,
      await get(server, '/health', { localAddress, headers: xff ? { 'X-Forwarded-For': xff } : {} }));
    // From an untrusted peer the header is ignored.
    assert.equal(await remote('127.0.0.1', '203.0.113.7'), '127.0.0.1');
    // From a trusted one, the right-most address that is not itself a trusted proxy.
    assert.equal(await remote('127.0.0.2', '198.51.100.1, 203.0.113.7'), '203.0.113.7');
    assert.equal(await remote('127.0.0.2', '198.51.100.1, 203.0.113.7, 10.1.2.3'), '203.0.113.7');
    assert.equal(await remote('127.0.0.2', '10.9.9.9, 10.1.2.3'), '10.9.9.9');
    assert.equal(await remote('127.0.0.2', undefined), '127.0.0.2');
    // What the proxy cannot vouch for is not taken: a malformed entry ends the walk.
    assert.equal(await remote('127.0.0.2', '203.0.113.7, not-an-address'), '127.0.0.2');
  } finally {
    await server.stop();
  }
});

test('a malformed --trusted-proxies entry stops the server at start with a clear message', async () => {
  const server = startServer({ args: ['--trusted-proxies', '10.0.0.0/33'] });
  await assert.rejects(server, /trusted-proxies.*10\.0\.0\.0\/33/s);
});

test('a connection handed over to WebSocket is logged once, as 101, and no error is logged', async () => {
  const server = await startServer();
  try {
    for (let i = 0; i < 3; i += 1) {
      const conn = await open(server);
      conn.socket.write('GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n'
        + 'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n'
        + 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n');
      for (const end = Date.now() + WAIT_MS; !conn.data.includes('\r\n\r\n'); await sleep(10)) {
        assert.ok(Date.now() < end, `no answer to the upgrade: ${conn.data}`);
      }
      assert.match(conn.data, /^HTTP\/1\.1 101 /);
      conn.socket.destroy();
    }
    const upgrades = () => server.stderr.split('\n')
      .filter((l) => l.includes('"msg":"request"') && l.includes('"status":101'));
    for (const end = Date.now() + WAIT_MS; upgrades().length < 3; await sleep(20)) {
      assert.ok(Date.now() < end, 'the upgrades were not logged');
    }
    await sleep(300);  // any later line about these requests has been written by now
    assert.equal(upgrades().length, 3);
    const errors = server.stderr.split('\n').filter((l) => l.includes('"level":"error"'));
    assert.deepEqual(errors, []);
  } finally {
    await server.stop();
  }
});
