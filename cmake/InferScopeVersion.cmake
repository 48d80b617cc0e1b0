# The build's identity in one generated header, app/version.h (target
# inferscope_version): the project version, the git revision the build was
# configured from ("unknown" outside a git checkout), the build type, and the
# names the desktop integration and the packages share.

set(INFERSCOPE_APP_ID "io.github.inferscope.InferScope")
set(INFERSCOPE_LICENSE "GPL-3.0-or-later")  # SPDX; the GUI links QCustomPlot (GPL-3.0)

set(INFERSCOPE_REVISION "unknown")
find_package(Git QUIET)
if(GIT_FOUND)
  # Only a checkout of this project counts, not a git repository the sources were unpacked into.
  execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --show-toplevel
                  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} OUTPUT_VARIABLE _toplevel
                  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE _git_failed)
  if(NOT _git_failed)
    file(REAL_PATH "${_toplevel}" _toplevel)
    file(REAL_PATH "${PROJECT_SOURCE_DIR}" _source)
  endif()
  if(NOT _git_failed AND _toplevel STREQUAL _source)
    execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --short=12 HEAD
                    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} OUTPUT_VARIABLE _revision
                    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE _git_failed)
    if(NOT _git_failed AND _revision)
      set(INFERSCOPE_REVISION "${_revision}")
    endif()
    # Configure again when HEAD moves (a commit, a checkout), so --version stays true.
    foreach(_file HEAD logs/HEAD)
      execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --path-format=absolute --git-path ${_file}
                      WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} OUTPUT_VARIABLE _path
                      OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
      if(_path AND EXISTS "${_path}")
        set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${_path}")
      endif()
    endforeach()
  endif()
endif()
message(STATUS "InferScope ${PROJECT_VERSION}, revision ${INFERSCOPE_REVISION}")

# configure_file rewrites the header only when its text changes: a reconfigure
# at the same revision rebuilds nothing.
configure_file(${CMAKE_CURRENT_LIST_DIR}/version.h.in ${PROJECT_BINARY_DIR}/generated/app/version.h @ONLY)
add_library(inferscope_version INTERFACE)
target_include_directories(inferscope_version INTERFACE ${PROJECT_BINARY_DIR}/generated)
