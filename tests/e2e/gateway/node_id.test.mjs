// A node's name (--node-id): at the head of every Engine.IO session id it issues, in every log
// line and in /metrics. A request for a session another node issued is answered as for an
// unknown session, at once, and socket.io-client then handshakes again where its requests
// now go (as behind a load balancer that moved it).

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import {
  startGateway, connect, waitFor, closeAll, makeUser, api, randomSecret, within, RawClient,
  WAIT_MS,
} from './support.mjs';

const servers = [];
after(async () => {
  closeAll();
  await Promise.all(servers.map((s) => s.stop()));
});

async function node(name, options = {}) {
  const server = await startGateway({ ...options, args: ['--node-id', name, ...(options.args ?? [])] });
  servers.push(server);
  return server;
}

async function handshake(server) {
  const res = await api(server, 'GET', '/socket.io/?EIO=4&transport=polling');
  assert.equal(res.status, 200, res.text);
  return JSON.parse(res.text.slice(1)).sid;
}

test('the node name heads its session ids, and is in its log lines and its metrics', async () => {
  const server = await node('n7');
  const sid = await handshake(server);
  assert.match(sid, /^n7\.[A-Za-z0-9_-]{20}\d+$/);

  const lines = server.stderr.split('\n').filter((l) => l.startsWith('{'));
  assert.ok(lines.length > 0);
  for (const line of lines) assert.equal(JSON.parse(line).node, 'n7', line);

  const metrics = await api(server, 'GET', '/metrics');
  assert.match(metrics.text, /^confide_node_info\{node="n7"\} 1$/m);
});

test('a session id of another node is an unknown session, answered at once', async () => {
  const server = await node('n1');
  const sid = await handshake(server);
  const elsewhere = `n2.${sid.slice('n1.'.length)}`;
  const path = `/socket.io/?EIO=4&transport=polling&sid=${encodeURIComponent(elsewhere)}`;
  for (const method of ['GET', 'POST']) {
    const body = method === 'POST'
      ? { rawBody: '3', headers: { 'content-type': 'text/plain;charset=UTF-8' } } : {};
    const res = await api(server, method, path, { ...body, timeoutMs: 2_000 });
    assert.equal(res.status, 400, `${method}: ${res.text}`);
    assert.deepEqual(JSON.parse(res.text), { code: 1, message: 'Session ID unknown' });
  }
  // Nor does it take a WebSocket for that session: the upgrade is refused, as unknown.
  await assert.rejects(RawClient.open(server, { sid: elsewhere }),
    /Unexpected server response: 400/);
});

/** A proxy that sends every request to `to.server`, which the test may change. */
async function switchingProxy(to) {
  const proxy = http.createServer((req, res) => {
    const upstream = http.request({
      host: '127.0.0.1', port: to.server.port, path: req.url, method: req.method,
      headers: req.headers, agent: false,
    }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return proxy;
}

test('a client whose polls reach another node handshakes again there and carries on', async () => {
  const secret = randomSecret();
  // Quick pings, so that the client's long poll on the first node ends soon.
  const args = ['--ping-interval', '300', '--ping-timeout', '2000'];
  const first = await node('n1', { jwtSecret: secret, args });
  const second = await node('n2', { jwtSecret: secret, args });
  const user = await makeUser(first, 'moved');
  await makeUser(second, 'moved');  // the same secret: its token works on both

  const to = { server: first };
  const proxy = await switchingProxy(to);
  try {
    const socket = connect({ url: `http://127.0.0.1:${proxy.address().port}` }, user, {
      transports: ['polling'], reconnection: true, reconnectionDelay: 50,
      reconnectionDelayMax: 200,
    });
    assert.equal((await waitFor(socket, 'authenticated')).userId, user.id);
    assert.ok(socket.io.engine.id.startsWith('n1.'), socket.io.engine.id);

    to.server = second;
    assert.equal(await waitFor(socket, 'disconnect'), 'transport error');
    await within(waitFor(socket, 'connect'), WAIT_MS, 'the reconnection');
    const welcome = await waitFor(socket, 'authenticated');
    assert.equal(welcome.userId, user.id);
    assert.ok(socket.io.engine.id.startsWith('n2.'), socket.io.engine.id);
    socket.close();
  } finally {
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
  }
});
