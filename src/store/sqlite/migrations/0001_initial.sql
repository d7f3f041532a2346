-- The initial schema. Times are epoch milliseconds. Rules (who may see or change what) live
-- in the service, so there are no foreign keys: every lookup the service makes is served by
-- a primary key or one of the indexes below.

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  avatar_url TEXT,
  role TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  deleted_at INTEGER
) WITHOUT ROWID;

-- activity_at is last_message_at, or created_at before the first message: the conversation
-- list sorts by it without evaluating an expression per row.
CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  title TEXT,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  last_message_at INTEGER,
  activity_at INTEGER NOT NULL,
  is_active INTEGER NOT NULL DEFAULT 1,
  message_count INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE participants (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  role TEXT NOT NULL,
  joined_at INTEGER NOT NULL,
  left_at INTEGER,
  is_active INTEGER NOT NULL,
  last_read_message_id TEXT,
  UNIQUE (conversation_id, user_id)
);
-- A user's conversations; covers membership checks and the DIRECT pair lookup.
CREATE INDEX participants_by_user ON participants (user_id, is_active, conversation_id);

-- seq is the rowid: insertion order, which is time order, and the rowid of messages_fts.
CREATE TABLE messages (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  conversation_id TEXT NOT NULL,
  sender_id TEXT NOT NULL,
  content TEXT NOT NULL,
  message_type TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  is_edited INTEGER NOT NULL DEFAULT 0,
  edited_at INTEGER,
  is_deleted INTEGER NOT NULL DEFAULT 0,
  deleted_at INTEGER,
  reply_to_id TEXT,
  attachment_url TEXT,
  attachment_name TEXT,
  attachment_size INTEGER
);
CREATE INDEX messages_by_conversation ON messages (conversation_id, seq);

-- What the search index sees of a message: its content, or nothing once it is deleted, so a
-- deleted message stops matching whatever its row keeps. The full-text table reads this view
-- (not the table) so that a 'rebuild' or 'integrity-check' agrees with the triggers below.
CREATE VIEW messages_searchable AS
  SELECT seq, CASE WHEN is_deleted = 0 THEN content ELSE '' END AS content FROM messages;

-- Trigram tokens make any substring of 3 or more characters an indexed, case-insensitive
-- phrase query.
CREATE VIRTUAL TABLE messages_fts USING fts5 (
  content,
  content = 'messages_searchable',
  content_rowid = 'seq',
  tokenize = 'trigram'
);

CREATE TRIGGER messages_fts_after_insert AFTER INSERT ON messages BEGIN
  INSERT INTO messages_fts (rowid, content)
    VALUES (new.seq, CASE WHEN new.is_deleted = 0 THEN new.content ELSE '' END);
END;

CREATE TRIGGER messages_fts_after_delete AFTER DELETE ON messages BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, content)
    VALUES ('delete', old.seq, CASE WHEN old.is_deleted = 0 THEN old.content ELSE '' END);
END;

-- Only an edit or a deletion changes what is indexed; other updates leave the index alone.
CREATE TRIGGER messages_fts_after_update AFTER UPDATE OF content, is_deleted ON messages
WHEN old.content IS NOT new.content OR old.is_deleted IS NOT new.is_deleted BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, content)
    VALUES ('delete', old.seq, CASE WHEN old.is_deleted = 0 THEN old.content ELSE '' END);
  INSERT INTO messages_fts (rowid, content)
    VALUES (new.seq, CASE WHEN new.is_deleted = 0 THEN new.content ELSE '' END);
END;

CREATE TABLE reactions (
  id TEXT PRIMARY KEY,
  message_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  emoji TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (message_id, user_id, emoji)
);

CREATE TABLE read_receipts (
  id TEXT PRIMARY KEY,
  message_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  read_at INTEGER NOT NULL,
  UNIQUE (message_id, user_id)
);

CREATE TABLE blocks (
  blocker_id TEXT NOT NULL,
  blocked_id TEXT NOT NULL,
  reason TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (blocker_id, blocked_id)
) WITHOUT ROWID;
CREATE INDEX blocks_by_blocked ON blocks (blocked_id, blocker_id);
