// How a conversation reads: its title, its participants, and its entry in the list.
// Pure DOM building; what a click does is the caller's.

import { h } from './dom.js';
import { firstName, fullName, initials, listTime, tintClass } from './format.js';

export function userIn(conversation, userId) {
  const p = conversation && conversation.participants.find((x) => x.userId === userId);
  return p ? p.user : null;
}

/** The active participants other than `meId`. */
export function otherParticipants(conversation, meId) {
  return conversation.participants.filter((p) => p.isActive && p.userId !== meId);
}

/** The title, or the other participants' names. */
export function conversationTitle(conversation, meId) {
  if (conversation.title) return conversation.title;
  const names = otherParticipants(conversation, meId).map((p) => fullName(p.user));
  if (names.length === 0) return 'Only you';
  if (names.length === 1) return names[0];
  if (names.length === 2) return `${names[0]} and ${names[1]}`;
  return `${names[0]}, ${names[1]} and ${names.length - 2} more`;
}

export function lastActivity(conversation) {
  return conversation.lastMessageAt || conversation.createdAt;
}

function preview(conversation, meId, typing) {
  if (typing) return { text: 'typing…', typing: true };
  const last = conversation.messages && conversation.messages[0];
  if (!last) return { text: 'No messages yet' };
  let who = '';
  if (last.senderId === meId) who = 'You: ';
  else if (conversation.type !== 'DIRECT') who = `${firstName(last.sender)}: `;
  const body = last.content || (last.messageType !== 'TEXT' ? 'Sent an attachment' : '');
  return { text: who + body.replace(/\s+/g, ' ') };
}

function avatar(label, id, online) {
  return h('span', { class: `avatar ${tintClass(id)}`, 'aria-hidden': 'true' },
    initials(label), online ? h('span', { class: 'presence-dot' }) : null);
}

const TAGS = { SUPPORT: 'Support', THERAPY: 'Therapy' };

/**
 * One entry of the conversation list.
 * view: {meId, current, typing, online, onOpen()}
 */
export function conversationItem(conversation, view) {
  const title = conversationTitle(conversation, view.meId);
  const unread = conversation.unreadCount || 0;
  const line = preview(conversation, view.meId, view.typing);
  const others = otherParticipants(conversation, view.meId);
  const avatarId = others.length === 1 ? others[0].userId : conversation.id;
  return h('li', {
    class: 'conversation-entry',
    dataset: { conversationId: conversation.id, testid: 'conversation-item' },
  }, h('button', {
    type: 'button',
    class: `conversation-item${unread ? ' unread' : ''}`,
    'aria-current': view.current ? 'true' : null,
    onclick: view.onOpen,
  },
  avatar(title, avatarId, view.online),
  h('span', { class: 'conversation-text' },
    h('span', { class: 'conversation-line' },
      h('span', { class: 'conversation-name', text: title }),
      h('span', { class: 'conversation-time', text: listTime(lastActivity(conversation)) })),
    h('span', { class: 'conversation-line' },
      h('span', { class: `conversation-preview${line.typing ? ' is-typing' : ''}`,
        text: line.text }),
      unread ? h('span', { class: 'badge', dataset: { testid: 'unread-count' },
        text: unread > 99 ? '99+' : String(unread) }) : null,
      unread ? h('span', { class: 'sr-only', text: ' unread' }) : null),
    TAGS[conversation.type] ? h('span', { class: 'tag', text: TAGS[conversation.type] }) : null)));
}
