#pragma once

// A cached Statement lent out for one execution. Resetting it when the loan ends matters:
// a statement left mid-execution keeps its read snapshot open, which holds back WAL
// checkpoints and can make COMMIT fail.
// Thread-safety: as its Statement, one thread at a time.

#include <utility>

#include "store/sqlite/statement.h"

namespace confide::store::sqlite {

class BorrowedStatement {
 public:
  explicit BorrowedStatement(Statement& statement) : statement_(&statement) {}
  ~BorrowedStatement() {
    if (statement_ != nullptr) statement_->Reset();
  }

  BorrowedStatement(BorrowedStatement&& other) noexcept
      : statement_(std::exchange(other.statement_, nullptr)) {}
  BorrowedStatement& operator=(BorrowedStatement&&) = delete;
  BorrowedStatement(const BorrowedStatement&) = delete;
  BorrowedStatement& operator=(const BorrowedStatement&) = delete;

  Statement* operator->() const { return statement_; }
  Statement& operator*() const { return *statement_; }

 private:
  Statement* statement_;
};

}  // namespace confide::store::sqlite
