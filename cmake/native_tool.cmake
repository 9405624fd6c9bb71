# cmake -DSOURCE_DIR=... -DBINARY_DIR=... -P native_tool.cmake
# The web build needs the native `cnn` tool (it writes the sample digits and the Train tab's
# data). This configures the native build tree once (host compiler, Release) and builds the
# tool there, incrementally; JOBS in the environment bounds its parallel compiles.
if(NOT EXISTS "${BINARY_DIR}/CMakeCache.txt")
  execute_process(COMMAND "${CMAKE_COMMAND}" -S "${SOURCE_DIR}" -B "${BINARY_DIR}" -G Ninja -DCMAKE_BUILD_TYPE=Release
                  OUTPUT_QUIET RESULT_VARIABLE failed)
  if(failed)
    message(FATAL_ERROR "configuring the native build in ${BINARY_DIR} failed")
  endif()
endif()
set(parallel)
if(DEFINED ENV{JOBS})
  set(parallel --parallel $ENV{JOBS})
endif()
execute_process(COMMAND "${CMAKE_COMMAND}" --build "${BINARY_DIR}" --target cnn ${parallel}
                OUTPUT_VARIABLE log ERROR_VARIABLE log RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "building the native tool failed:\n${log}")
endif()
