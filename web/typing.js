// Typing indicators, both ways.
//
// TypingSender turns keystrokes into `typing_indicator` events: `isTyping: true` when typing
// starts (and again every few seconds while it goes on), `isTyping: false` after a few
// seconds without a keystroke, or at once on send or when the conversation changes.
// TypingWatcher remembers who is typing where, and forgets anyone not heard from for a while
// (an indicator whose "stopped" was lost does not stay forever).

const IDLE_MS = 3000; // after this long without a keystroke, "stopped typing"
const REPEAT_MS = 4000; // while typing, say so again this often
const EXPIRE_MS = 8000; // someone else's indicator fades if not repeated

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
    this.typing = new Map(); // conversationId -> Map(userId -> expiry timer)
  }

  update(conversationId, userId, isTyping) {
    if (!this.typing.has(conversationId)) this.typing.set(conversationId, new Map());
    const people = this.typing.get(conversationId);
    const known = people.has(userId);
    clearTimeout(people.get(userId));
    if (isTyping) {
      people.set(userId, setTimeout(() => this.update(conversationId, userId, false), EXPIRE_MS));
    } else {
      people.delete(userId);
    }
    if (known !== Boolean(isTyping)) this.onChange(conversationId);
  }

  /** The ids of those typing in `conversationId`, in the order they started. */
  usersIn(conversationId) {
    return [...(this.typing.get(conversationId)?.keys() ?? [])];
  }

  clear() {
    for (const people of this.typing.values()) {
      for (const timer of people.values()) clearTimeout(timer);
    }
    this.typing.clear();
  }
}
