# Warnings are errors everywhere; sanitizers are one switch.
add_compile_options(-Wall -Wextra -Werror -Wno-missing-field-initializers)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # GCC 12's -Wmaybe-uninitialized reports std::variant storage moved at -O3 as uninitialized
  # (GCC bugs 105562, 107138): it flags correct code only in optimized builds, so it stays a
  # warning there and is not turned into an error that depends on the optimization level.
  add_compile_options(-Wno-error=maybe-uninitialized)
endif()
if(CONFIDE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "CONFIDE_FUZZ needs clang (libFuzzer): -DCMAKE_CXX_COMPILER=clang++")
  endif()
  # Every source is instrumented for coverage and checked by ASan and UBSan; the fuzz targets
  # link libFuzzer's main (tests/fuzz/CMakeLists.txt). -O1 without NDEBUG: fast, our asserts
  # kept. Boost's own (BOOST_ASSERT) are off, as in the server's builds: Beast 1.81's chunk
  # parser asserts a length it need not have when a chunked body's last chunk and trailer come
  # a few bytes at a time, though it reads within its buffer and answers as it should (ASan
  # checks the reads); an assert that the shipped parser does not make is not a finding.
  add_compile_options(-O1 -g -fsanitize=fuzzer-no-link,address,undefined
                      -fno-sanitize-recover=undefined -fno-omit-frame-pointer
                      -DBOOST_DISABLE_ASSERTS)
  add_link_options(-fsanitize=address,undefined)
elseif(CONFIDE_SANITIZE)
  # Line tables (-g1) are all the sanitizers' reports need, and build much faster than -g; -O1
  # (after the build type's -O2) builds this instrumented code in about 60 % of the time.
  add_compile_options(-O1 -fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined -g1)
  add_link_options(-fsanitize=address,undefined)
elseif(CONFIDE_TSAN)
  # ThreadSanitizer for the threaded core (scripts/tsan.sh). Its reports need only line
  # tables (-g1), which build faster than full debug information. GCC warns (-Wtsan) that
  # ThreadSanitizer does not model the fences of Boost.Asio's fenced blocks: ordering that
  # only a fence gives would be reported as a race, never hidden, so the warning is off. -O1, as
  # for ASan: instrumented code builds much faster than at the build type's -O2.
  add_compile_options(-O1 -fsanitize=thread -fno-omit-frame-pointer -g1 -Wno-tsan)
  add_link_options(-fsanitize=thread)
endif()
find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
endif()
