-- The conversation log in the order it is written. As a WITHOUT ROWID table keyed by
-- (conversation_id, seq), each entry (a few hundred bytes of payload) went into its
-- conversation's part of the tree, so a group commit of sends to many conversations rewrote
-- a page of the table for nearly every entry, and pages of five entries split often. Kept by
-- rowid, entries are appended to the last pages; the key becomes a unique index of small
-- entries.
CREATE TABLE conversation_events_appended (
  conversation_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  message_id TEXT,
  actor_id TEXT NOT NULL,
  occurred_at INTEGER NOT NULL,
  payload TEXT NOT NULL
);
INSERT INTO conversation_events_appended
  (conversation_id, seq, type, message_id, actor_id, occurred_at, payload)
  SELECT conversation_id, seq, type, message_id, actor_id, occurred_at, payload
  FROM conversation_events ORDER BY occurred_at, conversation_id, seq;
DROP TABLE conversation_events;
ALTER TABLE conversation_events_appended RENAME TO conversation_events;
CREATE UNIQUE INDEX conversation_events_by_seq ON conversation_events (conversation_id, seq);
-- The entries about a message, rewritten when it is deleted (its content leaves the log).
CREATE INDEX conversation_events_by_message ON conversation_events (message_id)
  WHERE message_id IS NOT NULL;
