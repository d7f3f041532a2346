#pragma once

// The sample data set PgTransactionStatements() describes (pg_statements.h), built by SQL in
// one round trip and analyzed, so that the planner chooses as it would on a real database.
// Message contents are a dozen words of a small vocabulary, "hello" first, "quokka" in the
// messages whose number is 7 modulo 50, so that a search can be common or rare.

#include <string_view>

#include "store/postgres/pg_connection.h"

namespace confide::store::postgres {

inline constexpr std::string_view kSampleDataSql = R"sql(
INSERT INTO users (id, first_name, last_name, role, created_at, updated_at)
  SELECT 'usr_' || u, 'First ' || u, 'Last ' || u, 'client', u, u
  FROM generate_series(1, 600) u;
INSERT INTO conversations (id, type, title, created_by, created_at, updated_at, activity_at)
  SELECT 'conv_' || c, CASE WHEN c = 1 THEN 'DIRECT' ELSE 'GROUP' END, 'Title ' || c,
         'usr_' || c, c, c, c
  FROM generate_series(1, 400) c;
INSERT INTO participants (id, conversation_id, user_id, role, joined_at, is_active)
  SELECT 'part_conv_' || c || '_usr_' || u, 'conv_' || c, 'usr_' || u, 'MEMBER', c, true
  FROM generate_series(1, 400) c,
       LATERAL (VALUES (c), (c + 1), (CASE WHEN c > 1 THEN c + 200 END),
                       (CASE WHEN c % 40 = 0 THEN 1 END)) AS v(u)
  WHERE u IS NOT NULL;
INSERT INTO participants (id, conversation_id, user_id, role, joined_at, left_at, is_active)
  VALUES ('part_conv_2_usr_1', 'conv_2', 'usr_1', 'MEMBER', 1, 2, false);
INSERT INTO messages (id, conversation_id, sender_id, content, message_type, created_at,
                      reply_to_id, conversation_seq)
  SELECT 'msg_' || m, 'conv_' || c, 'usr_' || c,
         'hello ' || (SELECT string_agg((ARRAY['there', 'lunch', 'meeting', 'tomorrow',
                      'report', 'budget', 'coffee', 'garden', 'train', 'window', 'river',
                      'pencil', 'music', 'summer', 'winter', 'station', 'letter', 'doctor',
                      'market', 'school', 'island', 'rocket', 'silver', 'forest',
                      'ticket'])[1 + (m * 7 + i * 13) % 25], ' ')
                      FROM generate_series(1, 10) i)
           || CASE WHEN m % 50 = 7 THEN ' quokka' ELSE '' END || ' number ' || m,
         'TEXT', m, CASE WHEN m % 10 = 0 THEN 'msg_' || (m - 1) END,
         row_number() OVER (PARTITION BY c ORDER BY m)
  FROM generate_series(1, 6000) m,
       LATERAL (SELECT CASE WHEN m <= 75 THEN 1 ELSE m % 400 + 1 END) AS x(c)
  ORDER BY m;
UPDATE conversations c
  SET last_seq = n.count, message_count = n.count, last_message_at = n.at, activity_at = n.at
  FROM (SELECT conversation_id, count(*), max(created_at) AS at FROM messages
        GROUP BY conversation_id) n
  WHERE n.conversation_id = c.id;
INSERT INTO conversation_events (conversation_id, seq, type, message_id, actor_id,
                                 occurred_at, payload)
  SELECT conversation_id, conversation_seq, 'message_updated', id, sender_id, created_at, '{}'
  FROM messages;
INSERT INTO reactions (id, message_id, user_id, emoji, created_at)
  SELECT 'rct_' || created_at, id, sender_id, '+1', created_at
  FROM messages WHERE created_at % 3 = 0;
INSERT INTO read_receipts (id, message_id, user_id, read_at)
  SELECT 'rcp_' || created_at, id, 'usr_' || (substr(sender_id, 5)::int % 600 + 1), created_at
  FROM messages WHERE created_at % 3 = 0;
INSERT INTO blocks (blocker_id, blocked_id, created_at)
  SELECT 'usr_' || u, 'usr_' || (u + 1), u FROM generate_series(1, 599, 2) u;
INSERT INTO community_members (community_id, user_id, joined_at)
  SELECT 'cmty_' || ((n - 1) % 10 + 1), 'usr_' || n, n FROM generate_series(1, 600) n;
INSERT INTO posts (post_id, community_id, created_at)
  SELECT 'post_' || n, 'cmty_' || ((n - 1) % 10 + 1), n FROM generate_series(1, 100) n;
INSERT INTO outbox_events (id, type, conversation_id, occurred_at, data, seq)
  SELECT 'evt_' || e, 'message.sent', 'conv_' || (e % 400 + 1), e, '{}',
         CASE WHEN e <= 2990 THEN e END
  FROM generate_series(1, 3000) e;
INSERT INTO outbox_positions (sink, seq, updated_at) VALUES ('jsonl', 100, 1);
)sql";

// Fills a migrated, empty database with the sample data set, then does what autovacuum
// would soon do: gathers statistics, and moves the rows the trigram index holds in its
// pending list (GIN's fastupdate) into the index proper. Before that, the planner counts the
// whole pending list as read by every search, and a few thousand new rows make it prefer a
// scan of the table.
inline void LoadSampleData(PgConnection& connection) {
  connection.Exec("BEGIN");
  connection.Exec(kSampleDataSql);
  connection.Exec("COMMIT");
  connection.Exec("VACUUM ANALYZE");
}

}  // namespace confide::store::postgres
