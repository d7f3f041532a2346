// The official socket.io-client against confide's protocol layers alone: build/confide-conformance
// serves the fixed application of the Socket.IO protocol suite (see
// docs/protocol-compatibility.md). Each transport mode the client offers is checked for the
// handshake, the namespaces, plain and binary events, acknowledgements and disconnection.
//
//   CONFORMANCE_BIN=build/confide-conformance node --test tests/e2e/protocol/

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';

const BIN = process.env.CONFORMANCE_BIN
  ? path.resolve(process.env.CONFORMANCE_BIN)
  : fileURLToPath(new URL('../../../build/confide-conformance', import.meta.url));

let server;
let base;

before(async () => {
  server = spawn(BIN, ['--suite', 'socketio', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('confide-conformance did not start')), 10_000);
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/listening on (127\.0\.0\.1:\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve(`http://${match[1]}`);
      }
    });
    server.on('exit', (code) => reject(new Error(`confide-conformance exited with ${code}`)));
  });
});

after(() => server?.kill('SIGTERM'));

// The next `event` on `emitter`, or a failure after `ms`.
function next(emitter, event, ms = 5000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    emitter.once(event, (...args) => {
      clearTimeout(timer);
      resolve(args);
    });
  });
}

const MODES = {
  'default (polling, then the upgrade)': undefined,
  'WebSocket only': ['websocket'],
  'polling only': ['polling'],
};

for (const [mode, transports] of Object.entries(MODES)) {
  test(`${mode}: connects, gets its auth back, echoes plain and binary events, acknowledges`, async () => {
    const socket = io(base, { transports, forceNew: true, reconnection: false, auth: { who: 'ada' } });
    try {
      const [auth] = await next(socket, 'auth');
      assert.deepEqual(auth, { who: 'ada' });
      assert.equal(socket.connected, true);
      assert.ok(socket.id && socket.id !== socket.io.engine.id, 'socket id differs from the session id');

      socket.emit('message', 1, '2', { 3: [true] });
      assert.deepEqual(await next(socket, 'message-back'), [1, '2', { 3: [true] }]);

      const bytes = Buffer.from([0, 1, 2, 250, 255]);
      socket.emit('message', 'file', bytes, { nested: Buffer.from('xyz') });
      const [name, echoed, nested] = await next(socket, 'message-back');
      assert.equal(name, 'file');
      assert.deepEqual(Buffer.from(echoed), bytes);
      assert.deepEqual(Buffer.from(nested.nested), Buffer.from('xyz'));

      assert.deepEqual(await socket.timeout(5000).emitWithAck('message-with-ack', 'a', 2, [3]), 'a');
      const acked = await new Promise((resolve) =>
        socket.emit('message-with-ack', 'a', 2, [3], (...args) => resolve(args)));
      assert.deepEqual(acked, ['a', 2, [3]]);

      if (transports === undefined) {
        await new Promise((resolve) => {
          if (socket.io.engine.transport.name === 'websocket') return resolve();
          socket.io.engine.once('upgrade', resolve);
        });
      }
      const expected = transports === undefined ? 'websocket' : transports[0];
      assert.equal(socket.io.engine.transport.name, expected);
    } finally {
      socket.close();
    }
  });
}

test('a custom namespace shares the connection; an unknown one is refused', async () => {
  const main = io(base, { forceNew: true, reconnection: false, autoConnect: false, auth: { n: 1 } });
  const manager = main.io;
  const custom = manager.socket('/custom', { auth: { n: 2 } });
  const unknown = manager.socket('/random');
  try {
    const events = [next(main, 'auth'), next(custom, 'auth'), next(unknown, 'connect_error')];
    main.connect();
    custom.connect();
    unknown.connect();
    const [mainAuth, customAuth, [error]] = await Promise.all(events);
    assert.deepEqual(mainAuth, [{ n: 1 }]);
    assert.deepEqual(customAuth, [{ n: 2 }]);
    assert.equal(error.message, 'Invalid namespace');
    assert.equal(unknown.active, false);
    assert.equal(main.connected, true, 'the refusal leaves the other namespaces connected');
  } finally {
    main.close();
    custom.close();
    unknown.close();
  }
});

test('leaving a namespace keeps the connection for the others', async () => {
  const main = io(base, { forceNew: true, reconnection: false, autoConnect: false });
  const custom = main.io.socket('/custom');
  try {
    main.connect();
    custom.connect();
    await Promise.all([next(main, 'auth'), next(custom, 'auth')]);
    custom.disconnect();
    main.emit('message', 'still here');
    assert.deepEqual(await next(main, 'message-back'), ['still here']);
  } finally {
    main.close();
  }
});

test('a connection that joins no namespace is closed after the connect timeout', async () => {
  const manager = io(base, { forceNew: true, reconnection: false, autoConnect: false }).io;
  manager.open();
  await next(manager, 'open');
  const [reason] = await next(manager, 'close', 3000);
  assert.match(String(reason), /transport close|forced close/);
});
