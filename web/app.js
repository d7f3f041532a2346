// confide's chat page: sign in with a token, read and write messages through the REST API
// (/api/messaging), and follow what happens live through the Socket.IO gateway (namespace
// /messaging). Without the gateway the page still works, over REST alone.
//
// This file holds the page's state and is the one place that changes it, in answer to the
// user, the REST API and the gateway; that is why it is the longest file. How things look is
// in conversation_view.js and message_view.js, the typing indicators' timing in typing.js.
// Everything a user wrote reaches the page as text: it is put in with textContent, never
// parsed as HTML.

import { api, ApiError, CONVERSATION_PAGE, errorText, MESSAGE_PAGE, useToken } from './api.js';
import {
  conversationItem, conversationTitle, lastActivity, otherParticipants, userIn,
} from './conversation_view.js';
import { $, announce, h, show, toast } from './dom.js';
import { dayOf, firstName, fullName } from './format.js';
import { connectLive } from './live.js';
import { daySeparator, messageItem, seenBy, startsRun } from './message_view.js';
import { TypingSender, TypingWatcher } from './typing.js';

const TOKEN_KEY = 'confide.token';

const state = {
  token: null,
  me: null, // {id, firstName, lastName, role}
  conversations: new Map(),
  conversationPages: 0,
  moreConversations: false,
  openId: null,
  openSeq: 0, // discards answers for a conversation no longer open
  messages: [], // of the open conversation, oldest first
  loading: false,
  hasOlder: false,
  composer: { mode: 'send', messageId: null, draft: '' }, // mode: send | reply | edit
  sending: false,
  confirmingDelete: null,
  live: null, // the gateway connection (live.js)
  connection: 'offline', // offline | connecting | live | unavailable
  everLive: false,
  presence: new Map(), // userId -> status
  counted: new Set(), // ids of messages already counted as new
  markReadTimer: 0,
};

const typingOut = new TypingSender((event, payload) => emit(event, payload));
const typingIn = new TypingWatcher((conversationId) => {
  renderConversationList();
  if (conversationId === state.openId) renderTyping();
});

const isMe = (userId) => Boolean(state.me) && userId === state.me.id;
const titleOf = (conversation) => conversationTitle(conversation, state.me.id);
const othersIn = (conversation) => otherParticipants(conversation, state.me.id);
const openConversationData = () => state.openId && state.conversations.get(state.openId);

function senderOf(message) {
  const conversation = state.conversations.get(message.conversationId);
  return message.sender || userIn(conversation, message.senderId) || { id: message.senderId };
}

// ---------------------------------------------------------------------------------------
// Signing in and out

/** The token's claims, read (not verified: the server does that) to know who we are. */
function decodeClaims(token) {
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error('not a token');
  const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  const claims = JSON.parse(new TextDecoder().decode(bytes));
  if (!claims || typeof claims.sub !== 'string' || !claims.sub) throw new Error('no subject');
  return claims;
}

function showSigninError(text) {
  const node = $('signin-error');
  node.textContent = text || '';
  show(node, Boolean(text));
}

async function signIn(token, { quiet = false } = {}) {
  let claims;
  try {
    claims = decodeClaims(token);
  } catch {
    if (!quiet) showSigninError('That does not look like an access token (a JWT in three parts).');
    return false;
  }
  let first;
  try {
    first = await api.conversations(1, { token });
  } catch (error) {
    if (!quiet) showSigninError(`Signing in failed: ${errorText(error)}`);
    return false;
  }
  state.token = token;
  useToken(token, (error) => signOut(`You have been signed out: ${error.message}`));
  state.me = {
    id: claims.sub,
    firstName: claims.first_name ?? '',
    lastName: claims.last_name ?? '',
    role: claims.role ?? '',
  };
  sessionStorage.setItem(TOKEN_KEY, token);
  showSigninError('');
  takeConversations(first, 1, true);
  showApp();
  connect();
  const wanted = decodeURIComponent(location.hash.slice(1));
  if (wanted && state.conversations.has(wanted)) openConversation(wanted);
  return true;
}

function signOut(reason) {
  typingOut.stop();
  state.live?.close();
  useToken(null);
  sessionStorage.removeItem(TOKEN_KEY);
  Object.assign(state, {
    token: null,
    me: null,
    live: null,
    openId: null,
    messages: [],
    everLive: false,
    confirmingDelete: null,
  });
  state.conversations.clear();
  state.presence.clear();
  state.counted.clear();
  typingIn.clear();
  history.replaceState(null, '', location.pathname);
  setConnection('offline');
  show($('app'), false);
  show($('signin'), true);
  show($('whoami'), false);
  show($('sign-out'), false);
  show($('connection-status'), false);
  showSigninError(reason || '');
  $('token-input').value = '';
}

function showApp() {
  show($('signin'), false);
  show($('app'), true);
  show($('sign-out'), true);
  show($('connection-status'), true);
  renderWhoami();
  renderConversationList();
  renderOpenConversation();
}

function renderWhoami() {
  const node = $('whoami');
  node.textContent = `Signed in as ${fullName(state.me)}`;
  show(node, true);
}

async function checkDevMode() {
  try {
    const status = await api.devStatus();
    show($('dev-panel'), Boolean(status && status.dev && status.tokenMinting));
  } catch {
    // not in development mode: /dev/status is absent
  }
}

async function mintDevToken(event) {
  event.preventDefault();
  const body = { userId: $('dev-user-id').value.trim(), role: $('dev-role').value };
  const first = $('dev-first-name').value.trim();
  const last = $('dev-last-name').value.trim();
  if (first) body.firstName = first;
  if (last) body.lastName = last;
  if (!body.userId) {
    showSigninError('Enter a user id, such as user_john.');
    $('dev-user-id').focus();
    return;
  }
  try {
    const { token } = await api.devToken(body);
    await signIn(token);
  } catch (error) {
    showSigninError(`No token: ${errorText(error)}`);
  }
}

// ---------------------------------------------------------------------------------------
// The conversation list

function takeConversations(list, page, replace) {
  if (replace) {
    const open = openConversationData();
    state.conversations.clear();
    if (open) state.conversations.set(open.id, open);
  }
  for (const conversation of list) {
    state.conversations.set(conversation.id, conversation);
    const me = conversation.participants.find((p) => isMe(p.userId));
    if (me && !state.me.firstName && !state.me.lastName) {
      state.me.firstName = me.user.firstName;
      state.me.lastName = me.user.lastName;
      renderWhoami();
    }
  }
  state.conversationPages = page;
  state.moreConversations = list.length === CONVERSATION_PAGE;
}

async function refreshConversations() {
  try {
    takeConversations(await api.conversations(1), 1, true);
    renderConversationList();
  } catch (error) {
    if (state.token) toast(errorText(error));
  }
}

async function moreConversations() {
  try {
    const page = state.conversationPages + 1;
    takeConversations(await api.conversations(page), page, false);
    renderConversationList();
  } catch (error) {
    toast(errorText(error));
  }
}

function isOnline(conversation) {
  return othersIn(conversation).some((p) => state.presence.get(p.userId) === 'online');
}

function renderConversationList() {
  if (!state.me) return;
  const sorted = [...state.conversations.values()].sort((a, b) =>
    lastActivity(b).localeCompare(lastActivity(a)));
  $('conversation-list').replaceChildren(...sorted.map((conversation) =>
    conversationItem(conversation, {
      meId: state.me.id,
      current: conversation.id === state.openId,
      typing: typingIn.usersIn(conversation.id).length > 0,
      online: isOnline(conversation),
      onOpen: () => openConversation(conversation.id),
    })));
  show($('conversation-empty'), state.conversations.size === 0);
  show($('more-conversations'), state.moreConversations);
  const unread = sorted.reduce((n, c) => n + (c.unreadCount || 0), 0);
  document.title = unread ? `(${unread}) confide · messages` : 'confide · messages';
}

function toggleNewConversation(open) {
  show($('new-conversation-form'), open);
  $('new-conversation-toggle').setAttribute('aria-expanded', String(open));
  showFormError('new-conversation-error', '');
  if (open) $('new-participants').focus();
}

function showFormError(id, text) {
  const node = $(id);
  node.textContent = text;
  show(node, Boolean(text));
}

async function createConversation(event) {
  event.preventDefault();
  const participantIds = $('new-participants').value.split(',').map((s) => s.trim())
    .filter(Boolean);
  if (participantIds.length === 0) {
    showFormError('new-conversation-error', 'Enter at least one participant id.');
    return;
  }
  const body = { participantIds };
  if ($('new-type').value) body.type = $('new-type').value;
  if ($('new-title').value.trim()) body.title = $('new-title').value.trim();
  try {
    const conversation = await api.createConversation(body);
    state.conversations.set(conversation.id, conversation);
    $('new-conversation-form').reset();
    toggleNewConversation(false);
    renderConversationList();
    openConversation(conversation.id);
  } catch (error) {
    showFormError('new-conversation-error', errorText(error));
  }
}

// ---------------------------------------------------------------------------------------
// The open conversation

function openConversation(id) {
  if (state.openId !== id) {
    leaveOpenConversation();
    setComposerMode('send');
    $('composer-input').value = '';
  }
  Object.assign(state, {
    openId: id, messages: [], loading: true, hasOlder: false, confirmingDelete: null,
  });
  history.replaceState(null, '', `#${encodeURIComponent(id)}`);
  renderConversationList();
  renderOpenConversation();
  emit('join_conversation', { conversationId: id });
  loadMessages(id);
  if (window.matchMedia('(min-width: 721px)').matches) $('composer-input').focus();
}

function closeConversation() {
  leaveOpenConversation();
  state.openId = null;
  state.messages = [];
  history.replaceState(null, '', location.pathname);
  renderConversationList();
  renderOpenConversation();
}

/** Stops typing in the open conversation and leaves its room, where typing is heard. */
function leaveOpenConversation() {
  typingOut.stop();
  if (!state.openId) return;
  emit('leave_conversation', { conversationId: state.openId });
  typingIn.forget(state.openId);
}

async function loadMessages(id) {
  const seq = ++state.openSeq;
  let page = [];
  try {
    page = await api.messages(id);
  } catch (error) {
    if (seq === state.openSeq) toast(errorText(error));
  }
  if (seq !== state.openSeq) return;
  state.loading = false;
  state.messages = page;
  state.hasOlder = page.length === MESSAGE_PAGE;
  renderMessages();
  scrollToEnd();
  markRead(id);
}

/** Reloads the newest page of the open conversation, keeping older pages already shown. */
async function reloadNewest(id) {
  try {
    const page = await api.messages(id);
    if (state.openId !== id) return;
    const fresh = new Set(page.map((m) => m.id));
    // Ids sort in creation order, so older ones compare lower.
    const kept = state.messages.filter((m) => !fresh.has(m.id) && page.length && m.id < page[0].id);
    state.messages = [...kept, ...page];
    if (kept.length === 0) state.hasOlder = page.length === MESSAGE_PAGE;
    renderMessages();
    markRead(id);
  } catch (error) {
    toast(errorText(error));
  }
}

async function loadOlder() {
  const id = state.openId;
  const oldest = state.messages[0];
  if (!id || !oldest) return;
  const scroller = $('messages-scroller');
  const fromBottom = scroller.scrollHeight - scroller.scrollTop;
  try {
    const page = await api.messages(id, oldest.id);
    if (state.openId !== id) return;
    const known = new Set(state.messages.map((m) => m.id));
    state.messages = [...page.filter((m) => !known.has(m.id)), ...state.messages];
    state.hasOlder = page.length === MESSAGE_PAGE;
    renderMessages();
    scroller.scrollTop = scroller.scrollHeight - fromBottom; // the same message stays in view
  } catch (error) {
    toast(errorText(error));
  }
}

async function refreshAll() {
  await refreshConversations();
  if (state.openId && state.conversations.has(state.openId)) {
    const stick = nearEnd();
    await reloadNewest(state.openId);
    if (stick) scrollToEnd();
  }
}

async function markRead(id) {
  const conversation = state.conversations.get(id);
  if (!conversation || document.visibilityState !== 'visible') return;
  try {
    const result = await api.markRead(id);
    conversation.unreadCount = typeof result?.unreadCount === 'number' ? result.unreadCount : 0;
    renderConversationList();
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return; // no longer ours
    toast(errorText(error));
  }
}

function scheduleMarkRead() {
  clearTimeout(state.markReadTimer);
  const id = state.openId;
  state.markReadTimer = setTimeout(() => {
    if (state.openId === id) markRead(id);
  }, 400);
}

function renderOpenConversation() {
  const conversation = openConversationData();
  $('app').classList.toggle('has-open', Boolean(conversation));
  show($('placeholder'), !conversation);
  show($('conversation-body'), Boolean(conversation));
  if (!conversation) return;
  renderConversationHeader(conversation);
  renderMessages();
  renderTyping();
}

const KINDS = { DIRECT: 'Direct', GROUP: 'Group', SUPPORT: 'Support group', THERAPY: 'Therapy' };

function renderConversationHeader(conversation) {
  $('conversation-title').textContent = titleOf(conversation);
  const others = othersIn(conversation);
  const online = others.filter((p) => state.presence.get(p.userId) === 'online').length;
  let who;
  if (others.length === 1) {
    const role = others[0].user.role || '';
    who = role ? role[0].toUpperCase() + role.slice(1) : '';
  } else {
    who = ['You', ...others.map((p) => firstName(p.user))].join(', ');
  }
  let presence = '';
  if (online) presence = others.length === 1 ? 'online' : `${online} online`;
  $('conversation-subtitle').textContent =
    [KINDS[conversation.type] || conversation.type, who, presence].filter(Boolean).join(' · ');
}

function renderTyping() {
  const conversation = openConversationData();
  const names = typingIn.usersIn(state.openId)
    .map((id) => firstName(userIn(conversation, id) || { id }));
  let text = '';
  if (names.length === 1) text = `${names[0]} is typing…`;
  else if (names.length === 2) text = `${names[0]} and ${names[1]} are typing…`;
  else if (names.length > 2) text = 'Several people are typing…';
  $('typing').textContent = text;
}

function scrollToEnd() {
  const scroller = $('messages-scroller');
  scroller.scrollTop = scroller.scrollHeight;
}

function nearEnd() {
  const scroller = $('messages-scroller');
  return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 120;
}

// ---------------------------------------------------------------------------------------
// Messages

/** What message_view.js needs to draw `message`, and what its buttons do. */
function messageView(message) {
  const id = message.id;
  const conversation = state.conversations.get(message.conversationId);
  const index = state.messages.indexOf(message);
  const redraw = (confirming) => {
    state.confirmingDelete = confirming;
    updateMessage(id);
  };
  return {
    meId: state.me.id,
    sender: senderOf(message),
    showSender: index >= 0 && startsRun(state.messages, index, conversation?.type),
    confirmingDelete: state.confirmingDelete === id,
    actions: {
      react: (emoji) => toggleReaction(id, emoji),
      reply: () => startReply(id),
      edit: () => startEdit(id),
      askDelete: () => redraw(id),
      keep: () => redraw(null),
      confirmDelete: () => deleteMessage(id),
    },
  };
}

function renderMessages() {
  const items = [];
  let lastDay = null;
  for (const message of state.messages) {
    const day = dayOf(message.createdAt);
    if (day !== lastDay) items.push(daySeparator(message.createdAt));
    lastDay = day;
    items.push(messageItem(message, messageView(message)));
  }
  if (items.length === 0) {
    const text = state.loading ? 'Loading…' : 'No messages yet. Say hello.';
    items.push(h('li', { class: 'messages-empty', text }));
  }
  $('messages').replaceChildren(...items);
  show($('load-older'), state.hasOlder);
  renderSeen();
}

/** Adds a message at the end of the open conversation unless it is there; true if added. */
function addMessage(message) {
  if (state.messages.some((m) => m.id === message.id)) return false;
  const stick = nearEnd() || isMe(message.senderId);
  const previous = state.messages[state.messages.length - 1];
  state.messages.push(message);
  const list = $('messages');
  list.querySelector('.messages-empty')?.remove();
  if (!previous || dayOf(previous.createdAt) !== dayOf(message.createdAt)) {
    list.append(daySeparator(message.createdAt));
  }
  list.append(messageItem(message, messageView(message)));
  renderSeen();
  if (stick) scrollToEnd();
  return true;
}

/** Redraws one message in place, keeping keyboard focus on the same control. */
function updateMessage(id) {
  const message = state.messages.find((m) => m.id === id);
  const old = document.querySelector(`#messages [data-message-id="${CSS.escape(id)}"]`);
  if (!message || !old) return;
  const focused = old.contains(document.activeElement) ? document.activeElement.dataset.focusKey
    : null;
  const fresh = messageItem(message, messageView(message));
  old.replaceWith(fresh);
  if (focused) fresh.querySelector(`[data-focus-key="${CSS.escape(focused)}"]`)?.focus();
  renderSeen();
}

function renderSeen() {
  const conversation = openConversationData();
  const names = seenBy(state.messages, state.me.id,
    (userId) => firstName(userIn(conversation, userId) || { id: userId }));
  for (const node of document.querySelectorAll('#messages [data-message-id]')) {
    const seen = node.querySelector('.seen');
    if (!seen) continue;
    const who = names.get(node.dataset.messageId);
    seen.textContent = who ? `Seen by ${who.join(', ')}` : '';
    show(seen, Boolean(who));
  }
}

/** Records `message` as its conversation's newest, for the list. */
function noteLastMessage(message) {
  const conversation = state.conversations.get(message.conversationId);
  if (!conversation) return;
  conversation.messages = [message];
  conversation.lastMessageAt = message.createdAt;
}

async function toggleReaction(messageId, emoji) {
  const message = state.messages.find((m) => m.id === messageId);
  if (!message) return;
  message.reactions ||= [];
  const mine = message.reactions.find((r) => r.emoji === emoji && isMe(r.userId));
  try {
    if (mine) {
      await api.unreact(messageId, emoji);
      message.reactions = message.reactions.filter((r) => r !== mine);
    } else {
      const reaction = await api.react(messageId, emoji);
      if (!message.reactions.some((r) => r.emoji === emoji && isMe(r.userId))) {
        message.reactions.push(reaction);
      }
    }
    updateMessage(messageId);
  } catch (error) {
    toast(errorText(error));
  }
}

async function deleteMessage(messageId) {
  try {
    await api.remove(messageId);
    state.confirmingDelete = null;
    markDeleted(messageId);
    if (state.composer.messageId === messageId) setComposerMode('send');
  } catch (error) {
    toast(errorText(error));
  }
}

function markDeleted(messageId) {
  const message = state.messages.find((m) => m.id === messageId);
  if (message) {
    Object.assign(message, { isDeleted: true, content: '', reactions: [], attachmentUrl: null,
      attachmentName: null, attachmentSize: null });
    updateMessage(messageId);
  }
  for (const conversation of state.conversations.values()) {
    if (conversation.messages?.[0]?.id === messageId) refreshConversation(conversation.id);
  }
}

/** Fetches one conversation again (its last message changed in a way we cannot know). */
async function refreshConversation(id) {
  try {
    state.conversations.set(id, await api.conversation(id));
    renderConversationList();
  } catch {
    // the list stays as it was
  }
}

function replaceMessage(updated) {
  const index = state.messages.findIndex((m) => m.id === updated.id);
  if (index >= 0) {
    state.messages[index] = updated;
    updateMessage(updated.id);
  }
  const conversation = state.conversations.get(updated.conversationId);
  if (conversation?.messages?.[0]?.id === updated.id) {
    conversation.messages = [updated];
    renderConversationList();
  }
}

// ---------------------------------------------------------------------------------------
// The composer

function setComposerMode(mode, messageId = null) {
  const input = $('composer-input');
  if (state.composer.mode === 'edit' && mode !== 'edit') input.value = state.composer.draft;
  if (mode === 'edit' && state.composer.mode !== 'edit') state.composer.draft = input.value;
  state.composer.mode = mode;
  state.composer.messageId = messageId;
  const message = messageId && state.messages.find((m) => m.id === messageId);
  const text = $('composer-context-text');
  if (mode === 'reply' && message) {
    text.textContent = `Replying to ${fullName(senderOf(message))}: ${message.content}`;
  } else if (mode === 'edit') {
    text.textContent = 'Editing your message';
  }
  show($('composer-context'), mode !== 'send');
  $('composer-send').textContent = mode === 'edit' ? 'Save' : 'Send';
  autoGrow();
}

function startReply(messageId) {
  setComposerMode('reply', messageId);
  $('composer-input').focus();
}

function startEdit(messageId) {
  const message = state.messages.find((m) => m.id === messageId);
  if (!message) return;
  typingOut.stop();
  setComposerMode('edit', messageId);
  const input = $('composer-input');
  input.value = message.content;
  autoGrow();
  input.focus();
  input.setSelectionRange(input.value.length, input.value.length);
}

function autoGrow() {
  const input = $('composer-input');
  input.style.height = 'auto';
  input.style.height = `${Math.min(input.scrollHeight, 180)}px`;
}

async function submitComposer(event) {
  event.preventDefault();
  const id = state.openId;
  const input = $('composer-input');
  const content = input.value;
  if (!id || state.sending || !content.trim()) return;
  state.sending = true;
  $('composer-send').disabled = true;
  const { mode, messageId } = state.composer;
  try {
    if (mode === 'edit') {
      replaceMessage(await api.edit(messageId, content));
      setComposerMode('send'); // brings back what was being written before the edit
    } else {
      typingOut.stop();
      const body = { content };
      if (mode === 'reply' && messageId) body.replyToId = messageId;
      const message = await api.send(id, body);
      state.counted.add(message.id);
      input.value = '';
      setComposerMode('send');
      noteLastMessage(message);
      if (state.openId === id) addMessage(message);
      renderConversationList();
    }
  } catch (error) {
    toast(errorText(error));
  } finally {
    state.sending = false;
    $('composer-send').disabled = false;
    autoGrow();
  }
}

function onComposerKey(event) {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    $('composer').requestSubmit();
  } else if (event.key === 'Escape' && state.composer.mode !== 'send') {
    setComposerMode('send');
  }
}

function onComposerInput() {
  autoGrow();
  if (state.composer.mode === 'edit' || !state.openId) return;
  if ($('composer-input').value.trim()) typingOut.input(state.openId);
  else typingOut.stop();
}

// ---------------------------------------------------------------------------------------
// Live updates: the Socket.IO gateway

function setConnection(connection) {
  state.connection = connection;
  const node = $('connection-status');
  node.textContent = { live: 'live', connecting: 'connecting…' }[connection] ?? 'offline';
  node.dataset.state = connection;
  node.title = connection === 'live' ? 'Live updates are on' : 'Live updates are off';
  show($('live-notice'), Boolean(state.token) && connection === 'unavailable');
}

function emit(event, payload) {
  state.live?.emit(event, payload);
}

function connect() {
  state.live = connectLive(state.token, {
    onState: (connection) => {
      const wasLive = state.connection === 'live';
      setConnection(connection);
      if (connection === 'live' && !wasLive) onLive();
      if (connection !== 'live' && wasLive) typingIn.clear(); // no "stopped" can reach us now
    },
    handlers: {
      new_message: onNewMessage,
      conversation_activity: onConversationActivity,
      message_updated: onMessageUpdated,
      message_deleted: ({ messageId } = {}) => messageId && markDeleted(messageId),
      message_read: onMessageRead,
      message_reaction: onMessageReaction,
      conversation_created: onConversationCreated,
      typing_indicator: ({ conversationId, userId, isTyping } = {}) => {
        if (conversationId && userId && !isMe(userId)) {
          typingIn.update(conversationId, userId, Boolean(isTyping));
        }
      },
      presence_state: onPresenceState,
      user_status_changed: onStatusChanged,
      error: (error) => toast(error?.message || 'A live update failed.'),
    },
  });
}

/** Joins the open conversation's room; after a gap, fetches what may have been missed. */
async function onLive() {
  const reconnected = state.everLive;
  state.everLive = true;
  if (state.openId) emit('join_conversation', { conversationId: state.openId });
  if (!reconnected) return;
  await refreshConversations();
  if (state.openId) await reloadNewest(state.openId);
}

function onNewMessage(message) {
  if (!message?.id || !message.conversationId) return;
  const conversation = state.conversations.get(message.conversationId);
  if (!conversation) {
    refreshConversations(); // a conversation we have not heard of yet
    return;
  }
  const first = !state.counted.has(message.id);
  state.counted.add(message.id);
  typingIn.update(message.conversationId, message.senderId, false);
  noteLastMessage(message);
  const fromOthers = !isMe(message.senderId);
  if (message.conversationId === state.openId) {
    const added = addMessage(message);
    if (added && fromOthers) {
      announce(`${fullName(senderOf(message))}: ${message.content}`);
      if (document.visibilityState === 'visible') scheduleMarkRead();
      else conversation.unreadCount = (conversation.unreadCount || 0) + 1;
    }
  } else if (first && fromOthers) {
    conversation.unreadCount = (conversation.unreadCount || 0) + 1;
    announce(`New message from ${fullName(senderOf(message))} in ${titleOf(conversation)}`);
  }
  renderConversationList();
}

/**
 * A message in a conversation whose room this page is not in (only the open conversation's
 * room is joined): the list's preview, order and unread badge follow. For the open
 * conversation, whose room was joined a moment too late, the newest messages are fetched.
 */
function onConversationActivity(activity) {
  const { conversationId, messageId, senderId } = activity || {};
  if (!conversationId || !messageId) return;
  const conversation = state.conversations.get(conversationId);
  if (!conversation) {
    refreshConversations(); // a conversation we have not heard of yet
    return;
  }
  if (conversationId === state.openId) {
    reloadNewest(conversationId);
    return;
  }
  if (state.counted.has(messageId)) return;
  state.counted.add(messageId);
  typingIn.update(conversationId, senderId, false);
  const message = {
    id: messageId, conversationId, senderId, content: activity.preview ?? '',
    messageType: activity.messageType, createdAt: activity.createdAt,
  };
  noteLastMessage(message);
  if (!isMe(senderId)) {
    conversation.unreadCount = (conversation.unreadCount || 0) + 1;
    announce(`New message from ${fullName(senderOf(message))} in ${titleOf(conversation)}`);
  }
  renderConversationList();
}

function onMessageUpdated(update) {
  if (!update?.messageId) return;
  const fields = ['content', 'isEdited', 'editedAt', 'isDeleted', 'attachmentUrl',
    'attachmentName', 'attachmentSize', 'reactions', 'readReceipts'];
  const message = state.messages.find((m) => m.id === update.messageId);
  if (message) {
    for (const field of fields) if (field in update) message[field] = update[field];
    updateMessage(message.id);
  }
  for (const conversation of state.conversations.values()) {
    const last = conversation.messages?.[0];
    if (last?.id !== update.messageId) continue;
    for (const field of ['content', 'isEdited']) if (field in update) last[field] = update[field];
    renderConversationList();
  }
}

function onMessageRead({ messageId, userId, readAt } = {}) {
  const message = state.messages.find((m) => m.id === messageId);
  if (!message || !userId) return;
  message.readReceipts ||= [];
  if (message.readReceipts.some((r) => r.userId === userId)) return;
  const conversation = state.conversations.get(message.conversationId);
  message.readReceipts.push({ id: `live:${userId}`, userId, readAt,
    user: userIn(conversation, userId) || { id: userId } });
  renderSeen();
}

function onMessageReaction({ messageId, reaction, action } = {}) {
  const message = state.messages.find((m) => m.id === messageId);
  const userId = reaction?.user?.id || reaction?.userId;
  if (!message || !reaction?.emoji || !userId) return;
  const others = (message.reactions || []).filter((r) =>
    !(r.emoji === reaction.emoji && r.userId === userId));
  message.reactions = action === 'removed' ? others
    : [...others, { ...reaction, messageId, userId }];
  updateMessage(messageId);
}

function onConversationCreated(conversation) {
  if (!conversation?.id || state.conversations.has(conversation.id)) return;
  const added = { unreadCount: 0, messages: [], ...conversation,
    participants: conversation.participants || [] };
  state.conversations.set(added.id, added);
  renderConversationList();
  announce(`New conversation: ${titleOf(added)}`);
}

/** Who is online as the connection starts: the changes that follow build on it. */
function onPresenceState({ users } = {}) {
  if (!Array.isArray(users)) return;
  state.presence.clear();
  for (const { userId, status } of users) if (userId) state.presence.set(userId, status);
  renderConversationList();
  const conversation = openConversationData();
  if (conversation) renderConversationHeader(conversation);
}

function onStatusChanged({ userId, status } = {}) {
  if (!userId) return;
  state.presence.set(userId, status);
  renderConversationList();
  const conversation = openConversationData();
  if (conversation && userIn(conversation, userId)) renderConversationHeader(conversation);
}

// ---------------------------------------------------------------------------------------
// Wiring

function on(id, event, handler) {
  $(id).addEventListener(event, handler);
}

function wire() {
  on('token-form', 'submit', (event) => {
    event.preventDefault();
    const token = $('token-input').value.trim();
    if (token) signIn(token);
    else showSigninError('Paste a token first.');
  });
  on('dev-form', 'submit', mintDevToken);
  for (const button of document.querySelectorAll('[data-fill]')) {
    button.addEventListener('click', () => {
      const [id, first, last, role] = button.dataset.fill.split(',');
      $('dev-user-id').value = id;
      $('dev-first-name').value = first;
      $('dev-last-name').value = last;
      $('dev-role').value = role;
    });
  }
  on('sign-out', 'click', () => signOut());
  on('refresh', 'click', refreshAll);
  on('live-notice-refresh', 'click', refreshAll);
  on('new-conversation-toggle', 'click', () =>
    toggleNewConversation($('new-conversation-form').hidden));
  on('new-conversation-cancel', 'click', () => toggleNewConversation(false));
  on('new-conversation-form', 'submit', createConversation);
  on('more-conversations', 'click', moreConversations);
  on('load-older', 'click', loadOlder);
  on('back', 'click', closeConversation);
  on('composer', 'submit', submitComposer);
  on('composer-input', 'keydown', onComposerKey);
  on('composer-input', 'input', onComposerInput);
  on('composer-input', 'blur', () => {
    if (!$('composer-input').value.trim()) typingOut.stop();
  });
  on('composer-context-cancel', 'click', () => {
    setComposerMode('send');
    $('composer-input').focus();
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && openConversationData()?.unreadCount) {
      markRead(state.openId);
    }
  });
}

async function start() {
  wire();
  setConnection('offline');
  show($('connection-status'), false);
  checkDevMode();
  const saved = sessionStorage.getItem(TOKEN_KEY);
  if (saved && (await signIn(saved, { quiet: true }))) return;
  sessionStorage.removeItem(TOKEN_KEY);
  show($('signin'), true);
}

start();
