// Positive control for bad_transport.cpp and bad_signer.cpp: the same shapes, all valid.
#include <acs/rooms.hpp>

namespace {
struct good_transport {
  acs::rooms::http_response send(const acs::rooms::http_request&) { return {}; }
};
struct good_signer {
  void sign(acs::rooms::http_request&, acs::rooms::time_point) {}
};
} // namespace

bool good_client_compiles() {
  auto client = acs::rooms::make_client(
      "endpoint=https://x.communication.azure.com/;accesskey=a2V5", good_transport{});
  acs::rooms::rooms_client<good_transport, good_signer> other("https://x.communication.azure.com/",
                                                              good_transport{}, good_signer{});
  return client.has_value() && client->get_room("r").has_value() && other.get_room("r").has_value();
}
