// Must not compile: not_a_transport has no send(). See good_client.cpp for the control.
#include <acs/rooms.hpp>

namespace {
struct not_a_transport {};
} // namespace

bool bad_transport_compiles() {
  acs::rooms::rooms_client<not_a_transport, acs::rooms::hmac_signer<>> client(
      "https://x.communication.azure.com/", not_a_transport{}, acs::rooms::hmac_signer<>("a2V5"));
  return client.get_room("r").has_value();
}
