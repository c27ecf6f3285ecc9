// SPDX-License-Identifier: MIT
// acs_rooms tests (snippets): README "Transport and Signer", the transport over cpp-httplib,
// compiled here and checked to satisfy the Transport requirements.
#include <acs/rooms.hpp>

#include <httplib.h>

#include <stdexcept>
#include <string>

#include "readme_transport.hpp"

static_assert(acs::rooms::is_transport_v<my_transport>);

int main() { return 0; }
