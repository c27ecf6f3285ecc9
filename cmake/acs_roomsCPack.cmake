# acs_rooms: `cpack -G DEB` in a build directory makes two Debian packages, split as Debian does:
#   libacs-rooms-dev  (Architecture: all) the headers, the CMake package, the pkg-config files
#                     and separate compilation's one source, everything under /usr/include and
#                     /usr/share; Depends: nlohmann-json3-dev, libhowardhinnant-date-dev
#   acs-rooms-tools   the programs acs-rooms and acs-rooms-emulator, their man pages and the bash
#                     completion (the install rules of programs/, CMake's "Unspecified"
#                     component); Depends from dpkg-shlibdeps
# Included by the top-level CMakeLists.txt when ACS_ROOMS_INSTALL is on.
set(CPACK_PACKAGE_NAME "acs-rooms")
set(CPACK_PACKAGE_VENDOR "acs_rooms")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${CMAKE_PROJECT_NAME} built using CMake")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
if(NOT CPACK_PACKAGE_CONTACT) # Debian wants "Name <address>"; set yours with -DCPACK_PACKAGE_CONTACT
  set(CPACK_PACKAGE_CONTACT "acs_rooms maintainers <acs-rooms@example.org>")
endif()
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL dev)
if(TARGET acs-rooms OR TARGET acs-rooms-emulator)
  list(APPEND CPACK_COMPONENTS_ALL Unspecified)
endif()
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME "libacs-rooms-dev")
set(CPACK_DEBIAN_DEV_PACKAGE_ARCHITECTURE "all")
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION "libdevel")
# Each package's first line is its synopsis; CPack indents the others. The common summary is set
# to CPack's own default, which CPackDeb does not put above them (it would, the project's).
set(CPACK_DEBIAN_DEV_DESCRIPTION "C++17 client for the Azure Communication Services Rooms API
The headers of acs_rooms (include/acs/), a header-only client for the Rooms
REST API, with the CMake package acs_rooms (components emulator, the service
in process for tests, curl, httplib, openssl, beast, and compiled, for
separate compilation) and a pkg-config file for each.")
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "nlohmann-json3-dev (>= 3.10), libhowardhinnant-date-dev")
set(CPACK_DEBIAN_DEV_PACKAGE_SUGGESTS
    "libcurl4-openssl-dev, libssl-dev, libcpp-httplib-dev, libboost1.81-dev")

set(CPACK_DEBIAN_UNSPECIFIED_PACKAGE_NAME "acs-rooms-tools")
set(CPACK_DEBIAN_UNSPECIFIED_PACKAGE_SECTION "utils")
set(CPACK_DEBIAN_UNSPECIFIED_DESCRIPTION "Azure Communication Services Rooms command-line tools
acs-rooms manages rooms with the commands and flags of az communication rooms;
acs-rooms-emulator serves the Rooms service on loopback, for tests.")
find_program(ACS_ROOMS_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(ACS_ROOMS_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_UNSPECIFIED_PACKAGE_SHLIBDEPS ON)
else()
  # Without dpkg-shlibdeps (dpkg-dev), name the runtime libraries of Debian 12 ourselves.
  set(_acs_rooms_runtime "libc6, libstdc++6, libgcc-s1")
  if(TARGET acs-rooms)
    string(APPEND _acs_rooms_runtime ", libcurl4, libyaml-cpp0.7")
  endif()
  if(TARGET acs-rooms-emulator)
    string(APPEND _acs_rooms_runtime ", libssl3")
  endif()
  set(CPACK_DEBIAN_UNSPECIFIED_PACKAGE_DEPENDS "${_acs_rooms_runtime}")
endif()

set(CPACK_GENERATOR "DEB")
set(CPACK_SOURCE_GENERATOR "TGZ")
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git" "/build/" "/node_modules/" "/docs/api/")
include(CPack)
