#pragma once

// Message search: case-insensitive substring match over the conversations the caller takes
// part in, newest first, served by the store's full-text index.
// Thread-safety: stateless between calls; each call runs on the store thread of its job.

#include <vector>

#include "core/result.h"
#include "domain/inputs.h"
#include "domain/principal.h"
#include "domain/service_context.h"
#include "store/transaction.h"

namespace confide::domain {

class SearchService {
 public:
  explicit SearchService(ServiceContext& context) : ctx_(context) {}

  Result<std::vector<SearchHit>> Search(store::Transaction& tx, const Principal& who,
                                        const SearchInput& input);

 private:
  ServiceContext& ctx_;
};

}  // namespace confide::domain
