# The bounded fuzz run ctest starts: runs the level-parser fuzzer (built with the project by
# tests/levels/CMakeLists.txt) for SECONDS on a corpus seeded with the shipped levels and plan.
# cmake -DSOURCE_DIR=... -DFUZZER=... -DCORPUS_DIR=... -DSECONDS=30 -P run_fuzz.cmake
foreach(required SOURCE_DIR FUZZER CORPUS_DIR SECONDS)
  if(NOT DEFINED ${required})
    message(FATAL_ERROR "run_fuzz.cmake needs -D${required}=...")
  endif()
endforeach()
if(NOT EXISTS ${FUZZER})
  message(FATAL_ERROR "the level-parser fuzzer ${FUZZER} is not built: build the project first")
endif()

# libFuzzer adds what it finds to the first folder; the shipped files are only read.
file(MAKE_DIRECTORY ${CORPUS_DIR})
execute_process(
  COMMAND ${FUZZER} -max_total_time=${SECONDS} -timeout=10 -print_final_stats=1
          ${CORPUS_DIR} ${SOURCE_DIR}/levels ${SOURCE_DIR}/levels/plans
  RESULT_VARIABLE fuzzed)
if(fuzzed)
  message(FATAL_ERROR "the level-parser fuzzer found a crash (exit ${fuzzed}); the input is "
                      "saved as crash-* in the working folder")
endif()
