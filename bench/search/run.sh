#!/usr/bin/env bash
# One search, timed: a database of 200,000 messages in 2,000 conversations of other people,
# and three callers — `lonely` (no conversation), `few` (3 conversations of 20 messages, the
# oldest in the database) and `heavy` (10 conversations of 2,000 messages, the newest) —
# each searching a word that is in most messages ("the"), one in some ("fox"), and one in
# none ("zzq"). Prints the time of each GET /messaging/search (curl's time_total, five runs,
# fastest first) against BIN (default build/confide), on a copy of the same database.
#
#   bench/search/run.sh [BIN]          needs sqlite3 (apt-get install sqlite3) and curl
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-build/confide}
[[ -x $bin ]] || { echo "build first: scripts/build.sh" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing: apt-get install sqlite3" >&2; exit 1; }

dir=$(mktemp -d)
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$dir"' EXIT
server=
db=$dir/search.db
"$bin" migrate --db "$db" >/dev/null

# Contents: 8 words drawn from a small vocabulary, so that common trigrams are very common.
sqlite3 "$db" >/dev/null <<'SQL'
PRAGMA journal_mode = WAL;
BEGIN;
CREATE TEMP TABLE vocabulary (n INTEGER PRIMARY KEY, w TEXT);
INSERT INTO vocabulary (w) VALUES ('the'), ('quick'), ('brown'), ('fox'), ('jumps'), ('over'),
  ('lazy'), ('dog'), ('and'), ('then'), ('they'), ('went'), ('to'), ('theatre'), ('with'),
  ('their'), ('other'), ('friends'), ('see'), ('another'), ('show'), ('where'), ('nothing'),
  ('happened');
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 999)
INSERT INTO users (id, first_name, last_name, role, created_at, updated_at)
  SELECT 'usr_' || i, 'F', 'L', 'client', 0, 0 FROM n
  UNION ALL SELECT id, 'F', 'L', 'client', 0, 0 FROM (SELECT 'lonely' AS id UNION ALL
    SELECT 'few' UNION ALL SELECT 'heavy');
-- Conversations: few's 3, the others' 2,000, heavy's 10; each with two participants.
CREATE TEMP TABLE plan (conversation TEXT, a TEXT, b TEXT, messages INTEGER, position INTEGER);
INSERT INTO plan VALUES ('conv_few_0', 'few', 'usr_0', 20, 0), ('conv_few_1', 'few', 'usr_1', 20, 1),
  ('conv_few_2', 'few', 'usr_2', 20, 2);
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 1999)
INSERT INTO plan SELECT 'conv_' || i, 'usr_' || (i % 1000), 'usr_' || ((i + 1) % 1000), 100, 3 + i
  FROM n;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 9)
INSERT INTO plan SELECT 'conv_heavy_' || i, 'heavy', 'usr_' || i, 2000, 3000 + i FROM n;
INSERT INTO conversations (id, type, created_by, created_at, updated_at, activity_at,
                           message_count)
  SELECT conversation, 'GROUP', a, 0, 0, 0, messages FROM plan;
INSERT INTO participants (id, conversation_id, user_id, role, joined_at, is_active)
  SELECT 'part_a_' || conversation, conversation, a, 'ADMIN', 0, 1 FROM plan
  UNION ALL SELECT 'part_b_' || conversation, conversation, b, 'MEMBER', 0, 1 FROM plan;
-- Messages in the order of `position`: few's first, then the others', heavy's last. Each word
-- is drawn for its row (the subquery names the row, so it is not run once for all).
WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 1999)
INSERT INTO messages (id, conversation_id, sender_id, content, message_type, created_at)
  SELECT printf('msg_%s_%d', p.conversation, k.j), p.conversation,
         CASE k.j % 2 WHEN 0 THEN p.a ELSE p.b END,
         (SELECT group_concat(w, ' ') FROM (SELECT (SELECT w FROM vocabulary
            WHERE n = 1 + abs(random() % 24 + k.j * 0)) AS w
          FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
                UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8))),
         'TEXT', p.position * 10000 + k.j
  FROM plan p JOIN k ON k.j < p.messages ORDER BY p.position, k.j;
COMMIT;
SQL

secret=$(head -c 32 /dev/urandom | base64)
port=$((20000 + RANDOM % 20000))
"$bin" serve --db "$db" --port "$port" --host 127.0.0.1 --jwt-secret "$secret" \
  --log-requests false --log-level warn --events none &
server=$!
base=http://127.0.0.1:$port
for _ in $(seq 100); do curl -sf "$base/health" >/dev/null && break; sleep 0.1; done
echo "$(sqlite3 "$db" 'SELECT count(*) FROM messages') messages; $bin"
for user in lonely few heavy; do
  token=$("$bin" token --jwt-secret "$secret" --sub "$user")
  for query in the fox zzq; do
    url="$base/messaging/search?query=$query&limit=20"
    times=()
    for _ in 1 2 3 4 5; do
      times+=("$(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $token" "$url")")
    done
    hits=$(curl -s -H "Authorization: Bearer $token" "$url" | { grep -o '"id":"msg_' || true; } | wc -l)
    printf '%-7s %-4s %2d hits  %s s\n' "$user" "$query" "$hits" \
      "$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')"
  done
done
