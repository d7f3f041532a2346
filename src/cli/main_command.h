#pragma once

// `confide [serve] | token | migrate | users upsert | users import`.

namespace confide::cli {

int Main(int argc, char** argv);

}  // namespace confide::cli
