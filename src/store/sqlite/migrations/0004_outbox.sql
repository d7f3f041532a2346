-- The transactional outbox: every state change appends its events here in the transaction
-- that makes the change, so that an event exists exactly when its change committed. The
-- sinks read it in seq order (commit order: there is one writer). AUTOINCREMENT keeps a seq
-- from ever being handed out twice, even once the newest events have been pruned.
CREATE TABLE outbox_events (
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  id              TEXT NOT NULL UNIQUE,
  type            TEXT NOT NULL,
  conversation_id TEXT,
  occurred_at     INTEGER NOT NULL,
  data            TEXT NOT NULL
);

-- Each sink's position: the seq of the last event it delivered.
CREATE TABLE outbox_positions (
  sink       TEXT PRIMARY KEY,
  seq        INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
