// SPDX-License-Identifier: MIT
// acs_rooms umbrella header: layers 1 to 5, everything but the optional headers.
#pragma once

// The umbrella header: every public header of layers 1 to 5. The optional headers
// (crypto/openssl.hpp, transport/*.hpp, emulator.hpp) are included separately.

// Listed by layer, not alphabetically.
// clang-format off
#include <acs/rooms/version.hpp>
#include <acs/rooms/config.hpp>
#include <acs/rooms/fwd.hpp>
#include <acs/rooms/error.hpp>
#include <acs/rooms/result.hpp>
#include <acs/rooms/http.hpp>
#include <acs/rooms/cancellation.hpp>
#include <acs/rooms/concepts.hpp>
#include <acs/rooms/time.hpp>
#include <acs/rooms/identifiers.hpp>
#include <acs/rooms/models.hpp>
#include <acs/rooms/api_version.hpp>
#include <acs/rooms/serialization.hpp>
#include <acs/rooms/connection_string.hpp>
#include <acs/rooms/bearer_token_signer.hpp>
#include <acs/rooms/signing.hpp>
#include <acs/rooms/request_context.hpp>
#include <acs/rooms/requests.hpp>
#include <acs/rooms/responses.hpp>
#include <acs/rooms/requests_v2022.hpp>
#include <acs/rooms/responses_v2022.hpp>
#include <acs/rooms/operations.hpp>
#include <acs/rooms/retry.hpp>
#include <acs/rooms/tracing.hpp>
#include <acs/rooms/call_options.hpp>
#include <acs/rooms/call.hpp>
#include <acs/rooms/pagination.hpp>
#include <acs/rooms/client_options.hpp>
#include <acs/rooms/pager.hpp>
#include <acs/rooms/client.hpp>
// clang-format on
