// Credentials are checked before anything else, as NestJS runs its guards before its pipes:
// on every authenticated route a request without a valid token (or, for the administrators'
// routes, without the key or a valid token) gets 401, whatever its body, query or path ids,
// so an anonymous caller learns nothing of the validation rules.
//
// The routes are not listed here by hand: they are read from the running server's route
// table (the per-route series of /metrics name every registered pattern, and a 405's Allow
// header names each pattern's methods), so a route added later is covered too.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, expectStatus, makeUser, token, randomSecret, adminHeaders,
} from './harness.mjs';

let server;
let user;
before(async () => {
  server = await startServer();
  user = await makeUser(server, 'authfirst');
});
after(async () => {
  await server?.stop();
});

const AUTHENTICATED = ['/messaging/', '/api/messaging/', '/admin/', '/internal/'];
const isAdminRoute = (pattern) => pattern.startsWith('/admin/') || pattern.startsWith('/internal/');

// A path id that decodes cleanly but is no valid id (a space, a line break, 300 bytes).
const BAD_ID = encodeURIComponent(`bad id\n${'x'.repeat(300)}`);
// A query string every reader refuses (pages out of range, an unknown and a repeated name).
const BAD_QUERY = '?page=0&limit=abc&limit=7&query=&bogus=1';
// Bodies every route that reads one refuses: empty (counts as {}), an unknown property,
// malformed JSON, a non-object.
const BAD_BODIES = ['', '{"unknownProperty":1}', '{"participantIds": [', '[1,2]'];

/** Every registered route pattern under the authenticated prefixes, from /metrics. */
async function registeredPatterns() {
  const res = await api(server, 'GET', '/metrics');
  expectStatus(res, 200);
  const patterns = new Set();
  for (const m of res.text.matchAll(/^confide_http_request_duration_seconds_count\{route="([^"]+)"\}/gm)) {
    patterns.add(m[1]);
  }
  return [...patterns].filter((p) => AUTHENTICATED.some((prefix) => p.startsWith(prefix))).sort();
}

/** The methods of a pattern, from the Allow header of a method it does not take. */
async function methodsOf(path) {
  const res = await api(server, 'PATCH', path, { token: user.token });
  if (res.status !== 405) return ['PATCH']; // a route that takes PATCH: probe it as such
  return (res.headers.get('allow') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

async function authenticatedRoutes() {
  const routes = [];
  for (const pattern of await registeredPatterns()) {
    const path = pattern.replace(/:[A-Za-z]+/g, BAD_ID);
    for (const method of await methodsOf(path)) routes.push({ pattern, method, path });
  }
  return routes;
}

function assert401(res, what) {
  assert.equal(res.status, 401, `${what}: answered ${res.status} ${res.text.slice(0, 300)}`);
  if (res.method === 'HEAD') return;
  assert.deepEqual(Object.keys(res.body ?? {}).sort(), ['error', 'message', 'statusCode'], `${what}: ${res.text}`);
  assert.equal(res.body.statusCode, 401, what);
  assert.equal(res.body.error, 'Unauthorized', what);
  assert.equal(typeof res.body.message, 'string', what);
}

/** Credentials that must all be refused: [description, headers]. */
function badCredentials(adminRoute) {
  const sub = 'authfirst_intruder';
  const cases = [
    ['no credentials', {}],
    ['a malformed token', { authorization: 'Bearer garbage' }],
    ['a token of another secret', { authorization: `Bearer ${token(sub, {}, { secret: randomSecret() })}` }],
    ['an expired token', { authorization: `Bearer ${server.token(sub, {}, { expSeconds: -120 })}` }],
    ['a Basic scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['a sub of 5,000 characters', { authorization: `Bearer ${server.token('u'.repeat(5000))}` }],
    ['a sub with a newline', { authorization: `Bearer ${server.token('user\nline', { role: 'admin' })}` }],
  ];
  if (adminRoute) {
    cases.push(['a wrong admin key', { 'x-admin-key': 'wrong-key' }]);
    cases.push(['an empty admin key', { 'x-admin-key': '' }]);
  }
  return cases;
}

const takesBody = (method) => !['GET', 'HEAD'].includes(method);

test('the route table is read from the server, both prefixes alike', async () => {
  const routes = await authenticatedRoutes();
  const of = (prefix) => routes.filter((r) => r.pattern.startsWith(prefix))
    .map((r) => `${r.method} ${r.pattern.slice(prefix.length)}`).sort();
  const messaging = of('/messaging/');
  assert.deepEqual(of('/api/messaging/'), messaging, 'the two prefixes mount the same routes');
  // docs/api.md lists 18 routes under each prefix (HEAD comes with each of the 6 GETs).
  assert.equal(messaging.filter((r) => !r.startsWith('HEAD')).length, 18, messaging.join('\n'));
  for (const known of ['POST conversations', 'POST block', 'GET search', 'DELETE messages/:messageId/reactions/:emoji']) {
    assert.ok(messaging.includes(known), `${known} is among ${messaging.join(', ')}`);
  }
  assert.ok(routes.some((r) => r.method === 'PUT' && r.pattern === '/admin/users/:userId'));
  assert.ok(routes.some((r) => r.method === 'POST' && r.pattern === '/internal/posts/:postId/events'));
  assert.ok(routes.filter((r) => r.pattern.startsWith('/internal/')).length >= 7);
});

test('every authenticated route answers 401 to bad credentials before it reads the body, query or path', async () => {
  let checked = 0;
  for (const { pattern, method, path } of await authenticatedRoutes()) {
    for (const [what, headers] of badCredentials(isAdminRoute(pattern))) {
      const bodies = takesBody(method) ? BAD_BODIES : [undefined];
      for (const rawBody of bodies) {
        const res = await api(server, method, path + BAD_QUERY, { headers, rawBody });
        assert401(res, `${what}: ${method} ${pattern} with body ${JSON.stringify(rawBody)}`);
        checked += 1;
      }
    }
  }
  assert.ok(checked > 500, `${checked} requests checked`);
});

test('with valid credentials the same requests get past authentication (the 401s are not vacuous)', async () => {
  for (const { pattern, method, path } of await authenticatedRoutes()) {
    const headers = isAdminRoute(pattern) ? adminHeaders(server) : { authorization: `Bearer ${user.token}` };
    const rawBody = takesBody(method) ? BAD_BODIES[2] : undefined;
    const res = await api(server, method, path + BAD_QUERY, { headers, rawBody });
    assert.notEqual(res.status, 401, `${method} ${pattern}: ${res.text}`);
    assert.ok(res.status < 500, `${method} ${pattern}: ${res.status} ${res.text}`);
  }
});

test('POST /messaging/conversations and /messaging/block: 401, not the validation rules', async () => {
  for (const prefix of ['/messaging', '/api/messaging']) {
    for (const p of ['/conversations', '/block']) {
      const res = await api(server, 'POST', prefix + p, { rawBody: '' });
      assert401(res, `POST ${prefix}${p}`);
      assert.equal(res.body.message, 'Missing bearer token');
    }
  }
});
