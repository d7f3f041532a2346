import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, expectStatus, expectError, makeUser, makeUsers, createConversation, send,
  listMessages, assertMessageShape, assertSender, assertShortUser, ISO_MS, sleep,
} from './harness.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

const msgPath = (convId) => `/messaging/conversations/${convId}/messages`;
const sendRaw = (who, convId, body) => api(server, 'POST', msgPath(convId), { token: who.token, body });

async function pair(prefix, claimsA = {}, claimsB = {}) {
  const a = await makeUser(server, `${prefix}a`, claimsA);
  const b = await makeUser(server, `${prefix}b`, claimsB);
  const conv = await createConversation(server, a, [b.id]);
  return { a, b, conv };
}

const ATTACH = {
  attachmentUrl: 'https://storage.example.com/file.pdf',
  attachmentName: 'therapy_worksheet.pdf',
  attachmentSize: 524288,
};

test('send TEXT: 201 with every field of the Message shape', async () => {
  const { a, b, conv } = await pair('shape', { image_url: 'https://img.example.com/a.png' });
  const before = Date.now();
  const res = await sendRaw(a, conv.id, { content: 'Hello, how are you feeling today?' });
  const m = expectStatus(res, 201);
  const afterTs = Date.now();
  assertMessageShape(m);
  assert.equal(m.conversationId, conv.id);
  assert.equal(m.senderId, a.id);
  assert.equal(m.content, 'Hello, how are you feeling today?');
  assert.equal(m.messageType, 'TEXT');
  assert.equal(m.isEdited, false);
  assert.equal(m.editedAt, null);
  assert.equal(m.isDeleted, false);
  assert.equal(m.replyToId, null);
  assert.equal(m.attachmentUrl, null);
  assert.equal(m.attachmentName, null);
  assert.equal(m.attachmentSize, null);
  assert.equal(m.replyTo, null);
  assert.deepEqual(m.reactions, []);
  assert.deepEqual(m.readReceipts, []);
  assertSender(m.sender, a);
  assert.equal(m.sender.avatarUrl, 'https://img.example.com/a.png');
  const t = Date.parse(m.createdAt);
  assert.ok(t >= before - 1000 && t <= afterTs + 1000, `createdAt ${m.createdAt} is now`);
  // The listing shows the same message.
  const list = await listMessages(server, b, conv.id);
  assert.equal(list.length, 1);
  assert.deepEqual(list[0], m);
});

test('content rules: required, not blank, at most 10,000 characters, no control characters', async () => {
  const { a, conv } = await pair('content');
  expectError(await sendRaw(a, conv.id, {}), 400, { array: true, contains: 'content' });
  expectError(await sendRaw(a, conv.id, { content: null }), 400, { contains: 'content' });
  expectError(await sendRaw(a, conv.id, { content: '' }), 400, { contains: 'content' });
  expectError(await sendRaw(a, conv.id, { content: '   \n\t ' }), 400, { contains: 'content' });
  expectError(await sendRaw(a, conv.id, { content: 'x'.repeat(10_001) }), 400, { contains: 'content' });
  expectError(await sendRaw(a, conv.id, { content: '😀'.repeat(10_001) }), 400, { contains: 'content' });
  for (const ctl of ['\u0000', '\u0001', '\u0007', '\u001b', '\u007f']) {
    expectError(await sendRaw(a, conv.id, { content: `bad${ctl}char` }), 400, { contains: 'content' });
  }
  // Nothing of that was stored.
  assert.deepEqual(await listMessages(server, a, conv.id), []);

  const exact = 'y'.repeat(10_000);
  assert.equal((await send(server, a, conv.id, exact)).content, exact);
  const emoji = '😀'.repeat(10_000); // 10,000 code points, 20,000 UTF-16 units, 40,000 bytes
  assert.equal((await send(server, a, conv.id, emoji)).content, emoji);
  const combined = 'é'.repeat(5_000) + '中'.repeat(5_000);
  assert.equal((await send(server, a, conv.id, combined)).content, combined);
  const ws = 'line one\nline two\r\n\tindented';
  assert.equal((await send(server, a, conv.id, ws)).content, ws);
  const padded = '  padded  ';
  assert.equal((await send(server, a, conv.id, padded)).content, padded, 'content is stored as sent');
  assert.equal((await listMessages(server, a, conv.id)).length, 5);
});

test('invalid UTF-8 in the raw body: 400', async () => {
  const { a, conv } = await pair('utf8');
  const raw = Buffer.concat([Buffer.from('{"content":"abc'), Buffer.from([0xff, 0xfe]), Buffer.from('def"}')]);
  expectError(await api(server, 'POST', msgPath(conv.id), { token: a.token, rawBody: raw }), 400);
  const overlong = Buffer.concat([Buffer.from('{"content":"x'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]);
  expectError(await api(server, 'POST', msgPath(conv.id), { token: a.token, rawBody: overlong }), 400);
  const surrogate = Buffer.concat([Buffer.from('{"content":"x'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]);
  expectError(await api(server, 'POST', msgPath(conv.id), { token: a.token, rawBody: surrogate }), 400);
  const lone = Buffer.from('{"content":"x\\ud800y"}');
  expectError(await api(server, 'POST', msgPath(conv.id), { token: a.token, rawBody: lone }), 400);
  assert.deepEqual(await listMessages(server, a, conv.id), []);
  // Valid multi-byte UTF-8 and JSON escapes pass.
  const okRaw = Buffer.from('{"content":"caf\u00e9 \\u00e9 \\ud83d\\ude00"}', 'utf8');
  const ok = expectStatus(await api(server, 'POST', msgPath(conv.id), { token: a.token, rawBody: okRaw }), 201);
  assert.equal(ok.content, 'café é 😀');
});

test('every messageType', async () => {
  const admin = await makeUser(server, 'typesadmin', { role: 'admin' });
  const b = await makeUser(server, 'typesb');
  const conv = await createConversation(server, admin, [b.id]);
  const t = await send(server, b, conv.id, 'plain', { messageType: 'TEXT' });
  assert.equal(t.messageType, 'TEXT');
  for (const type of ['IMAGE', 'FILE', 'AUDIO', 'VIDEO']) {
    const m = await send(server, b, conv.id, `a ${type}`, { messageType: type, ...ATTACH });
    assertMessageShape(m);
    assert.equal(m.messageType, type);
    assert.equal(m.attachmentUrl, ATTACH.attachmentUrl);
    assert.equal(m.attachmentName, ATTACH.attachmentName);
    assert.equal(m.attachmentSize, ATTACH.attachmentSize);
  }
  // A file may come without a caption.
  const noCaption = await send(server, b, conv.id, '', { messageType: 'IMAGE', ...ATTACH });
  assert.equal(noCaption.content, '');
  // SYSTEM: only platform administrators.
  const sys = await send(server, admin, conv.id, 'Session starts at 10:00', { messageType: 'SYSTEM' });
  assert.equal(sys.messageType, 'SYSTEM');
  expectError(await sendRaw(b, conv.id, { content: 'fake system', messageType: 'SYSTEM' }), 403);
  const therapist = await makeUser(server, 'typest', { role: 'therapist' });
  const conv2 = await createConversation(server, therapist, [b.id]);
  expectError(await sendRaw(therapist, conv2.id, { content: 'nope', messageType: 'SYSTEM' }), 403);
  expectError(await sendRaw(admin, conv.id, { content: '  ', messageType: 'SYSTEM' }), 400);
  const types = (await listMessages(server, b, conv.id)).map((m) => m.messageType);
  assert.deepEqual(types, ['TEXT', 'IMAGE', 'FILE', 'AUDIO', 'VIDEO', 'IMAGE', 'SYSTEM']);
  expectError(await sendRaw(b, conv.id, { content: 'x', messageType: 'GIF' }), 400,
    { contains: ['TEXT', 'IMAGE', 'FILE', 'AUDIO', 'VIDEO', 'SYSTEM'] });
  expectError(await sendRaw(b, conv.id, { content: 'x', messageType: 'text' }), 400);
});

test('attachment rules', async () => {
  const { a, conv } = await pair('attach');
  const bad = [
    { content: 'x', attachmentUrl: ATTACH.attachmentUrl },
    { content: 'x', attachmentUrl: ATTACH.attachmentUrl, attachmentName: 'a.pdf' },
    { content: 'x', attachmentName: 'a.pdf', attachmentSize: 3 },
    { content: 'x', attachmentSize: 3 },
    { content: 'x', messageType: 'IMAGE' },
    { content: 'x', messageType: 'FILE' },
    { content: 'x', messageType: 'AUDIO' },
    { content: 'x', messageType: 'VIDEO' },
    { content: 'x', messageType: 'FILE', attachmentUrl: ATTACH.attachmentUrl, attachmentName: 'a' },
    { content: 'x', ...ATTACH, attachmentUrl: 'ftp://files.example.com/a.pdf' },
    { content: 'x', ...ATTACH, attachmentUrl: 'javascript:alert(1)' },
    { content: 'x', ...ATTACH, attachmentUrl: '/relative/a.pdf' },
    { content: 'x', ...ATTACH, attachmentUrl: 'not a url' },
    { content: 'x', ...ATTACH, attachmentSize: -1 },
    { content: 'x', ...ATTACH, attachmentSize: 1.5 },
    { content: 'x', ...ATTACH, attachmentSize: '12' },
    { content: 'x', ...ATTACH, attachmentName: '' },
    { content: 'x', ...ATTACH, attachmentName: 'n'.repeat(256) },
    { content: 'x', ...ATTACH, attachmentUrl: 42 },
  ];
  for (const body of bad) {
    expectError(await sendRaw(a, conv.id, body), 400);
  }
  assert.deepEqual(await listMessages(server, a, conv.id), [], 'nothing stored');
  // Allowed edges.
  const text = await send(server, a, conv.id, 'with a file', ATTACH);
  assert.equal(text.messageType, 'TEXT');
  assert.equal(text.attachmentUrl, ATTACH.attachmentUrl);
  const zero = await send(server, a, conv.id, 'empty file', { ...ATTACH, messageType: 'FILE', attachmentSize: 0 });
  assert.equal(zero.attachmentSize, 0);
  const http = await send(server, a, conv.id, 'x', {
    messageType: 'FILE', attachmentUrl: 'http://example.com/x', attachmentName: 'n'.repeat(255), attachmentSize: 5.0,
  });
  assert.equal(http.attachmentName, 'n'.repeat(255));
  assert.equal(http.attachmentSize, 5);
  const nulls = await send(server, a, conv.id, 'explicit nulls', {
    attachmentUrl: null, attachmentName: null, attachmentSize: null, replyToId: null,
  });
  assert.equal(nulls.attachmentUrl, null);
});

test('replyTo: nested reply, other conversation 400, deleted 400', async () => {
  const { a, b, conv } = await pair('reply', { first_name: 'Ann', last_name: 'A' }, { first_name: 'Ben', last_name: 'B' });
  const original = await send(server, b, conv.id, 'Hello, how are you?');
  const reply = await send(server, a, conv.id, 'Fine, thanks', { replyToId: original.id });
  assertMessageShape(reply);
  assert.equal(reply.replyToId, original.id);
  assert.deepEqual(reply.replyTo, {
    id: original.id, content: 'Hello, how are you?', isDeleted: false,
    sender: { id: b.id, firstName: 'Ben', lastName: 'B' },
  });
  const listed = (await listMessages(server, b, conv.id)).find((m) => m.id === reply.id);
  assert.deepEqual(listed.replyTo, reply.replyTo);

  // A message of another conversation.
  const other = await pair('replyother');
  const foreign = await send(server, other.a, other.conv.id, 'elsewhere');
  expectError(await sendRaw(a, conv.id, { content: 'x', replyToId: foreign.id }), 400);
  // An unknown id.
  expectError(await sendRaw(a, conv.id, { content: 'x', replyToId: 'msg_01HZZZZZZZZZZZZZZZZZZZZZZZ' }), 400);
  expectError(await sendRaw(a, conv.id, { content: 'x', replyToId: 42 }), 400);
  // A deleted message.
  const gone = await send(server, b, conv.id, 'to be deleted');
  expectStatus(await api(server, 'DELETE', `/messaging/messages/${gone.id}`, { token: b.token }), 204);
  expectError(await sendRaw(a, conv.id, { content: 'x', replyToId: gone.id }), 400);
  // A reply whose original is later deleted shows the tombstone.
  const r2 = await send(server, a, conv.id, 'replying', { replyToId: original.id });
  expectStatus(await api(server, 'DELETE', `/messaging/messages/${original.id}`, { token: b.token }), 204);
  const after = (await listMessages(server, a, conv.id)).find((m) => m.id === r2.id);
  assert.equal(after.replyToId, original.id);
  assert.equal(after.replyTo.id, original.id);
  assert.equal(after.replyTo.isDeleted, true);
  assert.equal(after.replyTo.content, '');
});

test('listing: page 1 holds the newest, each page oldest to newest; before/after cursors', async () => {
  const { a, b, conv } = await pair('list');
  const ids = [];
  for (let i = 1; i <= 7; i++) ids.push((await send(server, i % 2 ? a : b, conv.id, `m${i}`)).id);
  const q = async (query) => (await listMessages(server, b, conv.id, query)).map((m) => m.content);
  assert.deepEqual(await q(''), ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']);
  assert.deepEqual(await q('limit=3'), ['m5', 'm6', 'm7']);
  assert.deepEqual(await q('page=1&limit=3'), ['m5', 'm6', 'm7']);
  assert.deepEqual(await q('page=2&limit=3'), ['m2', 'm3', 'm4']);
  assert.deepEqual(await q('page=3&limit=3'), ['m1']);
  assert.deepEqual(await q('page=4&limit=3'), []);
  assert.deepEqual(await q(`before=${ids[4]}&limit=2`), ['m3', 'm4']);
  assert.deepEqual(await q(`before=${ids[1]}&limit=5`), ['m1']);
  assert.deepEqual(await q(`before=${ids[0]}`), []);
  assert.deepEqual(await q(`before=${ids[6]}`), ['m1', 'm2', 'm3', 'm4', 'm5', 'm6']);
  assert.deepEqual(await q(`after=${ids[1]}&limit=2`), ['m3', 'm4']);
  assert.deepEqual(await q(`after=${ids[4]}&limit=10`), ['m6', 'm7']);
  assert.deepEqual(await q(`after=${ids[6]}`), []);
  // Stable while messages arrive: a new message does not shift a "before" page.
  await send(server, a, conv.id, 'm8');
  assert.deepEqual(await q(`before=${ids[4]}&limit=2`), ['m3', 'm4']);
  assert.deepEqual(await q(`after=${ids[5]}`), ['m7', 'm8']);
  for (const m of await listMessages(server, a, conv.id)) assertMessageShape(m);
});

test('listing: bad cursors and combinations are 400', async () => {
  const { a, conv } = await pair('cursor');
  const m = await send(server, a, conv.id, 'one');
  const other = await pair('cursorother');
  const foreign = await send(server, other.a, other.conv.id, 'elsewhere');
  const bad = [
    'before=msg_01HZZZZZZZZZZZZZZZZZZZZZZZ',
    `before=${foreign.id}`,
    `after=${foreign.id}`,
    'after=garbage',
    'before=',
    `before=${m.id}&after=${m.id}`,
    `before=${m.id}&page=1`,
    `after=${m.id}&page=2`,
    'page=0', 'limit=0', 'limit=101', 'limit=abc', 'page=-1', 'page=1.5',
  ];
  for (const query of bad) {
    expectError(await api(server, 'GET', `${msgPath(conv.id)}?${query}`, { token: a.token }), 400);
  }
  // limit together with a cursor is fine.
  expectStatus(await api(server, 'GET', `${msgPath(conv.id)}?before=${m.id}&limit=100`, { token: a.token }), 200);
});

test('edit: sender only, sets isEdited/editedAt, same content changes nothing, not when deleted', async () => {
  const { a, b, conv } = await pair('edit');
  const m = await send(server, a, conv.id, 'Thank you for your support.');
  const path = `/messaging/messages/${m.id}`;
  expectError(await api(server, 'PUT', path, { token: b.token, body: { content: 'hijack' } }), 403);
  await sleep(5);
  const res = await api(server, 'PUT', path, { token: a.token, body: { content: 'Thank you, much better now.' } });
  const edited = expectStatus(res, 200);
  assertMessageShape(edited);
  assert.equal(edited.id, m.id);
  assert.equal(edited.content, 'Thank you, much better now.');
  assert.equal(edited.isEdited, true);
  assert.match(edited.editedAt, ISO_MS);
  assert.ok(Date.parse(edited.editedAt) >= Date.parse(m.createdAt));
  assert.equal(edited.createdAt, m.createdAt);
  assertSender(edited.sender, a);
  // Same content again: nothing changes.
  await sleep(5);
  const same = expectStatus(await api(server, 'PUT', path, { token: a.token, body: { content: 'Thank you, much better now.' } }), 200);
  assert.equal(same.editedAt, edited.editedAt);
  // The list shows the edit.
  const listed = (await listMessages(server, b, conv.id)).find((x) => x.id === m.id);
  assert.equal(listed.content, 'Thank you, much better now.');
  assert.equal(listed.isEdited, true);
  assert.equal(listed.editedAt, edited.editedAt);
  // Content rules apply.
  expectError(await api(server, 'PUT', path, { token: a.token, body: { content: '' } }), 400);
  expectError(await api(server, 'PUT', path, { token: a.token, body: { content: ' ' } }), 400);
  expectError(await api(server, 'PUT', path, { token: a.token, body: {} }), 400);
  expectError(await api(server, 'PUT', path, { token: a.token, body: { content: 'z'.repeat(10_001) } }), 400);
  expectError(await api(server, 'PUT', path, { token: a.token, body: { content: 'ok', messageType: 'TEXT' } }), 400,
    { contains: 'property messageType should not exist' });
  // Deleted: 400.
  expectStatus(await api(server, 'DELETE', path, { token: a.token }), 204);
  expectError(await api(server, 'PUT', path, { token: a.token, body: { content: 'resurrect' } }), 400);
  const tomb = (await listMessages(server, a, conv.id)).find((x) => x.id === m.id);
  assert.equal(tomb.content, '');
  // Unknown message: 404.
  expectError(await api(server, 'PUT', '/messaging/messages/msg_01HZZZZZZZZZZZZZZZZZZZZZZZ',
    { token: a.token, body: { content: 'x' } }), 404);
});

test('delete: 204, tombstone in the list, conversation ADMIN may delete others, MEMBER may not', async () => {
  const [a, b, c] = await makeUsers(server, 3, 'del');
  const group = await createConversation(server, a, [b.id, c.id], { title: 'del' });
  const byB = await send(server, b, group.id, 'attachment here', { messageType: 'FILE', ...ATTACH });
  const byB2 = await send(server, b, group.id, 'second by b');
  const byC = await send(server, c, group.id, 'by c');

  // A MEMBER deleting another's message: 403.
  expectError(await api(server, 'DELETE', `/messaging/messages/${byB.id}`, { token: c.token }), 403);
  // The sender deletes: 204 with an empty body.
  let res = await api(server, 'DELETE', `/messaging/messages/${byB.id}`, { token: b.token });
  expectStatus(res, 204);
  assert.equal(res.text, '');
  // Again: 204, nothing changes.
  res = await api(server, 'DELETE', `/messaging/messages/${byB.id}`, { token: b.token });
  expectStatus(res, 204);
  assert.equal(res.text, '');
  // The conversation ADMIN deletes someone else's.
  expectStatus(await api(server, 'DELETE', `/messaging/messages/${byC.id}`, { token: a.token }), 204);

  const list = await listMessages(server, c, group.id);
  assert.deepEqual(list.map((m) => m.id), [byB.id, byB2.id, byC.id]);
  const tomb = list[0];
  assertMessageShape(tomb);
  assert.equal(tomb.isDeleted, true);
  assert.equal(tomb.content, '');
  assert.equal(tomb.attachmentUrl, null);
  assert.equal(tomb.attachmentName, null);
  assert.equal(tomb.attachmentSize, null);
  assert.equal(tomb.messageType, 'FILE');
  assert.equal(tomb.senderId, b.id);
  assert.equal(list[1].isDeleted, false);
  assert.equal(list[2].isDeleted, true);
  assert.equal(list[2].content, '');
  // The last-message preview skips deleted messages; _count counts tombstones.
  const conv = (await api(server, 'GET', `/messaging/conversations/${group.id}`, { token: c.token })).body;
  assert.deepEqual(conv._count, { messages: 3 });
  assert.equal(conv.messages.length, 1);
  assert.equal(conv.messages[0].id, byB2.id);
  // Unknown: 404.
  expectError(await api(server, 'DELETE', '/messaging/messages/msg_01HZZZZZZZZZZZZZZZZZZZZZZZ', { token: a.token }), 404);
});

test('a non-participant gets 404 on every message route', async () => {
  const { a, b, conv } = await pair('nonpart');
  const outsider = await makeUser(server, 'nonpartx');
  const m = await send(server, a, conv.id, 'private');
  const t = outsider.token;
  const calls = [
    ['GET', msgPath(conv.id)],
    ['GET', `${msgPath(conv.id)}?before=${m.id}`],
    ['POST', msgPath(conv.id), { content: 'let me in' }],
    ['PUT', `/messaging/messages/${m.id}`, { content: 'mine now' }],
    ['DELETE', `/messaging/messages/${m.id}`],
    ['POST', `/messaging/messages/${m.id}/read`],
    ['POST', `/messaging/messages/${m.id}/reactions`, { emoji: '👍' }],
    ['DELETE', `/messaging/messages/${m.id}/reactions/${encodeURIComponent('👍')}`],
    ['POST', `/messaging/conversations/${conv.id}/read`],
    ['GET', `/messaging/conversations/${conv.id}`],
    ['POST', `/messaging/conversations/${conv.id}/participants`, { participantIds: [outsider.id] }],
    ['DELETE', `/messaging/conversations/${conv.id}/participants/${b.id}`],
    ['GET', `/messaging/search?query=private&conversationId=${conv.id}`],
  ];
  for (const [method, path, body] of calls) {
    expectError(await api(server, method, path, { token: t, body }), 404);
  }
  // Nothing changed.
  const list = await listMessages(server, b, conv.id);
  assert.equal(list.length, 1);
  assert.equal(list[0].content, 'private');
  assert.deepEqual(list[0].reactions, []);
  assert.deepEqual(list[0].readReceipts, []);
});

test('messages carry the current profile of their sender', async () => {
  const id = 'profile_' + Date.now();
  const t1 = server.token(id, { first_name: 'Old', last_name: 'Name' });
  const b = await makeUser(server, 'profileb');
  const conv = expectStatus(await api(server, 'POST', '/messaging/conversations',
    { token: t1, body: { participantIds: [b.id] } }), 201);
  await send(server, { token: t1 }, conv.id, 'hi');
  // A later token with new claims updates the profile.
  const t2 = server.token(id, { first_name: 'New', last_name: 'Name', image_url: 'https://img.example.com/n.png' });
  expectStatus(await api(server, 'GET', '/messaging/conversations', { token: t2 }), 200);
  const [m] = await listMessages(server, b, conv.id);
  assertSender(m.sender, { id, firstName: 'New', lastName: 'Name', avatarUrl: 'https://img.example.com/n.png' });
  assertShortUser({ id: m.sender.id, firstName: m.sender.firstName, lastName: m.sender.lastName },
    { id, firstName: 'New', lastName: 'Name' });
});
