#!/usr/bin/env bash
# One search, timed, on SQLite or PostgreSQL. Builds a database with `confide migrate` and
# sqlite3 or psql: three callers — `lonely` (no conversation), `few` (3 conversations of 20
# messages, the oldest in the database) and `heavy` (10 conversations of 2,000 messages, the
# newest) — and, in between, conversations of 100 messages between usr_ users that make up
# the rest of N messages (N = 1,000,000: 9,799 of them; N = 220,060: 2,000, the shape this
# script had with SQLite only; the callers' 20,060 messages are always there). A message is 8
# words drawn from a vocabulary of 24, so that common trigrams are very common. Each caller searches words in nearly every
# message ("the"), in some ("fox", "theatre", "quick brown", "nothing happened") and in none
# ("zzq", "friendsx"). Prints the number of messages and the backend, then per caller and
# query the hits (of a page of 20) and the p50, p95 and max of R timed GET
# /messaging/search (curl's time_total, in ms) after one warm-up request.
#
#   bench/search/run.sh [--db sqlite|postgres] [--messages N] [--runs R] [BIN]
#     defaults: sqlite, N = 1000000, R = 20, BIN = build/confide
# Needs curl, and sqlite3 (apt-get install sqlite3) or PostgreSQL 15 (scripts/postgres.sh
# runs a throwaway server in /tmp, stopped and removed on exit).
set -euo pipefail
cd "$(dirname "$0")/../.."

usage() {
  sed -n '14,15p' "$0" >&2
  exit 2
}

backend=sqlite messages=1000000 runs=20 bin=build/confide
while (($#)); do
  case $1 in
    --db | --messages | --runs)
      (($# >= 2)) || usage
      case $1 in --db) backend=$2 ;; --messages) messages=$2 ;; --runs) runs=$2 ;; esac
      shift 2
      ;;
    -*) usage ;;
    *) bin=$1 && shift ;;
  esac
done
[[ $backend == sqlite || $backend == postgres ]] || usage
[[ $messages =~ ^[0-9]+$ && $runs =~ ^[1-9][0-9]*$ ]] || usage
[[ -x $bin ]] || { echo "build first: scripts/build.sh" >&2; exit 1; }
bin=$(realpath "$bin")  # the server runs from the temporary directory
if [[ $backend == sqlite ]]; then
  command -v sqlite3 >/dev/null || { echo "sqlite3 is missing: apt-get install sqlite3" >&2; exit 1; }
elif [[ ! -x /usr/lib/postgresql/15/bin/pg_ctl ]]; then
  echo "PostgreSQL 15 is missing: apt-get install postgresql-15" >&2
  exit 1
fi

# The data's shape. Messages are numbered in the order of `position`: few's conversations,
# then the others', then heavy's; created_at follows (position * 10000 + the message's index).
few_messages=20 heavy_messages=2000 other_messages=100
callers_messages=$((3 * few_messages + 10 * heavy_messages))
others=$(((messages > callers_messages ? messages - callers_messages : 0) / other_messages))
users=1000

# One word of the vocabulary, drawn for each row: a CASE over the backend's random number
# in [0, 24). A plain expression (no subquery) is evaluated for every row on both backends.
vocabulary=(the quick brown fox jumps over lazy dog and 'then' they went to theatre with their
  other friends see another show where nothing happened)
content_of() {
  local word="CASE $1" i
  for i in "${!vocabulary[@]}"; do word+=" WHEN $i THEN '${vocabulary[i]}'"; done
  word+=" END"
  printf '%s' "$word"
  for i in 2 3 4 5 6 7 8; do printf " || ' ' || %s" "$word"; done
}

# A port nobody listens on, in 20000-40000.
free_port() {
  local port
  for _ in $(seq 50); do
    port=$((20000 + RANDOM % 20001))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  echo "no free port found" >&2
  return 1
}

dir=$(mktemp -d /tmp/confide-search.XXXXXX)
pgdir='' server=''
cleanup() {
  if [[ -n $server ]]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  if [[ -n $pgdir ]]; then
    scripts/postgres.sh stop "$pgdir" || true
    rm -rf "$pgdir"
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

started=$SECONDS
if [[ $backend == sqlite ]]; then
  db=$dir/search.db
  (umask 077 && "$bin" migrate --db "$db" >/dev/null)
  # plan: one row per conversation, in the order of its messages. No ANALYZE: confide never
  # runs it, and with sqlite_stat1 the search's fallback (kSearchByViewer) scans every message.
  sqlite3 "$db" >/dev/null <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -262144;
BEGIN;
INSERT INTO users (id, first_name, last_name, role, created_at, updated_at)
  SELECT 'usr_' || value, 'F', 'L', 'client', 0, 0 FROM generate_series(0, $users - 1)
  UNION ALL SELECT column1, 'F', 'L', 'client', 0, 0 FROM (VALUES ('lonely'), ('few'), ('heavy'));
CREATE TEMP TABLE plan (position INTEGER PRIMARY KEY, conversation TEXT, a TEXT, b TEXT,
                        messages INTEGER);
INSERT INTO plan SELECT value, 'conv_few_' || value, 'few', 'usr_' || value, $few_messages
  FROM generate_series(0, 2);
INSERT INTO plan SELECT 3 + value, 'conv_' || value, 'usr_' || (value % $users),
                        'usr_' || ((value + 1) % $users), $other_messages
  FROM generate_series(0, $others - 1);
INSERT INTO plan SELECT 3 + $others + value, 'conv_heavy_' || value, 'heavy', 'usr_' || value,
                        $heavy_messages
  FROM generate_series(0, 9);
INSERT INTO conversations (id, type, created_by, created_at, updated_at, last_message_at,
                           activity_at, message_count, last_seq)
  SELECT conversation, 'GROUP', a, 0, 0, position * 10000 + messages - 1,
         position * 10000 + messages - 1, messages, messages FROM plan;
INSERT INTO participants (id, conversation_id, user_id, role, joined_at, is_active)
  SELECT 'part_a_' || conversation, conversation, a, 'ADMIN', 0, 1 FROM plan
  UNION ALL SELECT 'part_b_' || conversation, conversation, b, 'MEMBER', 0, 1 FROM plan;
INSERT INTO messages (id, conversation_id, sender_id, content, message_type, created_at,
                      conversation_seq)
  SELECT printf('msg_%s_%d', p.conversation, k.value), p.conversation,
         CASE k.value % 2 WHEN 0 THEN p.a ELSE p.b END,
         $(content_of 'abs(random() % 24)'),
         'TEXT', p.position * 10000 + k.value, k.value + 1
  FROM plan p, generate_series(0, p.messages - 1) k ORDER BY p.position, k.value;
-- Indexed for search here, as confide's writer would at its commit (else confide would do it
-- when it opens the file).
INSERT INTO messages_fts (rowid, content)
  SELECT seq, content FROM messages WHERE seq >= (SELECT next_seq FROM search_index_frontier);
UPDATE search_index_frontier SET next_seq = (SELECT max(seq) + 1 FROM messages);
COMMIT;
SQL
  count=$(sqlite3 "$db" 'SELECT count(*) FROM messages')
else
  pgdir=$(mktemp -d /tmp/confide-search-pg.XXXXXX)
  db=$(scripts/postgres.sh start "$pgdir" "$(free_port)")
  psql=/usr/lib/postgresql/15/bin/psql
  [[ -x $psql ]] || psql=psql
  "$bin" migrate --db "$db" >/dev/null
  # The inserts fill the trigram index (dropping it and making it again afterwards was only
  # about 1.4 times as fast at 1M). Rows take their seq (the order of search results) in the
  # order of the INSERT's ORDER BY. VACUUM leaves autovacuum nothing to do during the runs.
  "$psql" -q -X -v ON_ERROR_STOP=1 -d "$db" >/dev/null <<SQL
SET work_mem = '64MB';
BEGIN;
INSERT INTO users (id, first_name, last_name, role, created_at, updated_at)
  SELECT 'usr_' || i, 'F', 'L', 'client', 0, 0 FROM generate_series(0, $users - 1) i
  UNION ALL SELECT column1, 'F', 'L', 'client', 0, 0 FROM (VALUES ('lonely'), ('few'), ('heavy')) v;
CREATE TEMP TABLE plan (position integer PRIMARY KEY, conversation text, a text, b text,
                        messages integer);
INSERT INTO plan SELECT i, 'conv_few_' || i, 'few', 'usr_' || i, $few_messages
  FROM generate_series(0, 2) i;
INSERT INTO plan SELECT 3 + i, 'conv_' || i, 'usr_' || (i % $users), 'usr_' || ((i + 1) % $users),
                        $other_messages
  FROM generate_series(0, $others - 1) i;
INSERT INTO plan SELECT 3 + $others + i, 'conv_heavy_' || i, 'heavy', 'usr_' || i,
                        $heavy_messages
  FROM generate_series(0, 9) i;
INSERT INTO conversations (id, type, created_by, created_at, updated_at, last_message_at,
                           activity_at, message_count, last_seq)
  SELECT conversation, 'GROUP', a, 0, 0, position * 10000 + messages - 1,
         position * 10000 + messages - 1, messages, messages FROM plan;
INSERT INTO participants (id, conversation_id, user_id, role, joined_at, is_active)
  SELECT 'part_a_' || conversation, conversation, a, 'ADMIN', 0, true FROM plan
  UNION ALL SELECT 'part_b_' || conversation, conversation, b, 'MEMBER', 0, true FROM plan;
INSERT INTO messages (id, conversation_id, sender_id, content, message_type, created_at,
                      conversation_seq)
  SELECT format('msg_%s_%s', p.conversation, k), p.conversation,
         CASE k % 2 WHEN 0 THEN p.a ELSE p.b END,
         $(content_of 'floor(random() * 24)::int'),
         'TEXT', p.position * 10000 + k, k + 1
  FROM plan p, generate_series(0, p.messages - 1) k ORDER BY p.position, k;
COMMIT;
VACUUM ANALYZE;
SQL
  count=$("$psql" -X -tA -d "$db" -c 'SELECT count(*) FROM messages')
fi
generated=$((SECONDS - started))

secret=$(head -c 32 /dev/urandom | base64)
port=$(free_port)
(cd "$dir" && exec "$bin" serve --db "$db" --port "$port" --host 127.0.0.1 \
  --jwt-secret "$secret" --log-requests false --log-level warn --events none) &
server=$!
base=http://127.0.0.1:$port
for _ in $(seq 300); do
  curl -sf "$base/health" >/dev/null && break
  kill -0 "$server" 2>/dev/null || { echo "the server exited" >&2; exit 1; }
  sleep 0.1
done

echo "$count messages ($others other conversations) on $backend, generated in ${generated} s;" \
  "$runs runs after one warm-up; $bin"
printf '%-7s %-17s %4s %9s %9s %9s\n' caller query hits 'p50 ms' 'p95 ms' 'max ms'
for user in lonely few heavy; do
  token=$("$bin" token --jwt-secret "$secret" --sub "$user")
  for query in the fox zzq theatre 'quick brown' 'nothing happened' friendsx; do
    get=(curl -s -G -H "Authorization: Bearer $token" --data-urlencode "query=$query"
      --data limit=20 "$base/messaging/search")
    body=$("${get[@]}" -w '\n%{http_code}')
    [[ ${body##*$'\n'} == 200 ]] || { echo "$user '$query': HTTP ${body##*$'\n'}: ${body%$'\n'*}" >&2; exit 1; }
    hits=$(grep -o '"id":"msg_' <<<"$body" | wc -l || true)
    for _ in $(seq "$runs"); do
      "${get[@]}" -o /dev/null -w '%{time_total}\n'
    done | sort -n | awk -v user="$user" -v query="$query" -v hits="$hits" '
      { t[NR] = $1 * 1000 }
      END {
        p50 = int((NR + 1) / 2); p95 = int((95 * NR + 99) / 100)
        printf "%-7s %-17s %4d %9.2f %9.2f %9.2f\n", user, query, hits, t[p50], t[p95], t[NR]
      }'
  done
done
