#pragma once

// The result of one statement (a PGresult, freed with it), read in libpq's text format:
// rows and columns are 0-based, and a typed accessor on a value of the wrong shape (Int on
// "abc", Bool on anything but 't' or 'f') throws std::logic_error, since the SQL that asked
// for the column decides its type. An empty PgResult (no PGresult) stands for "no more
// results" while a connection reads them.
// Thread-safety: one thread at a time; a PgResult does not refer to its connection.

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace confide::store::postgres {

class PgResult {
 public:
  PgResult() = default;
  explicit PgResult(PGresult* result) : result_(result) {}

  // False for the empty PgResult.
  explicit operator bool() const { return result_ != nullptr; }

  ExecStatusType status() const;
  // True for a statement that succeeded (with or without rows).
  bool ok() const;
  // The SQLSTATE of a failed statement ("23505"), or "".
  std::string sqlstate() const;

  int rows() const;
  int columns() const;
  // The index of the column named `name`, or -1.
  int ColumnIndex(const std::string& name) const;
  // Rows an INSERT, UPDATE or DELETE changed (PQcmdTuples); 0 for other statements.
  std::int64_t AffectedRows() const;

  bool IsNull(int row, int column) const;
  // The text of a value; "" for NULL. The view lives as long as this result.
  std::string_view View(int row, int column) const;
  std::string Text(int row, int column) const { return std::string(View(row, column)); }
  std::int64_t Int(int row, int column) const;
  bool Bool(int row, int column) const;
  std::optional<std::string> OptionalText(int row, int column) const;
  std::optional<std::int64_t> OptionalInt(int row, int column) const;

  PGresult* get() const { return result_.get(); }

 private:
  struct Clear {
    void operator()(PGresult* result) const { PQclear(result); }
  };

  std::unique_ptr<PGresult, Clear> result_;
};

}  // namespace confide::store::postgres
