#include "store/postgres/pg_result.h"

#include <charconv>
#include <stdexcept>

namespace confide::store::postgres {
namespace {

[[noreturn]] void BadValue(std::string_view kind, int row, int column) {
  throw std::logic_error(std::string("the value at row ") + std::to_string(row) + ", column " +
                         std::to_string(column) + " is not " + std::string(kind));
}

}  // namespace

ExecStatusType PgResult::status() const {
  return result_ ? PQresultStatus(result_.get()) : PGRES_FATAL_ERROR;
}

bool PgResult::ok() const {
  const ExecStatusType s = status();
  return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

std::string PgResult::sqlstate() const {
  const char* state = result_ ? PQresultErrorField(result_.get(), PG_DIAG_SQLSTATE) : nullptr;
  return state != nullptr ? state : "";
}

int PgResult::rows() const { return result_ ? PQntuples(result_.get()) : 0; }

int PgResult::columns() const { return result_ ? PQnfields(result_.get()) : 0; }

int PgResult::ColumnIndex(const std::string& name) const {
  return result_ ? PQfnumber(result_.get(), name.c_str()) : -1;
}

std::int64_t PgResult::AffectedRows() const {
  const std::string_view text = result_ ? PQcmdTuples(result_.get()) : "";
  std::int64_t count = 0;
  std::from_chars(text.data(), text.data() + text.size(), count);
  return count;
}

bool PgResult::IsNull(int row, int column) const {
  return PQgetisnull(result_.get(), row, column) != 0;
}

std::string_view PgResult::View(int row, int column) const {
  // PQgetvalue gives "" for NULL; the length, not a terminator, ends the text.
  return {PQgetvalue(result_.get(), row, column),
          static_cast<std::size_t>(PQgetlength(result_.get(), row, column))};
}

std::int64_t PgResult::Int(int row, int column) const {
  const std::string_view text = View(row, column);
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    BadValue("an integer", row, column);
  }
  return value;
}

bool PgResult::Bool(int row, int column) const {
  const std::string_view text = View(row, column);
  if (text == "t") return true;
  if (text == "f") return false;
  BadValue("a boolean", row, column);
}

std::optional<std::string> PgResult::OptionalText(int row, int column) const {
  if (IsNull(row, column)) return std::nullopt;
  return Text(row, column);
}

std::optional<std::int64_t> PgResult::OptionalInt(int row, int column) const {
  if (IsNull(row, column)) return std::nullopt;
  return Int(row, column);
}

}  // namespace confide::store::postgres
