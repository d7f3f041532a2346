-- The search index takes a commit's new messages at the end of the commit, all in one
-- statement (IndexNewMessages, which the writer runs before COMMIT), instead of a trigger per
-- row. FTS5 writes the terms it holds out as a new segment at every SAVEPOINT, and the writer
-- runs each job in a savepoint of its own: the trigger made a segment per message, and merges
-- of them later. Messages from next_seq on are not indexed yet; the edit and deletion
-- triggers leave them alone, and the indexer takes them as they are when the commit ends.
CREATE TABLE search_index_frontier (
  only INTEGER PRIMARY KEY CHECK (only = 1),
  next_seq INTEGER NOT NULL
);
INSERT INTO search_index_frontier (only, next_seq) SELECT 1, coalesce(max(seq), 0) + 1 FROM messages;

DROP TRIGGER messages_fts_after_insert;
DROP TRIGGER messages_fts_after_delete;
DROP TRIGGER messages_fts_after_update;

CREATE TRIGGER messages_fts_after_delete AFTER DELETE ON messages
WHEN old.seq < (SELECT next_seq FROM search_index_frontier) BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, content)
    VALUES ('delete', old.seq, CASE WHEN old.is_deleted = 0 THEN old.content ELSE '' END);
END;

-- Only an edit or a deletion of an indexed message changes the index.
CREATE TRIGGER messages_fts_after_update AFTER UPDATE OF content, is_deleted ON messages
WHEN (old.content IS NOT new.content OR old.is_deleted IS NOT new.is_deleted)
  AND old.seq < (SELECT next_seq FROM search_index_frontier) BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, content)
    VALUES ('delete', old.seq, CASE WHEN old.is_deleted = 0 THEN old.content ELSE '' END);
  INSERT INTO messages_fts (rowid, content)
    VALUES (new.seq, CASE WHEN new.is_deleted = 0 THEN new.content ELSE '' END);
END;
