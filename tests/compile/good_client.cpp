// Positive control for bad_transport.cpp and bad_signer.cpp: the same shapes, all valid.
#include <acs/rooms.hpp>

// A client TU that uses no transport, no OpenSSL and no emulator parses none of them (issue 20);
// the emulator is covered by separate_compilation.cpp, since it always includes nlohmann/json.hpp.
#if defined(CURLINC_CURL_H) || defined(CPPHTTPLIB_HTTPLIB_H) || defined(OPENSSL_EVP_H) ||          \
    defined(BOOST_ASIO_ANY_IO_EXECUTOR_HPP)
#error "<acs/rooms.hpp> must not include a transport's, OpenSSL's or Asio's headers"
#endif

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
