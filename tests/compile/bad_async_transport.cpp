// Must not compile: a sync Transport (send() only) is not an AsyncTransport; the client's
// static_assert says so. The control is tests/async/async_test.cpp, which builds.
#include <acs/rooms/async.hpp>

namespace {
struct sync_only {
  acs::rooms::http_response send(const acs::rooms::http_request&) { return {}; }
};
} // namespace

void bad_async_transport_compiles() {
  acs::rooms::async_rooms_client<sync_only, acs::rooms::hmac_signer<>> client(
      "https://x.communication.azure.com/", sync_only{}, acs::rooms::hmac_signer<>("a2V5"));
  client.async_get_room("r", [](acs::rooms::result<acs::rooms::room>) {});
}
