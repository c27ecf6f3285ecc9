// SPDX-License-Identifier: MIT
// acs_rooms tests (compile-only): the way out of the httplib_without_openssl check, for a
// header-only cpp-httplib used without OpenSSL: ACS_ROOMS_HTTPLIB_NO_OPENSSL said explicitly.
// (Built, never linked: Debian's cpp-httplib is a compiled library, built with OpenSSL.)
#define ACS_ROOMS_HTTPLIB_NO_OPENSSL
#include <httplib.h>

#include <acs/rooms/transport/httplib.hpp>

#if defined(CPPHTTPLIB_OPENSSL_SUPPORT)
#error "ACS_ROOMS_HTTPLIB_NO_OPENSSL must keep cpp-httplib's OpenSSL support off"
#endif

static_assert(acs::rooms::is_transport_v<acs::rooms::httplib_transport>);
