// How a message looks: its bubble (sender, reply preview, text, attachment), its reactions,
// its time and edited marker, its actions, and the "Seen by …" line. Pure DOM building;
// what a click does is the caller's.

import { h } from './dom.js';
import { clockTime, dayLabel, dayOf, firstName, formatSize, fullName, fullTime } from './format.js';

export const REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏'];

/**
 * One message of the open conversation.
 * view: {meId, sender, showSender, confirmingDelete,
 *        actions: {react(emoji), reply(), edit(), askDelete(), confirmDelete(), keep()}}
 */
export function messageItem(message, view) {
  const dataset = { messageId: message.id, testid: 'message' };
  if (message.messageType === 'SYSTEM') {
    return h('li', { class: 'message system', dataset },
      h('p', { class: 'content', dataset: { testid: 'message-content' }, text: message.content }));
  }
  const mine = message.senderId === view.meId;
  const item = h('li', {
    class: `message ${mine ? 'mine' : 'theirs'}${message.isDeleted ? ' deleted' : ''}`,
    dataset,
  });
  item.append(bubble(message, !mine && view.showSender ? view.sender : null));
  if (!message.isDeleted) {
    const chips = reactionChips(message, view);
    if (chips) item.append(chips);
  }
  item.append(meta(message));
  if (!message.isDeleted) item.append(actionBar(mine, view));
  item.append(h('p', { class: 'seen', dataset: { testid: 'seen-by' }, hidden: true }));
  return item;
}

export function daySeparator(iso) {
  return h('li', { class: 'day', role: 'presentation' }, h('span', { text: dayLabel(iso) }));
}

/** In a group, a run of messages from one person is headed by their name once a day. */
export function startsRun(messages, index, conversationType) {
  if (conversationType === 'DIRECT') return false;
  const message = messages[index];
  const previous = index > 0 ? messages[index - 1] : null;
  return !previous || previous.senderId !== message.senderId ||
    previous.messageType === 'SYSTEM' || dayOf(previous.createdAt) !== dayOf(message.createdAt);
}

/**
 * Who has seen what: message id -> first names, for "Seen by …". Each other person is placed
 * under the newest message with their read receipt, unless they have written since (then
 * they have read it all, and their own message needs no marker).
 * `nameOf(userId)` names people whose receipts carry no user.
 */
export function seenBy(messages, meId, nameOf) {
  const newest = new Map(); // reader id -> {index, user}
  const reach = (userId, index, user) => {
    const known = newest.get(userId);
    if (!known || known.index <= index) newest.set(userId, { index, user: user || known?.user });
  };
  messages.forEach((message, index) => {
    for (const receipt of message.readReceipts || []) {
      if (receipt.userId !== meId) reach(receipt.userId, index, receipt.user);
    }
    if (message.senderId !== meId) reach(message.senderId, index, message.sender);
  });
  const names = new Map();
  for (const [userId, { index, user }] of newest) {
    const message = messages[index];
    if (message.senderId === userId) continue;
    if (!names.has(message.id)) names.set(message.id, []);
    names.get(message.id).push(user ? firstName(user) : nameOf(userId));
  }
  return names;
}

function bubble(message, sender) {
  const node = h('div', { class: 'bubble' });
  if (sender) node.append(h('p', { class: 'sender', text: fullName(sender) }));
  if (message.isDeleted) {
    node.append(h('p', { class: 'content tombstone', dataset: { testid: 'message-content' },
      text: 'This message was deleted' }));
    return node;
  }
  if (message.replyTo) node.append(replyPreview(message.replyTo));
  if (message.content) {
    node.append(h('p', { class: 'content', dataset: { testid: 'message-content' },
      text: message.content }));
  }
  const attachment = attachmentLink(message);
  if (attachment) node.append(attachment);
  return node;
}

function meta(message) {
  return h('p', { class: 'meta' },
    h('time', { datetime: message.createdAt, title: fullTime(message.createdAt),
      text: clockTime(message.createdAt) }),
    message.isEdited && !message.isDeleted
      ? h('span', { class: 'edited', dataset: { testid: 'edited-marker' },
        title: message.editedAt ? `Edited ${fullTime(message.editedAt)}` : null,
        text: 'edited' })
      : null);
}

function replyPreview(reply) {
  const text = reply.isDeleted ? 'a deleted message' : reply.content;
  return h('div', { class: 'reply-preview', dataset: { testid: 'reply-preview' } },
    h('span', { class: 'reply-sender', text: fullName(reply.sender) }),
    h('span', { class: 'reply-text', text }));
}

/** A link to the attachment, for http and https URLs only. */
function attachmentLink(message) {
  if (!message.attachmentUrl) return null;
  let url;
  try {
    url = new URL(message.attachmentUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const size = typeof message.attachmentSize === 'number'
    ? ` · ${formatSize(message.attachmentSize)}` : '';
  return h('p', { class: 'attachment' },
    h('a', { href: url.href, target: '_blank', rel: 'noopener noreferrer',
      text: `${message.attachmentName || 'Attachment'}${size}` }));
}

function reactionChips(message, view) {
  const groups = new Map();
  for (const reaction of message.reactions || []) {
    if (!groups.has(reaction.emoji)) groups.set(reaction.emoji, []);
    groups.get(reaction.emoji).push(reaction);
  }
  if (groups.size === 0) return null;
  const row = h('div', { class: 'reactions' });
  for (const [emoji, reactions] of groups) {
    const mine = reactions.some((r) => r.userId === view.meId);
    const names = reactions.map((r) => (r.userId === view.meId ? 'you' : fullName(r.user)));
    row.append(h('button', {
      type: 'button',
      class: 'reaction',
      'aria-pressed': String(mine),
      'aria-label': `${emoji} ${reactions.length}: ${names.join(', ')}`,
      title: names.join(', '),
      dataset: { testid: 'reaction', emoji, focusKey: `chip:${emoji}` },
      onclick: () => view.actions.react(emoji),
    }, h('span', { class: 'reaction-emoji', text: emoji }),
    h('span', { class: 'reaction-count', text: String(reactions.length) })));
  }
  return row;
}

function action(text, testid, onclick, extra = '') {
  return h('button', { type: 'button', class: `action${extra}`, text, onclick,
    dataset: { testid, focusKey: testid } });
}

function actionBar(mine, view) {
  const bar = h('div', { class: 'message-actions' });
  if (view.confirmingDelete) {
    bar.classList.add('confirming');
    bar.append(h('span', { class: 'confirm-text', text: 'Delete this message?' }),
      action('Delete', 'confirm-delete', view.actions.confirmDelete, ' danger'),
      action('Keep', 'keep-message', view.actions.keep));
    return bar;
  }
  const quick = h('span', { class: 'quick-reactions', role: 'group', 'aria-label': 'React' });
  for (const emoji of REACTIONS) {
    quick.append(h('button', {
      type: 'button',
      class: 'action emoji',
      'aria-label': `React with ${emoji}`,
      title: `React with ${emoji}`,
      dataset: { testid: 'react', emoji, focusKey: `react:${emoji}` },
      onclick: () => view.actions.react(emoji),
      text: emoji,
    }));
  }
  bar.append(quick, action('Reply', 'reply-message', view.actions.reply));
  if (mine) {
    bar.append(action('Edit', 'edit-message', view.actions.edit),
      action('Delete', 'delete-message', view.actions.askDelete));
  }
  return bar;
}
