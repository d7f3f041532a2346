// Typing indicators, both ways.
//
// TypingSender turns keystrokes into `typing_indicator` events: `isTyping: true` when typing
// starts (and again every few seconds while it goes on, which keeps the gateway's indicator
// from timing out), `isTyping: false` after a few seconds without a keystroke, or at once on
// send or when the conversation changes.
// TypingWatcher remembers who is typing where until the gateway says they stopped. The
// gateway passes on changes only, not the repeats, and ends every indicator itself: when the
// person stops, leaves or disconnects, or after its own timeout. So the watcher keeps an
// indicator as long as it lasts, and the page makes it forget only what it can no longer hear
// about: a conversation it leaves, and everything when the connection drops.

const IDLE_MS = 3000; // after this long without a keystroke, "stopped typing"
const REPEAT_MS = 4000; // while typing, say so again this often

export class TypingSender {
  /** `emit(event, payload)` sends to the gateway. */
  constructor(emit) {
    this.emit = emit;
    this.conversationId = null;
    this.sentAt = 0;
    this.idleTimer = 0;
  }

  /** A keystroke in `conversationId`'s message box. */
  input(conversationId) {
    const now = Date.now();
    if (this.conversationId !== conversationId) this.stop();
    if (this.conversationId === null || now - this.sentAt > REPEAT_MS) {
      this.emit('typing_indicator', { conversationId, isTyping: true });
      this.conversationId = conversationId;
      this.sentAt = now;
    }
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.stop(), IDLE_MS);
  }

  /** Typing stopped (idle, sent, or another conversation); says so once. */
  stop() {
    clearTimeout(this.idleTimer);
    if (this.conversationId === null) return;
    this.emit('typing_indicator', { conversationId: this.conversationId, isTyping: false });
    this.conversationId = null;
    this.sentAt = 0;
  }
}

export class TypingWatcher {
  /** `onChange(conversationId)` runs whenever who is typing there changes. */
  constructor(onChange) {
    this.onChange = onChange;
    this.typing = new Map(); // conversationId -> Set of user ids, in the order they started
  }

  update(conversationId, userId, isTyping) {
    const people = this.typing.get(conversationId) ?? new Set();
    if (people.has(userId) === Boolean(isTyping)) return;
    if (isTyping) people.add(userId);
    else people.delete(userId);
    if (people.size) this.typing.set(conversationId, people);
    else this.typing.delete(conversationId);
    this.onChange(conversationId);
  }

  /** The ids of those typing in `conversationId`, in the order they started. */
  usersIn(conversationId) {
    return [...(this.typing.get(conversationId) ?? [])];
  }

  /** Forgets who types in `conversationId`: the page no longer hears about it. */
  forget(conversationId) {
    if (this.typing.delete(conversationId)) this.onChange(conversationId);
  }

  /** Forgets everyone everywhere (signed out, or the connection dropped). */
  clear() {
    const ids = [...this.typing.keys()];
    this.typing.clear();
    for (const id of ids) this.onChange(id);
  }
}
