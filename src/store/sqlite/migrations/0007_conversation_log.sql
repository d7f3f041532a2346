-- Sequence numbers per conversation and the conversation log. Every change visible in a
-- conversation (a message sent, edited or deleted, a reaction added or removed, a read
-- receipt, a participant added or removed) takes the conversation's next number, last_seq + 1,
-- in the change's own transaction: gap-free, unique and increasing per conversation. A message
-- keeps the number it was sent with (conversation_seq; messages.seq stays the table's rowid).
ALTER TABLE conversations ADD COLUMN last_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN conversation_seq INTEGER NOT NULL DEFAULT 0;

-- Messages sent before this version are numbered in the order they were sent; the log starts
-- after them.
UPDATE messages SET conversation_seq = numbered.n
  FROM (SELECT seq, row_number() OVER (PARTITION BY conversation_id ORDER BY seq) AS n
        FROM messages) AS numbered
  WHERE numbered.seq = messages.seq;
UPDATE conversations SET last_seq =
  (SELECT count(*) FROM messages m WHERE m.conversation_id = conversations.id);

-- Each change as the real-time gateway sends it: its event name and its payload (JSON, seq
-- included). message_id: the message the change is about (reactions and receipts included);
-- actor_id: who made the change.
CREATE TABLE conversation_events (
  conversation_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  message_id TEXT,
  actor_id TEXT NOT NULL,
  occurred_at INTEGER NOT NULL,
  payload TEXT NOT NULL,
  PRIMARY KEY (conversation_id, seq)
) WITHOUT ROWID;
-- The entries about a message, rewritten when it is deleted (its content leaves the log).
CREATE INDEX conversation_events_by_message ON conversation_events (message_id)
  WHERE message_id IS NOT NULL;
-- The replies to a message, whose quotes of it are rewritten when it is deleted.
CREATE INDEX messages_by_reply ON messages (reply_to_id) WHERE reply_to_id IS NOT NULL;
