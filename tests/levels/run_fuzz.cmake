# The bounded fuzz run ctest starts: builds the level-parser fuzzer with clang (libFuzzer and
# AddressSanitizer, toml++ compiled in so its parser is instrumented too) in a build folder
# of its own, then runs it for SECONDS on a corpus seeded with the shipped levels and plan.
# cmake -DSOURCE_DIR=... -DBUILD_DIR=... -DCLANGXX=... -DSECONDS=30 -P run_fuzz.cmake
foreach(required SOURCE_DIR BUILD_DIR CLANGXX SECONDS)
  if(NOT DEFINED ${required})
    message(FATAL_ERROR "run_fuzz.cmake needs -D${required}=...")
  endif()
endforeach()

execute_process(
  COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${BUILD_DIR}
          -DCMAKE_CXX_COMPILER=${CLANGXX} -DCMAKE_BUILD_TYPE=RelWithDebInfo
          "-DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link,address -fno-omit-frame-pointer"
          -DMIDLINE_FUZZ=ON -DMIDLINE_BUILD_BENCHMARKS=OFF
  OUTPUT_QUIET RESULT_VARIABLE configured)
if(configured)
  message(FATAL_ERROR "configuring the fuzz build in ${BUILD_DIR} failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target fuzz_level_parser -j 2
                OUTPUT_QUIET RESULT_VARIABLE built)
if(built)
  message(FATAL_ERROR "building fuzz_level_parser in ${BUILD_DIR} failed")
endif()

# libFuzzer adds what it finds to the first folder; the shipped files are only read.
file(MAKE_DIRECTORY ${BUILD_DIR}/corpus)
execute_process(
  COMMAND ${BUILD_DIR}/tests/levels/fuzz_level_parser -max_total_time=${SECONDS} -timeout=10
          -print_final_stats=1 ${BUILD_DIR}/corpus ${SOURCE_DIR}/levels ${SOURCE_DIR}/levels/plans
  RESULT_VARIABLE fuzzed)
if(fuzzed)
  message(FATAL_ERROR "the level-parser fuzzer found a crash (exit ${fuzzed}); the input is "
                      "saved as crash-* in the working folder")
endif()
