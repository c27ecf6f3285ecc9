// SPDX-License-Identifier: MIT
// acs_rooms tests (unit): concepts.hpp, the C++17 traits and C++20 concepts.
#include <acs/rooms/concepts.hpp>

#include "../support/mocks.hpp"

using namespace acs::rooms;
using acs_rooms_test::mock_result_transport;
using acs_rooms_test::mock_transport;

namespace {
struct no_send {};
struct wrong_send {
  int send(const http_request&) { return 0; }
};
struct value_transport {
  http_response send(const http_request&) { return {}; }
};
struct no_sign {};
struct void_signer {
  void sign(http_request&, time_point) {}
};
} // namespace

// The C++17 traits and the C++20 concepts agree on what is a Transport and a Signer.
static_assert(is_transport_v<value_transport> && is_transport_v<mock_transport&> &&
              is_transport_v<mock_result_transport>);
static_assert(!is_transport_v<no_send> && !is_transport_v<wrong_send>);
static_assert(is_signer_v<void_signer> && is_signer_v<hmac_signer<>> &&
              is_signer_v<bearer_token_signer> && !is_signer_v<no_sign>);
static_assert(is_crypto_v<portable_crypto> && !is_crypto_v<no_send>);
#if ACS_ROOMS_HAS_CONCEPTS
static_assert(transport<value_transport> && !transport<no_send> && !transport<wrong_send>);
static_assert(signer<void_signer> && !signer<no_sign>);
static_assert(crypto<portable_crypto> && !crypto<no_send>);
#endif

TEST_CASE("the traits accept transports and signers of either result shape", "[concepts]") {
  CHECK(is_transport_v<value_transport>);
  CHECK(is_transport_v<mock_result_transport&>);
  CHECK_FALSE(is_transport_v<no_send>);
  CHECK(is_signer_v<void_signer>);
  CHECK_FALSE(is_signer_v<wrong_send>);
  CHECK(is_crypto_v<portable_crypto>);
}
