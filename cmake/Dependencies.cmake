# Every dependency is a Debian 12 package (see scripts/install-deps.sh).
find_package(Threads REQUIRED)
find_package(Boost 1.81 EXACT REQUIRED COMPONENTS json url)
find_package(SQLite3 REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
# cnats (libnats-dev): Debian's CMake package names a static library it does not ship, so
# the shared library and its header are found directly.
find_library(NATS_LIBRARY nats REQUIRED)
find_path(NATS_INCLUDE_DIR nats/nats.h REQUIRED)
add_library(cnats::nats SHARED IMPORTED)
set_target_properties(cnats::nats PROPERTIES IMPORTED_LOCATION ${NATS_LIBRARY}
                                             INTERFACE_INCLUDE_DIRECTORIES ${NATS_INCLUDE_DIR})
# libpq (libpq-dev) for the PostgreSQL backend, through its pkg-config file.
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)
if(CONFIDE_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(CONFIDE_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
