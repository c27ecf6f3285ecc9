// SPDX-License-Identifier: MIT
// acs_rooms tests (compile-fail): a translation unit that includes Debian's <httplib.h> without
// CPPHTTPLIB_OPENSSL_SUPPORT and then the httplib transport. Debian's libcpp-httplib is compiled
// with that macro, so linking this with -lcpp-httplib would crash at run time (munmap_chunk);
// transport/httplib.hpp must refuse it at compile time with a message naming the macro.
#include <httplib.h>

#include <acs/rooms/transport/httplib.hpp>

static_assert(acs::rooms::is_transport_v<acs::rooms::httplib_transport>);
