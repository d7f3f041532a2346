// join_community and join_post, checked against the memberships and posts the platform keeps
// through the internal API, and the events that API publishes into community and post rooms.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startGateway, connectAll, waitFor, emitAck, closeAll, close, admin, makeUsers, uid,
  assertNone, received, WAIT_MS,
} from './support.mjs';

let server;
before(async () => {
  server = await startGateway();
});
after(async () => {
  closeAll();
  await server?.stop();
});

const enc = encodeURIComponent;
const addMember = (community, user) =>
  admin(server, 'PUT', `/internal/communities/${enc(community)}/members/${enc(user.id)}`, undefined, 201);
const addPost = (post, community) =>
  admin(server, 'PUT', `/internal/posts/${enc(post)}`, { communityId: community }, 201);
const toCommunity = (community, event, data) =>
  admin(server, 'POST', `/internal/communities/${enc(community)}/events`, { event, data }, 202);
const toPost = (post, event, data) =>
  admin(server, 'POST', `/internal/posts/${enc(post)}/events`, { event, data }, 202);

async function joinCommunity(socket, communityId) {
  assert.deepEqual(await emitAck(socket, 'join_community', { communityId }), { ok: true, communityId });
  assert.deepEqual(await waitFor(socket, 'community_joined'), { communityId });
}

async function joinPost(socket, postId) {
  assert.deepEqual(await emitAck(socket, 'join_post', { postId }), { ok: true, postId });
  assert.deepEqual(await waitFor(socket, 'post_joined'), { postId });
}

test('join_community for members: community_joined; events published to the community reach its room (two clients)', async () => {
  const community = uid('cmty');
  const [a, b] = await makeUsers(server, 2, 'cm2');
  await addMember(community, a);
  await addMember(community, b);
  const [sa, sb] = await connectAll(server, [a, b]);
  await joinCommunity(sa, community);
  await joinCommunity(sb, community);
  const data = { postId: 'post_1', title: 'Welcome', tags: ['a', 'b'], n: 3 };
  await toCommunity(community, 'new_post', data);
  for (const s of [sa, sb]) assert.deepEqual(await waitFor(s, 'new_post'), data);
  await toCommunity(community, 'announcement', undefined);
  for (const s of [sa, sb]) assert.equal(await waitFor(s, 'announcement'), null);
  await close(sa);
  await close(sb);
});

test('community events with three clients: members in the room get them; a member not in the room and a non-member do not', async () => {
  const community = uid('cmty');
  const other = uid('cmty');
  const [a, b, c, d] = await makeUsers(server, 4, 'cm3');
  for (const u of [a, b, c]) await addMember(community, u);
  await addMember(other, d);
  await addMember(other, c);
  const [sa, sb, sc, sd] = await connectAll(server, [a, b, c, d]);
  await joinCommunity(sa, community);
  await joinCommunity(sb, community);
  await joinCommunity(sc, other);
  await joinCommunity(sd, other);
  await toCommunity(community, 'community_event', { n: 1 });
  await toCommunity(other, 'community_event', { n: 2 });
  for (const s of [sa, sb]) assert.deepEqual(await waitFor(s, 'community_event'), { n: 1 });
  for (const s of [sc, sd]) assert.deepEqual(await waitFor(s, 'community_event'), { n: 2 });
  assert.equal(received(sa, 'community_event').length, 1);
  assert.equal(received(sc, 'community_event').length, 1, 'c is a member of both, in one room');
  for (const s of [sa, sb, sc, sd]) await close(s);
});

test('join_community refused for a non-member: error {message} and ack {ok:false, error}', async () => {
  const community = uid('cmty');
  const [member, stranger] = await makeUsers(server, 2, 'cmno');
  await addMember(community, member);
  const [sm, ss] = await connectAll(server, [member, stranger]);
  await joinCommunity(sm, community);
  const ack = await emitAck(ss, 'join_community', { communityId: community });
  assert.deepEqual(ack, { ok: false, error: 'You are not a member of this community', code: 'FORBIDDEN' });
  assert.deepEqual(await waitFor(ss, 'error'), { message: ack.error, code: 'FORBIDDEN' });
  const nobody = await emitAck(ss, 'join_community', { communityId: uid('empty') });
  assert.deepEqual(nobody, { ok: false, error: 'You are not a member of this community', code: 'FORBIDDEN' });
  await toCommunity(community, 'members_only', { secret: true });
  await waitFor(sm, 'members_only');
  const sentinel = uid('cmty');
  await addMember(sentinel, stranger);
  await joinCommunity(ss, sentinel);
  await toCommunity(sentinel, 'sentinel', {});
  await waitFor(ss, 'sentinel');
  assertNone(ss, 'members_only');
  assertNone(ss, 'community_joined', (p) => p.communityId === community);
  await close(sm);
  await close(ss);
});

test('join_post: post_joined for members of the post\'s community; unknown post and non-member refused; post events reach the room', async () => {
  const community = uid('cmty');
  const post = uid('post');
  const [a, b, c] = await makeUsers(server, 3, 'post');
  await addMember(community, a);
  await addMember(community, b);
  await addPost(post, community);
  const [sa, sb, sc] = await connectAll(server, [a, b, c]);
  await joinPost(sa, post);
  await joinPost(sb, post);

  const unknown = await emitAck(sa, 'join_post', { postId: uid('nopost') });
  assert.deepEqual(unknown, { ok: false, error: 'Post not found', code: 'NOT_FOUND' });
  assert.deepEqual(await waitFor(sa, 'error'), { message: 'Post not found', code: 'NOT_FOUND' });
  const refused = await emitAck(sc, 'join_post', { postId: post });
  assert.equal(refused.ok, false);
  assert.equal(typeof refused.error, 'string');
  assert.deepEqual(await waitFor(sc, 'error'), { message: refused.error, code: refused.code });

  const comment = { commentId: 'cmt_1', postId: post, content: 'Nice post 👍' };
  await toPost(post, 'new_comment', comment);
  for (const s of [sa, sb]) assert.deepEqual(await waitFor(s, 'new_comment'), comment);
  // c becomes a member and may now join; the next comment reaches all three.
  await addMember(community, c);
  await joinPost(sc, post);
  await toPost(post, 'new_comment', { n: 2 });
  for (const s of [sa, sb, sc]) assert.deepEqual(await waitFor(s, 'new_comment'), { n: 2 });
  assert.equal(received(sc, 'new_comment').length, 1, 'c missed the comment from before it joined');
  // A community's events do not reach a post's room, though b is a member: b joined the post.
  await joinCommunity(sa, community);
  await toCommunity(community, 'community_only', {});
  await waitFor(sa, 'community_only');
  await toPost(post, 'sentinel', {});
  await waitFor(sb, 'sentinel');
  assertNone(sb, 'community_only');
  for (const s of [sa, sb, sc]) await close(s);
});

test('a member removed from a community leaves its room: later events do not reach them', async () => {
  const community = uid('cmty');
  const [a, b] = await makeUsers(server, 2, 'evict');
  await addMember(community, a);
  await addMember(community, b);
  const [sa, sb] = await connectAll(server, [a, b]);
  await joinCommunity(sa, community);
  await joinCommunity(sb, community);
  await admin(server, 'DELETE', `/internal/communities/${enc(community)}/members/${enc(b.id)}`,
    undefined, 204);
  await toCommunity(community, 'after_removal', { n: 1 });
  await waitFor(sa, 'after_removal');
  const mark = uid('cmty');
  await addMember(mark, b);
  await joinCommunity(sb, mark);
  await toCommunity(mark, 'sentinel', {});
  await waitFor(sb, 'sentinel', WAIT_MS);
  assertNone(sb, 'after_removal');
  await close(sa);
  await close(sb);
});
