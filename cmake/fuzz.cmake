# The libFuzzer targets (CNN_FUZZ=ON, clang++; scripts/fuzz.sh configures, builds and runs them):
# the core instrumented for coverage and built with ASan + UBSan (the top-level flags), linked
# into the seed maker and into one fuzzer per parser.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "CNN_FUZZ needs clang++ for libFuzzer (e.g. -DCMAKE_CXX_COMPILER=clang++-14)")
endif()
target_compile_options(cnn_core PRIVATE -fsanitize=fuzzer-no-link)

# Seed corpora: valid and near-valid inputs for each target (tests/fuzz/make_seeds.cpp).
add_executable(make_seeds tests/fuzz/make_seeds.cpp)
target_link_libraries(make_seeds PRIVATE cnn_core)

foreach(target IN ITEMS weights idx preprocess)
  add_executable(fuzz_${target} tests/fuzz/fuzz_${target}.cpp)
  target_compile_options(fuzz_${target} PRIVATE -fsanitize=fuzzer)
  target_link_options(fuzz_${target} PRIVATE -fsanitize=fuzzer)
  target_link_libraries(fuzz_${target} PRIVATE cnn_core)
endforeach()
