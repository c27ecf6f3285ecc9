# acs_rooms: the optional components, one per optional header, each an INTERFACE target that
# carries what that header needs. Included by the top-level CMakeLists.txt (targets
# acs_rooms_<name>, aliased acs_rooms::<name>) and by the installed acs_roomsConfig.cmake
# (imported acs_rooms::<name>), so both find the dependencies the same way.
#
#   curl     <acs/rooms/transport/curl.hpp>      CURL::libcurl
#   httplib  <acs/rooms/transport/httplib.hpp>   cpp-httplib (pkg-config cpp-httplib, else the
#                                                header), CPPHTTPLIB_OPENSSL_SUPPORT, OpenSSL,
#                                                Threads
#   openssl  <acs/rooms/crypto/openssl.hpp>      OpenSSL::Crypto
#   beast    <acs/rooms/transport/beast.hpp>,    Boost 1.81 headers (Asio, Beast), OpenSSL,
#            <acs/rooms/async.hpp>               Threads

set(ACS_ROOMS_COMPONENTS curl httplib openssl beast)
# Components that need nothing more than the library, so always there: exported with it in
# acs_roomsTargets.cmake (the CMake install) or defined by acs_roomsTargets-meson.cmake.in.
#   emulator <acs/rooms/emulator.hpp>            acs_rooms::acs_rooms (the in-process test double)
set(ACS_ROOMS_EXPORTED_COMPONENTS emulator)

# acs_rooms_find_component(<name> <libs-var> <defs-var> <missing-var>)
# Looks (quietly) for what component <name> needs. Sets <libs-var> to what to link,
# <defs-var> to the compile definitions, and <missing-var> to what was not found, with its
# Debian package, or to "" when everything was found.
function(acs_rooms_find_component name libs_var defs_var missing_var)
  set(libs "")
  set(defs "")
  set(missing "")
  set(_include "")
  if(name STREQUAL "curl")
    find_package(CURL QUIET)
    if(TARGET CURL::libcurl)
      set(libs CURL::libcurl)
    else()
      set(missing "libcurl (Debian libcurl4-openssl-dev)")
    endif()
  elseif(name STREQUAL "openssl")
    find_package(OpenSSL QUIET COMPONENTS Crypto)
    if(TARGET OpenSSL::Crypto)
      set(libs OpenSSL::Crypto)
    else()
      set(missing "OpenSSL (Debian libssl-dev)")
    endif()
  elseif(name STREQUAL "httplib" OR name STREQUAL "beast")
    find_package(OpenSSL QUIET COMPONENTS SSL Crypto)
    find_package(Threads QUIET)
    if(NOT TARGET OpenSSL::SSL)
      list(APPEND missing "OpenSSL (Debian libssl-dev)")
    endif()
    if(NOT TARGET Threads::Threads)
      list(APPEND missing "Threads")
    endif()
    if(name STREQUAL "beast")
      find_package(Boost 1.81 CONFIG QUIET)
      if(TARGET Boost::headers)
        set(libs Boost::headers)
      else()
        list(APPEND missing "Boost 1.81 headers (Debian libboost1.81-dev)")
      endif()
    else()
      # Debian builds cpp-httplib as a library, with CPPHTTPLIB_OPENSSL_SUPPORT: its .pc file
      # carries the -D flags and -lcpp-httplib. Without that define in the program the header
      # and the library disagree on the classes' layout (munmap_chunk(): invalid pointer).
      find_package(PkgConfig QUIET)
      if(PKG_CONFIG_FOUND AND NOT TARGET PkgConfig::acs_rooms_cpp_httplib)
        pkg_check_modules(acs_rooms_cpp_httplib QUIET IMPORTED_TARGET GLOBAL cpp-httplib)
      endif()
      if(TARGET PkgConfig::acs_rooms_cpp_httplib)
        set(libs PkgConfig::acs_rooms_cpp_httplib)
      else() # upstream cpp-httplib: one header
        find_path(ACS_ROOMS_HTTPLIB_INCLUDE_DIR httplib.h)
        if(ACS_ROOMS_HTTPLIB_INCLUDE_DIR)
          set(_include "${ACS_ROOMS_HTTPLIB_INCLUDE_DIR}")
          find_library(ACS_ROOMS_HTTPLIB_LIBRARY cpp-httplib) # a compiled build, if there
          if(ACS_ROOMS_HTTPLIB_LIBRARY)
            set(libs "${ACS_ROOMS_HTTPLIB_LIBRARY}")
          endif()
        else()
          list(APPEND missing "cpp-httplib (Debian libcpp-httplib-dev)")
        endif()
      endif()
      set(defs CPPHTTPLIB_OPENSSL_SUPPORT)
    endif()
    list(APPEND libs OpenSSL::SSL OpenSSL::Crypto Threads::Threads)
  else()
    set(missing "nothing: there is no component '${name}' (known: ${ACS_ROOMS_COMPONENTS})")
  endif()
  list(JOIN missing ", " missing)
  set(${libs_var} "${libs}" PARENT_SCOPE)
  set(${defs_var} "${defs}" PARENT_SCOPE)
  set(${missing_var} "${missing}" PARENT_SCOPE)
  set(ACS_ROOMS_COMPONENT_INCLUDE_DIR "${_include}" PARENT_SCOPE)
endfunction()

# acs_rooms_add_component(<name> <target> <library> <missing-var>)
# Creates <target> (an INTERFACE library; IMPORTED when <target> has a "::") that links
# <library> and what component <name> needs, or sets <missing-var> and creates nothing.
function(acs_rooms_add_component name target library missing_var)
  acs_rooms_find_component(${name} _libs _defs _missing)
  set(${missing_var} "${_missing}" PARENT_SCOPE)
  if(_missing OR TARGET ${target})
    return()
  endif()
  if(target MATCHES "::")
    add_library(${target} INTERFACE IMPORTED)
  else()
    add_library(${target} INTERFACE)
  endif()
  set_target_properties(${target} PROPERTIES
    INTERFACE_LINK_LIBRARIES "${library};${_libs}"
    INTERFACE_COMPILE_DEFINITIONS "${_defs}")
  if(ACS_ROOMS_COMPONENT_INCLUDE_DIR)
    set_property(TARGET ${target} PROPERTY
                 INTERFACE_INCLUDE_DIRECTORIES "${ACS_ROOMS_COMPONENT_INCLUDE_DIR}")
  endif()
endfunction()
