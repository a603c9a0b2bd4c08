# Every library comes from Debian; when one is missing, say which package installs it.
find_package(PkgConfig QUIET)
if(NOT PKG_CONFIG_FOUND)
  message(FATAL_ERROR "pkg-config not found: install the Debian package 'pkg-config' (or run scripts/setup.sh)")
endif()

function(vs_require_pkg target module debpkg)
  pkg_check_modules(${target} QUIET IMPORTED_TARGET ${module})
  if(NOT ${target}_FOUND)
    message(FATAL_ERROR "${module} not found: install the Debian package '${debpkg}' (or run scripts/setup.sh)")
  endif()
endfunction()

vs_require_pkg(YAML yaml-0.1 libyaml-dev)
vs_require_pkg(CJSON libcjson libcjson-dev)
vs_require_pkg(IGRAPH igraph libigraph-dev)
vs_require_pkg(MNL libmnl libmnl-dev)
vs_require_pkg(XML2 libxml-2.0 libxml2-dev)
vs_require_pkg(ZLIB zlib zlib1g-dev)
vs_require_pkg(ARCHIVE libarchive libarchive-dev)
vs_require_pkg(CHECK check check)
vs_require_pkg(PLPLOT plplot libplplot-dev)
vs_require_pkg(SQLITE3 sqlite3 libsqlite3-dev)

# GLPK ships no pkg-config file in Debian.
find_path(GLPK_INCLUDE_DIR glpk.h)
find_library(GLPK_LIBRARY glpk)
if(NOT GLPK_INCLUDE_DIR OR NOT GLPK_LIBRARY)
  message(FATAL_ERROR "GLPK not found: install the Debian package 'libglpk-dev' (or run scripts/setup.sh)")
endif()
add_library(vs_glpk INTERFACE)
target_include_directories(vs_glpk INTERFACE ${GLPK_INCLUDE_DIR})
target_link_libraries(vs_glpk INTERFACE ${GLPK_LIBRARY})

# COIN-OR CBC is optional: without it `--solver cbc` says how to get it (exit 3).
option(VS_CBC "Build the CBC adapter when COIN-OR CBC is found" ON)
if(VS_CBC)
  pkg_check_modules(CBC QUIET IMPORTED_TARGET cbc)
endif()
if(CBC_FOUND)
  message(STATUS "COIN-OR CBC ${CBC_VERSION}: --solver cbc available")
else()
  message(STATUS "COIN-OR CBC not found: --solver cbc disabled (Debian package 'coinor-libcbc-dev')")
endif()

find_library(MATH_LIBRARY m)

# Open MPI is optional: sweeps across machines (study/study_mpi.c) when it is there; without
# it everything builds, and `vroomsim sweep` started under mpirun says MPI is not compiled in.
option(VS_MPI "Build sweeps across machines with Open MPI when it is installed" ON)
if(VS_MPI)
  pkg_check_modules(VSMPI QUIET IMPORTED_TARGET ompi-c)
endif()
if(VSMPI_FOUND)
  message(STATUS "MPI: Open MPI ${VSMPI_VERSION} (vroomsim sweep under mpirun)")
else()
  message(STATUS "MPI: not used (install the Debian package 'libopenmpi-dev' for sweeps across machines)")
endif()
