// Request smuggling: a Transfer-Encoding whose final coding is not chunked must not be read as
// an empty body followed by a second request. The server answers 400 (501 for a coding it
// does not decode), says Connection: close, closes, and never answers what followed.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer } from './harness.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

/** Sends `bytes` on a new connection; resolves with all it received once the server closes. */
function exchange(bytes, ms = 10_000) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port: server.port });
    let data = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open ${ms} ms; received: ${data}`));
    }, ms);
    socket.setEncoding('utf8').on('data', (d) => (data += d));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(data);
    });
    socket.write(bytes);
  });
}

const SMUGGLED = 'GET /health HTTP/1.1\r\nHost: x\r\n\r\n';

for (const [coding, status] of [
  ['xchunked', 400], ['identity', 400], ['gzip', 400], ['chunked, identity', 400],
  ['gzip, chunked', 501],
]) {
  test(`Transfer-Encoding: ${coding} is answered ${status}, then the connection closes`, async () => {
    const body = status === 501 ? '0\r\n\r\n' : '';
    const received = await exchange(
      `POST /messaging/conversations HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: ${coding}\r\n\r\n` +
      body + SMUGGLED);
    const responses = received.match(/HTTP\/1\.1 \d{3}/g) ?? [];
    assert.deepEqual(responses, [`HTTP/1.1 ${status}`], `one answer only:\n${received}`);
    assert.match(received, /\r\nConnection: close\r\n/i);
  });
}
