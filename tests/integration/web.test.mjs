// The chat page and its assets, served from the binary, and the development routes that
// only `confide serve --dev` has.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  startServer, api, expectStatus, expectError, makeUser, tempDir, uid, rsaKey, JWT_RE,
} from './harness.mjs';

const HTML = 'text/html; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

let plain; // no --dev
let dev; // --dev with its own development secret

before(async () => {
  [plain, dev] = await Promise.all([
    startServer(),
    startServer({ dev: true, jwtSecret: null, autoProvision: null }),
  ]);
});
after(async () => {
  await Promise.all([plain?.stop(), dev?.stop()]);
});

/** The local paths the page refers to with src= and href=. */
function referencedPaths(html) {
  return [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1])
    .filter((p) => !p.startsWith('#'));
}

// ---------------------------------------------------------------------------------------
// The page

test('GET / serves the chat page with a restrictive Content-Security-Policy and nosniff', async () => {
  const res = await api(plain, 'GET', '/');
  expectStatus(res, 200);
  assert.equal(res.headers.get('content-type'), HTML);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(res.headers.get('cache-control'), 'no-cache');
  assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
  const csp = res.headers.get('content-security-policy');
  assert.ok(csp, 'a Content-Security-Policy header');
  const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/))
    .map(([name, ...values]) => [name, values]));
  assert.deepEqual(directives['default-src'], ["'self'"]);
  assert.deepEqual(directives['script-src'], ["'self'"]);
  assert.deepEqual(directives['style-src'], ["'self'"]);
  assert.deepEqual(directives['connect-src'], ["'self'", 'ws:', 'wss:']);
  assert.deepEqual(directives['img-src'], ["'self'", 'data:', 'https:']);
  assert.deepEqual(directives['frame-ancestors'], ["'none'"]);
  assert.match(res.text, /^<!doctype html>/i);
  assert.ok(res.text.includes('src="/vendor/socket.io.min.js"'), 'loads the vendored client');
  assert.ok(res.text.includes('src="/app.js"'), 'loads the page script');
  const named = await api(plain, 'GET', '/index.html');
  expectStatus(named, 200);
  assert.equal(named.text, res.text);
});

test('the page refers only to files the server serves, nothing from elsewhere', async () => {
  const html = (await api(plain, 'GET', '/')).text;
  const paths = referencedPaths(html);
  assert.ok(paths.length >= 4, paths.join(' '));
  for (const p of paths) {
    assert.ok(p.startsWith('/') && !p.startsWith('//'), `${p} is a path on this server`);
    expectStatus(await api(plain, 'GET', p), 200, p);
  }
  // The page's modules import each other by relative path.
  const script = (await api(plain, 'GET', '/app.js')).text;
  const imports = [...script.matchAll(/from '\.\/([\w.-]+\.js)'/g)].map((m) => `/${m[1]}`);
  assert.ok(imports.length >= 1, 'app.js imports modules');
  for (const p of imports) {
    const res = await api(plain, 'GET', p);
    expectStatus(res, 200, p);
    assert.equal(res.headers.get('content-type'), JS, p);
  }
  for (const p of ['/app.js', ...imports]) {
    const text = (await api(plain, 'GET', p)).text;
    assert.doesNotMatch(text, /https?:\/\/(?!localhost)/, `${p} fetches nothing from elsewhere`);
    assert.doesNotMatch(text, /\.innerHTML\s*=|insertAdjacentHTML|document\.write/,
      `${p} never parses text as HTML`);
  }
});

test('assets are served with their content types, nosniff and an ETag', async () => {
  const cases = [
    ['/app.js', JS],
    ['/style.css', CSS],
    ['/favicon.svg', 'image/svg+xml'],
    ['/vendor/socket.io.min.js', JS],
  ];
  for (const [p, type] of cases) {
    const res = await api(plain, 'GET', p);
    expectStatus(res, 200, p);
    assert.equal(res.headers.get('content-type'), type, p);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff', p);
    assert.equal(res.headers.get('cache-control'), 'no-cache', p);
    assert.match(res.headers.get('etag'), /^"[0-9a-f]{32}"$/, p);
    assert.equal(res.headers.get('content-security-policy'), null, `${p}: the policy is the page's`);
    assert.ok(res.raw.length > 0, p);
  }
  const vendor = await api(plain, 'GET', '/vendor/socket.io.min.js');
  assert.match(vendor.text, /^\/\*!\n \* Socket\.IO v4\./, 'the socket.io-client browser build');
  const installed = fs.readFileSync(new URL(
    '../../node_modules/socket.io-client/dist/socket.io.min.js', import.meta.url));
  assert.ok(vendor.raw.equals(installed), 'the very file npm installed');
});

test('ETag: the same tag answers 304 with no body; another tag or none answers 200', async () => {
  for (const p of ['/', '/app.js', '/vendor/socket.io.min.js']) {
    const first = await api(plain, 'GET', p);
    const etag = first.headers.get('etag');
    assert.equal((await api(plain, 'GET', p)).headers.get('etag'), etag, `${p}: a stable tag`);
    for (const header of [etag, `W/${etag}`, `"nope", ${etag}`, '*']) {
      const again = await api(plain, 'GET', p, { headers: { 'if-none-match': header } });
      assert.equal(again.status, 304, `${p} If-None-Match: ${header}`);
      assert.equal(again.raw.length, 0);
      assert.equal(again.headers.get('etag'), etag);
      assert.equal(again.headers.get('cache-control'), 'no-cache');
    }
    const stale = await api(plain, 'GET', p, { headers: { 'if-none-match': '"0000"' } });
    assert.equal(stale.status, 200, p);
    assert.ok(stale.raw.equals(first.raw), p);
  }
  const page = (await api(plain, 'GET', '/')).headers.get('etag');
  const script = (await api(plain, 'GET', '/app.js')).headers.get('etag');
  assert.notEqual(page, script, 'each file has its own tag');
  const sha = crypto.createHash('sha256').update((await api(plain, 'GET', '/app.js')).raw)
    .digest('hex').slice(0, 32);
  assert.equal(script, `"${sha}"`, 'the tag is a hash of the contents');
});

test('HEAD gives the headers and length of GET without the body; other methods are 405', async () => {
  const get = await api(plain, 'GET', '/style.css');
  const head = await api(plain, 'HEAD', '/style.css');
  expectStatus(head, 200);
  assert.equal(head.raw.length, 0);
  assert.equal(head.headers.get('content-length'), String(get.raw.length));
  assert.equal(head.headers.get('content-type'), CSS);
  assert.equal(head.headers.get('etag'), get.headers.get('etag'));
  const post = await api(plain, 'POST', '/', { body: {} });
  expectError(post, 405);
  assert.match(post.headers.get('allow'), /GET/);
  expectError(await api(plain, 'GET', '/nope.js'), 404);
  expectError(await api(plain, 'GET', '/vendor/nope.js'), 404);
  expectError(await api(plain, 'GET', '/socket.io.min.js'), 404, { contains: 'Cannot GET' });
});

// ---------------------------------------------------------------------------------------
// Development routes

test('without --dev there are no /dev routes', async () => {
  expectError(await api(plain, 'GET', '/dev/status'), 404);
  expectError(await api(plain, 'POST', '/dev/token', { body: { userId: 'user_x' } }), 404);
  expectError(await api(plain, 'POST', '/api/dev/token', { body: { userId: 'user_x' } }), 404);
});

test('with --dev, GET /dev/status says so', async () => {
  const body = expectStatus(await api(dev, 'GET', '/dev/status'), 200);
  assert.deepEqual(body, { dev: true, tokenMinting: true });
});

test('POST /dev/token mints a token that signs in, and the user is made from its claims', async () => {
  const johnId = uid('john');
  const janeId = uid('jane');
  const mint = async (body) => {
    const res = await api(dev, 'POST', '/dev/token', { body });
    const out = expectStatus(res, 201);
    assert.deepEqual(Object.keys(out), ['token']);
    assert.match(out.token, new RegExp(`^${JWT_RE.source}$`));
    return out.token;
  };
  const john = await mint({ userId: johnId, firstName: 'John', lastName: 'Doe' });
  const jane = await mint({ userId: janeId, firstName: 'Jane', lastName: 'Smith', role: 'therapist' });
  const payload = JSON.parse(Buffer.from(jane.split('.')[1], 'base64url').toString('utf8'));
  assert.equal(payload.sub, janeId);
  assert.equal(payload.first_name, 'Jane');
  assert.equal(payload.role, 'therapist');
  assert.ok(payload.exp > payload.iat, 'it expires');

  assert.deepEqual(expectStatus(await api(dev, 'GET', '/messaging/conversations', { token: jane }), 200), []);
  const conv = expectStatus(await api(dev, 'POST', '/api/messaging/conversations',
    { token: john, body: { participantIds: [janeId] } }), 201);
  const people = Object.fromEntries(conv.participants.map((p) => [p.userId, p.user]));
  assert.equal(people[johnId].firstName, 'John');
  assert.equal(people[johnId].role, 'client', 'the role defaults to client');
  assert.equal(people[janeId].lastName, 'Smith');
  assert.equal(people[janeId].role, 'therapist');
  expectStatus(await api(dev, 'POST', `/messaging/conversations/${conv.id}/messages`,
    { token: jane, body: { content: 'Hello John' } }), 201);

  const minimal = await mint({ userId: uid('min') });
  expectStatus(await api(dev, 'GET', '/messaging/conversations', { token: minimal }), 200);
});

test('POST /dev/token validates its body as the other routes do', async () => {
  const bad = async (body, ...contains) => {
    const res = await api(dev, 'POST', '/dev/token', body === undefined ? {} : { rawBody: body });
    return expectError(res, 400, { contains });
  };
  await bad('', 'userId must be a string');
  await bad('{}', 'userId must be a string');
  await bad('{"userId":', 'not valid JSON');
  await bad('[]', 'JSON object');
  await bad(JSON.stringify({ userId: 7, firstName: false }),
    'userId must be a string', 'firstName must be a string');
  await bad(JSON.stringify({ userId: 'u1', admin: true }), 'property admin should not exist');
  await bad(JSON.stringify({ userId: '' }), 'userId must be a valid id');
  await bad(JSON.stringify({ userId: 'has space' }), 'userId must be a valid id');
  await bad(JSON.stringify({ userId: 'u1', role: 'Super User' }), 'role must be a short lower-case word');
  await bad(JSON.stringify({ userId: 'u1', firstName: 'x'.repeat(101) }), 'firstName');
  await bad(JSON.stringify({ userId: 'u1', lastName: 'two\nlines' }), 'lastName');
  const many = await bad(JSON.stringify({ userId: ' ', role: 'NO' }));
  assert.ok(Array.isArray(many) && many.length === 2, `every problem at once: ${many}`);
});

test('with --dev and only a public key, there is nothing to sign with: no /dev/token', async () => {
  const key = rsaKey();
  const dir = tempDir();
  const pem = path.join(dir, 'key.pem');
  fs.writeFileSync(pem, key.pem);
  const srv = await startServer({ dir, dev: true, jwtSecret: null, args: ['--jwt-public-key', pem] });
  try {
    assert.deepEqual(expectStatus(await api(srv, 'GET', '/dev/status'), 200),
      { dev: true, tokenMinting: false });
    expectError(await api(srv, 'POST', '/dev/token', { body: { userId: 'u1' } }), 404);
    expectStatus(await api(srv, 'GET', '/'), 200);
  } finally {
    await srv.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a --jwt-secret given with --dev signs the minted tokens', async () => {
  const srv = await startServer({ dev: true });
  try {
    const user = await makeUser(srv, 'given'); // signed by the harness with the given secret
    const { token } = expectStatus(await api(srv, 'POST', '/dev/token', { body: { userId: user.id } }), 201);
    const expected = crypto.createHmac('sha256', srv.jwtSecret)
      .update(token.split('.').slice(0, 2).join('.')).digest('base64url');
    assert.equal(token.split('.')[2], expected);
  } finally {
    await srv.stop();
  }
});
