#pragma once

// The messages' search index (messages_fts) is brought up to the messages table once per
// write transaction, just before it commits, rather than by a trigger per row: FTS5 writes
// what it holds out as a segment at every SAVEPOINT, and the writer runs each job in one
// (migration 0010). Messages from the frontier (search_index_frontier) on are not indexed
// yet; IndexNewMessages indexes them as they are now and moves the frontier past them.
// Thread-safety: as the Connection, one thread at a time.

namespace confide::store::sqlite {

class Connection;

// Indexes the messages not indexed yet. Runs inside an open write transaction, so that the
// index commits with them. Throws SqliteError.
void IndexNewMessages(Connection& connection);

// The same in a transaction of its own, for what was written without the writer (a database
// filled by another tool): run once when the database opens. Throws SqliteError.
void CatchUpSearchIndex(Connection& connection);

}  // namespace confide::store::sqlite
