// Must not compile: not_a_signer has no sign(). See good_client.cpp for the control.
#include <acs/rooms.hpp>

namespace {
struct good_transport {
  acs::rooms::http_response send(const acs::rooms::http_request&) { return {}; }
};
struct not_a_signer {};
} // namespace

bool bad_signer_compiles() {
  acs::rooms::rooms_client<good_transport, not_a_signer> client(
      "https://x.communication.azure.com/", good_transport{}, not_a_signer{});
  return client.get_room("r").has_value();
}
