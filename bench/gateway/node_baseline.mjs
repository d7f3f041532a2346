#!/usr/bin/env node
// The Node.js baseline for the gateway load tools: a plain socket.io@4 server doing the same
// work as confide for the routes and events the tools use, written the way a Node.js service
// usually is, so that both run through the same load tool on the same machine.
//
//   BASELINE_JWT_SECRET=… node bench/gateway/node_baseline.mjs [--port 0]
// Logs {"msg":"listening","port":N} on stdout once it listens; SIGTERM stops it.
//
// What it does, as confide does:
//   - HS256 bearer tokens verified with node:crypto (HMAC-SHA256, constant-time compare,
//     `exp` checked); users provisioned from the token's claims on first sight;
//   - GET /messaging/conversations (the caller's conversations), POST /messaging/conversations
//     (a GROUP or DIRECT conversation), POST /messaging/conversations/:id/messages (validates
//     the body, checks the caller is a participant, stores the message, moves the sender's read
//     position, answers 201 with the message in confide's JSON shape, and emits
//     `new_message` to the conversation's room and `conversation_activity` to the
//     participants' own rooms except the sockets in the conversation's room);
//   - the /messaging namespace: the CONNECT's auth.token is verified; the socket joins its
//     user's room and gets `authenticated`; the user's contacts get `user_status_changed` for
//     the user's first socket; `join_conversation` {conversationId} checks participation,
//     joins the room, sends `conversation_joined` to the socket and `user_joined_conversation`
//     to the room's others, and acknowledges {ok: true, conversationId}.
// What differs, all in the baseline's favour:
//   - everything is kept in memory: no database, nothing written to disk. confide commits
//     every message to SQLite (WAL) and fsyncs it before it answers or broadcasts;
//   - one process, one thread (socket.io needs an adapter such as Redis to use more cores);
//   - no blocks filter on the fan-out, no rate or size limits beyond socket.io's own, no
//     event stream (confide writes an outbox row per message in the same transaction).

import crypto from 'node:crypto';
import http from 'node:http';
import { Server } from 'socket.io';

const secret = process.env.BASELINE_JWT_SECRET;
if (!secret) {
  console.error('node_baseline: set BASELINE_JWT_SECRET');
  process.exit(2);
}
const portArg = process.argv.indexOf('--port');
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 5000;
const MAX_CONTENT = 10000;

// ---------------------------------------------------------------------------------------
// Tokens and users

const key = Buffer.from(secret);
const users = new Map(); // id -> {id, firstName, lastName, avatarUrl, role}

function verify(token) {
  if (typeof token !== 'string') return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const expected = crypto.createHmac('sha256', key).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  let header;
  let claims;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (header.alg !== 'HS256' || typeof claims.sub !== 'string' || !claims.sub) return null;
  const now = Date.now() / 1000;
  if (typeof claims.exp === 'number' && claims.exp < now) return null;
  if (typeof claims.nbf === 'number' && claims.nbf > now) return null;
  return claims;
}

function provision(claims) {
  let user = users.get(claims.sub);
  if (!user) {
    user = { id: claims.sub, firstName: claims.first_name ?? '', lastName: claims.last_name ?? '',
      avatarUrl: claims.image_url ?? null, role: claims.role ?? 'client' };
    users.set(user.id, user);
  }
  return user;
}

function authenticate(req) {
  const h = req.headers.authorization;
  const claims = h?.startsWith('Bearer ') ? verify(h.slice(7)) : null;
  return claims ? provision(claims) : null;
}

// ---------------------------------------------------------------------------------------
// Conversations and messages, in memory

const conversations = new Map(); // id -> {id, type, title, createdAt, participants: Map(userId -> participant), messages: []}
const byUser = new Map(); // userId -> Set(conversationId)
let counter = 0;
// Ids as long as confide's (a prefix and 26 characters), so that frames are the same size.
const newId = (prefix) =>
  `${prefix}_${(Date.now().toString(32).padStart(10, '0') + (counter++).toString(32).padStart(16, '0')).toUpperCase()}`;

function isParticipant(conversation, userId) {
  return conversation?.participants.get(userId)?.isActive === true;
}

function createConversation(creator, participantIds, type, title) {
  const now = new Date().toISOString();
  const conversation = { id: newId('conv'), type, title: title || null, createdAt: now,
    updatedAt: now, lastMessageAt: null, participants: new Map(), messages: [] };
  for (const userId of [creator.id, ...participantIds.filter((id) => id !== creator.id)]) {
    if (conversation.participants.has(userId)) continue;
    conversation.participants.set(userId, { id: newId('part'), userId,
      role: userId === creator.id ? 'ADMIN' : 'MEMBER', joinedAt: now, isActive: true,
      leftAt: null, lastReadMessageId: null });
    if (!byUser.has(userId)) byUser.set(userId, new Set());
    byUser.get(userId).add(conversation.id);
  }
  conversations.set(conversation.id, conversation);
  return conversation;
}

const senderJson = (u) => ({ id: u.id, firstName: u.firstName, lastName: u.lastName, avatarUrl: u.avatarUrl });

function conversationJson(c) {
  return { id: c.id, type: c.type, title: c.title, createdAt: c.createdAt, updatedAt: c.updatedAt,
    lastMessageAt: c.lastMessageAt, isActive: true,
    participants: [...c.participants.values()].map((p) => {
      const u = users.get(p.userId);
      return { id: p.id, userId: p.userId, role: p.role, joinedAt: p.joinedAt, isActive: p.isActive,
        leftAt: p.leftAt, user: { ...senderJson(u), role: u.role } };
    }),
    messages: [], _count: { messages: c.messages.length }, unreadCount: 0 };
}

function validateMessage(body) {
  const problems = [];
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return ['body must be an object'];
  for (const k of Object.keys(body)) {
    if (!['content', 'messageType', 'replyToId', 'attachmentUrl', 'attachmentName', 'attachmentSize'].includes(k)) {
      problems.push(`property ${k} should not exist`);
    }
  }
  if (typeof body.content !== 'string') problems.push('content must be a string');
  else if (!body.content.trim()) problems.push('content should not be empty');
  else if ([...body.content].length > MAX_CONTENT) problems.push(`content must be at most ${MAX_CONTENT} characters`);
  if (body.messageType !== undefined && body.messageType !== 'TEXT') problems.push('only TEXT messages here');
  return problems;
}

// ---------------------------------------------------------------------------------------
// HTTP

const send = (res, status, value) => {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
};
const error = (res, status, message, name) => send(res, status, { statusCode: status, message, error: name });

function readJson(req, done) {
  const chunks = [];
  let size = 0;
  req.on('data', (c) => {
    size += c.length;
    if (size > 1 << 20) req.destroy();
    else chunks.push(c);
  });
  req.on('end', () => {
    if (size === 0) return done(null, {});
    try {
      done(null, JSON.parse(Buffer.concat(chunks).toString('utf8')));
    } catch (e) {
      done(e);
    }
  });
}

const MESSAGES = /^\/(?:api\/)?messaging\/conversations\/([^/]+)\/messages$/;
const CONVERSATIONS = /^\/(?:api\/)?messaging\/conversations$/;

function route(req, res) {
  const path = req.url.split('?')[0];
  if (path === '/health') return send(res, 200, { status: 'ok' });
  const user = authenticate(req);
  if (!user) return error(res, 401, 'Unauthorized', 'Unauthorized');
  let m;
  if (req.method === 'POST' && (m = MESSAGES.exec(path))) return postMessage(req, res, user, m[1]);
  if (CONVERSATIONS.test(path)) {
    if (req.method === 'GET') {
      const list = [...(byUser.get(user.id) ?? [])].map((id) => conversationJson(conversations.get(id)));
      return send(res, 200, list);
    }
    if (req.method === 'POST') {
      return readJson(req, (e, body) => {
        if (e || !Array.isArray(body?.participantIds)) return error(res, 400, 'participantIds must be an array', 'Bad Request');
        const unknown = body.participantIds.filter((id) => !users.has(id));
        if (unknown.length) return error(res, 400, `Unknown users: ${unknown.join(', ')}`, 'Bad Request');
        const type = body.type ?? (body.participantIds.length === 1 ? 'DIRECT' : 'GROUP');
        const conversation = createConversation(user, body.participantIds, type, body.title);
        const json = conversationJson(conversation);
        nsp.to([...conversation.participants.keys()].map((id) => `user:${id}`)).emit('conversation_created', json);
        send(res, 201, json);
      });
    }
  }
  error(res, 404, `Cannot ${req.method} ${path}`, 'Not Found');
}

function postMessage(req, res, user, conversationId) {
  readJson(req, (e, body) => {
    if (e) return error(res, 400, 'Malformed JSON', 'Bad Request');
    const problems = validateMessage(body);
    if (problems.length) return error(res, 400, problems, 'Bad Request');
    const conversation = conversations.get(conversationId);
    if (!isParticipant(conversation, user.id)) return error(res, 404, 'Conversation not found', 'Not Found');
    const now = new Date().toISOString();
    const message = { id: newId('msg'), conversationId, senderId: user.id, content: body.content,
      messageType: 'TEXT', createdAt: now, isEdited: false, editedAt: null, isDeleted: false,
      replyToId: null, attachmentUrl: null, attachmentName: null, attachmentSize: null,
      sender: senderJson(user), replyTo: null, reactions: [], readReceipts: [] };
    conversation.messages.push(message);
    conversation.lastMessageAt = now;
    conversation.participants.get(user.id).lastReadMessageId = message.id;
    const room = `conversation:${conversationId}`;
    const own = [];
    for (const [userId, p] of conversation.participants) if (p.isActive) own.push(`user:${userId}`);
    nsp.to(room).emit('new_message', message);
    nsp.to(own).except(room).emit('conversation_activity', { conversationId, messageId: message.id,
      senderId: user.id, messageType: 'TEXT', createdAt: now, preview: [...body.content].slice(0, 100).join('') });
    send(res, 201, message);
  });
}

// ---------------------------------------------------------------------------------------
// Socket.IO

const httpServer = http.createServer(route);
const io = new Server(httpServer, { serveClient: false });
const nsp = io.of('/messaging');
const online = new Map(); // userId -> sockets

function contactsOf(userId) {
  const contacts = new Set();
  for (const id of byUser.get(userId) ?? []) {
    for (const [other, p] of conversations.get(id).participants) if (p.isActive && other !== userId) contacts.add(other);
  }
  return contacts;
}

function announce(userId, status) {
  const contacts = contactsOf(userId);
  if (contacts.size === 0) return;
  nsp.to([...contacts].map((id) => `user:${id}`)).emit('user_status_changed',
    { userId, status, timestamp: new Date().toISOString() });
}

nsp.use((socket, next) => {
  const claims = verify(socket.handshake.auth?.token);
  if (!claims) return next(new Error('Authentication failed'));
  socket.data.user = provision(claims);
  next();
});

nsp.on('connection', (socket) => {
  const user = socket.data.user;
  socket.join(`user:${user.id}`);
  socket.emit('authenticated', { userId: user.id, role: user.role, message: 'Successfully authenticated',
    timestamp: new Date().toISOString() });
  const count = (online.get(user.id) ?? 0) + 1;
  online.set(user.id, count);
  if (count === 1) announce(user.id, 'online');

  socket.on('join_conversation', (payload, ack) => {
    const reply = typeof ack === 'function' ? ack : () => {};
    const id = payload?.conversationId;
    if (typeof id !== 'string' || !isParticipant(conversations.get(id), user.id)) {
      socket.emit('error', { message: 'Conversation not found' });
      return reply({ ok: false, error: 'Conversation not found' });
    }
    const room = `conversation:${id}`;
    socket.join(room);
    socket.emit('conversation_joined', { conversationId: id });
    socket.to(room).emit('user_joined_conversation', { conversationId: id, userId: user.id });
    reply({ ok: true, conversationId: id });
  });

  socket.on('disconnect', () => {
    const left = online.get(user.id) - 1;
    if (left > 0) return online.set(user.id, left);
    online.delete(user.id);
    announce(user.id, 'offline');
  });
});

httpServer.listen(port, '127.0.0.1', () => {
  console.log(JSON.stringify({ msg: 'listening', port: httpServer.address().port }));
});
// With --expose-gc, SIGUSR2 runs a full garbage collection (the idle tool's memory reading).
process.on('SIGUSR2', () => globalThis.gc?.());
process.on('SIGTERM', () => {
  io.close();
  httpServer.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
});
