# acs_rooms: `cpack -G DEB` in a build directory makes one Debian package, acs-rooms: the headers,
# the CMake package and the pkg-config file (arch-independent, under /usr/share), and the
# programs acs-rooms and acs-rooms-emulator with their man pages and bash completion, when they
# were built. Included by the top-level CMakeLists.txt when ACS_ROOMS_INSTALL is on.
set(CPACK_PACKAGE_NAME "acs-rooms")
set(CPACK_PACKAGE_VENDOR "acs_rooms")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
if(NOT CPACK_PACKAGE_CONTACT)
  set(CPACK_PACKAGE_CONTACT "acs_rooms maintainers")
endif()
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "libdevel")
# The extended description (CPack puts CPACK_PACKAGE_DESCRIPTION_SUMMARY above it).
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "The headers (include/acs/), the CMake package acs_rooms \
with the components emulator (the service in process, for tests), curl, httplib, openssl and \
beast, the pkg-config files acs_rooms and acs_rooms_emulator, and the tools acs-rooms (shaped \
like az communication rooms) and acs-rooms-emulator (the Rooms service on loopback).")
# The library's own dependencies; the programs' shared libraries are added by dpkg-shlibdeps.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "nlohmann-json3-dev (>= 3.10), libhowardhinnant-date-dev")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS
    "libcurl4-openssl-dev, libssl-dev, libcpp-httplib-dev, libboost1.81-dev")
find_program(ACS_ROOMS_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(ACS_ROOMS_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  # Without dpkg-shlibdeps (dpkg-dev), name the runtime libraries of Debian 12 ourselves.
  set(_acs_rooms_runtime "libc6, libstdc++6, libgcc-s1")
  if(TARGET acs-rooms)
    string(APPEND _acs_rooms_runtime ", libcurl4")
  endif()
  if(TARGET acs-rooms-emulator)
    string(APPEND _acs_rooms_runtime ", libcpp-httplib0.11, libssl3")
  endif()
  string(APPEND CPACK_DEBIAN_PACKAGE_DEPENDS ", ${_acs_rooms_runtime}")
endif()

set(CPACK_GENERATOR "DEB")
set(CPACK_SOURCE_GENERATOR "TGZ")
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git" "/build/" "/node_modules/" "/docs/api/")
include(CPack)
