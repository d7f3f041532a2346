-- The schema of SQLite's version 7 on PostgreSQL, in one migration: the same tables and
-- columns, times as epoch milliseconds (bigint), flags as boolean. Rules (who may see or
-- change what) live in the service, so there are no foreign keys: every lookup the service
-- makes is served by a primary key or one of the indexes below.

-- One row per migration applied; the highest version is the schema's.
CREATE TABLE schema_version (
  version integer PRIMARY KEY,
  applied_at timestamptz NOT NULL DEFAULT now()
);

-- Substring search (ILIKE '%q%') through trigrams.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE users (
  id text PRIMARY KEY,
  first_name text NOT NULL,
  last_name text NOT NULL,
  avatar_url text,
  role text NOT NULL,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  deleted_at bigint,
  -- When the user's last socket left the real-time gateway; null until then.
  last_seen_at bigint
);

-- activity_at is last_message_at, or created_at before the first message: the conversation
-- list sorts by it without evaluating an expression per row. last_seq is the number the
-- conversation's latest change took (the conversation log): every change takes last_seq + 1
-- in its own transaction, under this row's lock, so the numbers are gap-free.
CREATE TABLE conversations (
  id text PRIMARY KEY,
  type text NOT NULL,
  title text,
  created_by text NOT NULL,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  last_message_at bigint,
  activity_at bigint NOT NULL,
  is_active boolean NOT NULL DEFAULT true,
  message_count bigint NOT NULL DEFAULT 0,
  last_seq bigint NOT NULL DEFAULT 0
);

CREATE TABLE participants (
  id text PRIMARY KEY,
  conversation_id text NOT NULL,
  user_id text NOT NULL,
  role text NOT NULL,
  joined_at bigint NOT NULL,
  left_at bigint,
  is_active boolean NOT NULL,
  last_read_message_id text,
  UNIQUE (conversation_id, user_id)
);
-- A user's conversations; covers membership checks and the DIRECT pair lookup.
CREATE INDEX participants_by_user ON participants (user_id, is_active, conversation_id);
-- The active members of a conversation, read on every send (the recipients of its events).
CREATE INDEX participants_active_by_conversation
  ON participants (conversation_id, is_active, user_id);

-- seq is the insertion order. Within a conversation it is also the order of the
-- conversation's numbers (conversation_seq): a message is inserted after its transaction has
-- updated the conversation's row, whose lock orders the writers of one conversation.
CREATE TABLE messages (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text NOT NULL UNIQUE,
  conversation_id text NOT NULL,
  sender_id text NOT NULL,
  content text NOT NULL,
  message_type text NOT NULL,
  created_at bigint NOT NULL,
  is_edited boolean NOT NULL DEFAULT false,
  edited_at bigint,
  is_deleted boolean NOT NULL DEFAULT false,
  deleted_at bigint,
  reply_to_id text,
  attachment_url text,
  attachment_name text,
  attachment_size bigint,
  conversation_seq bigint NOT NULL DEFAULT 0
);
CREATE INDEX messages_by_conversation ON messages (conversation_id, seq);
-- The replies to a message, whose quotes of it are rewritten when it is deleted.
CREATE INDEX messages_by_reply ON messages (reply_to_id) WHERE reply_to_id IS NOT NULL;
-- Trigrams make any substring of 3 or more characters an indexed, case-insensitive match
-- (content ILIKE '%q%'). A deleted message leaves the index, as it leaves SQLite's.
CREATE INDEX messages_content_trgm ON messages USING gin (content gin_trgm_ops)
  WHERE NOT is_deleted;

CREATE TABLE reactions (
  id text PRIMARY KEY,
  message_id text NOT NULL,
  user_id text NOT NULL,
  emoji text NOT NULL,
  created_at bigint NOT NULL,
  UNIQUE (message_id, user_id, emoji)
);

CREATE TABLE read_receipts (
  id text PRIMARY KEY,
  message_id text NOT NULL,
  user_id text NOT NULL,
  read_at bigint NOT NULL,
  UNIQUE (message_id, user_id)
);

CREATE TABLE blocks (
  blocker_id text NOT NULL,
  blocked_id text NOT NULL,
  reason text,
  created_at bigint NOT NULL,
  PRIMARY KEY (blocker_id, blocked_id)
);
CREATE INDEX blocks_by_blocked ON blocks (blocked_id, blocker_id);

-- Communities and their posts, as the platform's other services keep them in sync through
-- the internal API. Ids are the platform's own, opaque to confide.
CREATE TABLE community_members (
  community_id text NOT NULL,
  user_id text NOT NULL,
  joined_at bigint NOT NULL,
  PRIMARY KEY (community_id, user_id)
);
-- A user's communities.
CREATE INDEX community_members_by_user ON community_members (user_id, community_id);

-- A post belongs to one community; moving it rewrites community_id.
CREATE TABLE posts (
  post_id text PRIMARY KEY,
  community_id text NOT NULL,
  created_at bigint NOT NULL
);
CREATE INDEX posts_by_community ON posts (community_id);

-- The transactional outbox: every state change appends its events here in the transaction
-- that makes the change. With several writers, transactions commit in another order than they
-- append, so an event gets its seq, its position in the stream, only once it is settled:
-- when every transaction that could precede it has ended (its xid, the appending
-- transaction's id, is below pg_snapshot_xmin(pg_current_snapshot())). The relay, one
-- process at a time under its lease, numbers the settled events in (xid, appended) order
-- after the highest seq so far: gap-free, in commit order, never reused. appended is the
-- order of appending; seq is NULL until the event is settled.
CREATE TABLE outbox_events (
  appended bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  seq bigint UNIQUE,
  id text NOT NULL UNIQUE,
  type text NOT NULL,
  conversation_id text,
  occurred_at bigint NOT NULL,
  data text NOT NULL,
  xid xid8 NOT NULL DEFAULT pg_current_xact_id()
);
-- The events waiting to be numbered, in the order they will be.
CREATE INDEX outbox_events_unsettled ON outbox_events (xid, appended) WHERE seq IS NULL;

-- Each sink's position: the seq of the last event it delivered.
CREATE TABLE outbox_positions (
  sink text PRIMARY KEY,
  seq bigint NOT NULL,
  updated_at bigint NOT NULL
);

-- The identity provider's webhook deliveries (their svix-id) processed within the signature
-- tolerance window: a delivery replayed within it is answered and changes nothing.
CREATE TABLE webhook_deliveries (
  id text PRIMARY KEY,
  received_at bigint NOT NULL
);
CREATE INDEX webhook_deliveries_by_time ON webhook_deliveries (received_at);

-- The conversation log: each change as the real-time gateway sends it, its event name and
-- its payload (JSON, seq included). message_id: the message the change is about (reactions
-- and receipts included); actor_id: who made the change.
CREATE TABLE conversation_events (
  conversation_id text NOT NULL,
  seq bigint NOT NULL,
  type text NOT NULL,
  message_id text,
  actor_id text NOT NULL,
  occurred_at bigint NOT NULL,
  payload text NOT NULL,
  PRIMARY KEY (conversation_id, seq)
);
-- The entries about a message, rewritten when it is deleted (its content leaves the log).
CREATE INDEX conversation_events_by_message ON conversation_events (message_id)
  WHERE message_id IS NOT NULL;
