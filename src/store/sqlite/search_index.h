#pragma once

// The messages' search index (messages_fts) is brought up to the messages table once per
// write transaction, just before it commits, rather than by a trigger per row: FTS5 writes
// what it holds out as a segment at every SAVEPOINT, and the writer runs each job in one
// (migration 0010). Messages from the frontier (search_index_frontier) on are not indexed
// yet; IndexNewMessages indexes them as they are now and moves the frontier past them.
// Thread-safety: as the Connection, one thread at a time.

namespace confide::store::sqlite {

class Connection;

// The statements IndexNewMessages runs, here so that a test can check their plans.
// The frontier, and the last message's seq.
inline constexpr const char* kSearchIndexBoundsSql =
    "SELECT (SELECT next_seq FROM search_index_frontier),"
    " (SELECT coalesce(max(seq), 0) FROM messages)";
// Indexes seqs ?1..?2 as the view messages_searchable shows them: a deleted message, nothing.
inline constexpr const char* kSearchIndexInsertSql =
    "INSERT INTO messages_fts (rowid, content)"
    " SELECT seq, CASE WHEN is_deleted = 0 THEN content ELSE '' END FROM messages"
    " WHERE seq BETWEEN ?1 AND ?2";
inline constexpr const char* kSearchIndexFrontierSql =
    "UPDATE search_index_frontier SET next_seq = ?1";

// Indexes the messages not indexed yet. Runs inside an open write transaction, so that the
// index commits with them. Throws SqliteError.
void IndexNewMessages(Connection& connection);

// The same in a transaction of its own, for what was written without the writer (a database
// filled by another tool): run once when the database opens. Throws SqliteError.
void CatchUpSearchIndex(Connection& connection);

}  // namespace confide::store::sqlite
