// Every statement of PgTransactionStatements() on a real server, on the sample data set:
// each runs with its sample parameters, each read finds rows, and no query plan reads a
// whole large table. Plans are the planner's own choice (no enable_* settings), after
// ANALYZE, for the sample parameters. The small tables (users, conversations, blocks,
// community_members, posts, outbox_positions, webhook_deliveries: a few pages each) may be
// read whole when the planner finds that cheaper than an index.

#include "store/postgres/pg_statements.h"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <functional>
#include <set>
#include <string>
#include <thread>
#include <type_traits>
#include <variant>

#include "pg_sample_data.h"
#include "pg_scratch_database.h"
#include "pg_test_fixture.h"
#include "store/postgres/pg_lock_keys.h"
#include "store/postgres/pg_migrations.h"

namespace confide::store::postgres {
namespace {

// The tables whose rows grow with messages: a plan never reads one of them whole.
const std::set<std::string> kLargeTables = {"messages",      "participants", "conversation_events",
                                            "outbox_events", "reactions",    "read_receipts"};

PgParams ParamsOf(const PgSampleStatement& sample) {
  PgParams params;
  for (const auto& value : sample.params) {
    std::visit(
        [&](const auto& v) {
          if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::nullptr_t>) {
            params.Add(std::nullopt);
          } else {
            params.Add(v);
          }
        },
        value);
  }
  return params;
}

// Every node of a plan, depth first.
void ForEachNode(const boost::json::object& node,
                 const std::function<void(const boost::json::object&)>& visit) {
  visit(node);
  if (const auto* plans = node.if_contains("Plans")) {
    for (const auto& child : plans->as_array()) ForEachNode(child.as_object(), visit);
  }
}

std::string StringField(const boost::json::object& node, std::string_view key) {
  const auto* value = node.if_contains(key);
  return value && value->is_string() ? std::string(value->as_string()) : std::string();
}

// Fails the current test if `plan` (EXPLAIN's JSON) scans a large table whole; returns the
// small tables it scans whole.
std::set<std::string> CheckPlan(std::string_view name, const std::string& plan) {
  SCOPED_TRACE(std::string(name) + ": " + plan);
  std::set<std::string> small_scans;
  const auto root = boost::json::parse(plan).as_array().at(0).as_object().at("Plan").as_object();
  ForEachNode(root, [&](const boost::json::object& node) {
    if (StringField(node, "Node Type") != "Seq Scan") return;
    const auto table = StringField(node, "Relation Name");
    EXPECT_EQ(kLargeTables.count(table), 0u) << "Seq Scan on " << table;
    small_scans.insert(table);
  });
  return small_scans;
}

// The index names a plan uses.
std::set<std::string> IndexesOf(const std::string& plan) {
  std::set<std::string> indexes;
  const auto root = boost::json::parse(plan).as_array().at(0).as_object().at("Plan").as_object();
  ForEachNode(root, [&](const boost::json::object& node) {
    if (auto index = StringField(node, "Index Name"); !index.empty()) indexes.insert(index);
  });
  return indexes;
}

class PgStatementsTest : public PgTest {
 protected:
  static void SetUpTestSuite() {
    if (!testing::PostgresEnvironment::Started()) return;
    database_ = new PgScratchDatabase;
    auto connection = database_->Connect();
    ASSERT_TRUE(PgMigrate(*connection).ok());
    LoadSampleData(*connection);
  }
  static void TearDownTestSuite() {
    delete database_;
    database_ = nullptr;
  }

  void SetUp() override {
    PgTest::SetUp();
    connection_ = database_->Connect();
  }

  std::string Explain(const PgSampleStatement& sample) {
    return connection_
        ->ExecPrepared("EXPLAIN (FORMAT JSON) " + std::string(sample.sql), ParamsOf(sample))
        .Text(0, 0);
  }

  static PgScratchDatabase* database_;
  std::unique_ptr<PgConnection> connection_;
};

PgScratchDatabase* PgStatementsTest::database_ = nullptr;

TEST_F(PgStatementsTest, EveryStatementRuns) {
  connection_->Exec("BEGIN");
  for (const auto& sample : PgTransactionStatements()) {
    SCOPED_TRACE(sample.name);
    EXPECT_NO_THROW(connection_->ExecPrepared(sample.sql, ParamsOf(sample)));
  }
  connection_->Exec("ROLLBACK");
}

TEST_F(PgStatementsTest, SamplesDoRealWork) {
  // A plan is only telling for a query that finds something: every sample read does, and so
  // does every write that returns a row.
  for (const auto& sample : PgTransactionStatements()) {
    const bool reads = sample.sql.starts_with("SELECT");
    const bool returns = sample.sql.find(" RETURNING ") != std::string_view::npos;
    if (!reads && !returns) continue;
    connection_->Exec("BEGIN");
    EXPECT_GT(connection_->ExecPrepared(sample.sql, ParamsOf(sample)).rows(), 0) << sample.name;
    connection_->Exec("ROLLBACK");
  }
}

TEST_F(PgStatementsTest, NoPlanReadsALargeTableWhole) {
  std::set<std::string> small_scans;
  for (const auto& sample : PgTransactionStatements()) {
    for (auto& table : CheckPlan(sample.name, Explain(sample))) {
      small_scans.insert(std::string(sample.name) + " on " + table);
    }
  }
  std::string scans;
  for (const auto& scan : small_scans) scans += scan + "; ";
  RecordProperty("small_table_scans", scans);
}

TEST(PgPlanCheck, CatchesScansOfLargeTables) {
  EXPECT_NONFATAL_FAILURE(
      CheckPlan("x", R"([{"Plan": {"Node Type": "Seq Scan", "Relation Name": "messages"}}])"),
      "Seq Scan on messages");
  EXPECT_NONFATAL_FAILURE(CheckPlan("x", R"([{"Plan": {"Node Type": "Limit", "Plans": [
      {"Node Type": "Seq Scan", "Relation Name": "participants"}]}}])"),
                          "Seq Scan on participants");
  EXPECT_EQ(CheckPlan("x", R"([{"Plan": {"Node Type": "Seq Scan", "Relation Name": "users"}}])"),
            std::set<std::string>{"users"});
}

// A word that few messages hold is found through the trigram index, whatever the page size;
// one that most messages hold may be found walking the newest messages back instead, which
// the planner weighs per query (the search's transaction plans with its parameters). Only
// queries of one word reach this statement (PgMessageStore::Search).
TEST_F(PgStatementsTest, ARareWordGoesThroughTheTrigramIndex) {
  for (const auto* query : {"4321", "5707"}) {
    for (const std::int64_t page : {21, 257}) {
      const PgSampleStatement sample{
          "SearchCandidates", sql::kSearchCandidates, {"usr_1", query, 256, page}};
      const auto plan = Explain(sample);
      EXPECT_EQ(IndexesOf(plan).count("messages_content_trgm"), 1u) << query << "\n" << plan;
    }
  }
}

TEST_F(PgStatementsTest, TheDirectPairLockUsesItsKeySpace) {
  EXPECT_NE(sql::kLockDirectPair.find(std::to_string(kDirectPairLockSpace)),
            std::string_view::npos);
}

TEST_F(PgStatementsTest, NamesAndTextsAreUnique) {
  std::set<std::string_view> names;
  std::set<std::string_view> texts;
  for (const auto& sample : PgTransactionStatements()) {
    EXPECT_TRUE(names.insert(sample.name).second) << sample.name;
    EXPECT_TRUE(texts.insert(sample.sql).second) << sample.name;
  }
}

}  // namespace
}  // namespace confide::store::postgres
