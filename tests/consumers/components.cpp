// SPDX-License-Identifier: MIT
// Consumer test: a program that links acs_rooms::curl, ::httplib, ::openssl and ::emulator and
// nothing else. It runs a client over each shipped transport against the emulator component
// served on loopback by a few lines of cpp-httplib (acs-rooms-emulator's own front is not
// installed; a layout mismatch between httplib's header and library would crash here), and
// checks that openssl_crypto agrees with portable_crypto.

#include <acs/rooms.hpp>
#include <acs/rooms/crypto/openssl.hpp>
#include <acs/rooms/emulator.hpp>
#include <acs/rooms/transport/curl.hpp>
#include <acs/rooms/transport/httplib.hpp>

#include <httplib.h>

#include <iostream>
#include <string>
#include <thread>
#include <utility>

namespace rooms = acs::rooms;

namespace {

/// Creates, reads and deletes a room over `transport`; 0 when all three worked.
template <class Transport>
int round_trip(const std::string& connection, Transport transport, const char* name) {
  auto client = rooms::make_client(connection, std::move(transport));
  if (!client) {
    std::cerr << name << ": " << client.error().describe() << '\n';
    return 1;
  }
  auto created = client->create_room();
  if (!created) {
    std::cerr << name << ": " << created.error().describe() << '\n';
    return 1;
  }
  auto got = client->get_room(created->id);
  if (!got || got->id != created->id || !client->delete_room(created->id)) {
    std::cerr << name << ": get or delete failed\n";
    return 1;
  }
  std::cout << name << ": ok\n";
  return 0;
}

} // namespace

int main() {
  if (rooms::openssl_crypto{}.sha256("abc") != rooms::portable_crypto{}.sha256("abc")) {
    std::cerr << "openssl_crypto and portable_crypto disagree\n";
    return 1;
  }
  rooms::emulator service;
  httplib::Server server;
  const auto serve = [&service](const httplib::Request& in, httplib::Response& out) {
    rooms::http_request request;
    request.method = in.method;
    request.url = "http://" + in.get_header_value("Host") + in.target;
    for (const auto& [name, value] : in.headers) {
      request.headers.add(name, value);
    }
    request.body = in.body;
    const rooms::http_response answer = service.send(request);
    out.status = answer.status;
    for (const auto& [name, value] : answer.headers) {
      if (name != "Content-Type" && name != "Content-Length") {
        out.set_header(name, value);
      }
    }
    if (!answer.body.empty()) {
      out.set_content(answer.body, "application/json");
    }
  };
  server.Get(".*", serve).Post(".*", serve).Patch(".*", serve).Put(".*", serve);
  server.Delete(".*", serve);
  const int port = server.bind_to_any_port("127.0.0.1");
  if (port <= 0) {
    std::cerr << "cannot bind on loopback\n";
    return 1;
  }
  std::thread serving([&server] { server.listen_after_bind(); });
  const std::string connection =
      service.connection_string("http://127.0.0.1:" + std::to_string(port));
  const int failed = round_trip(connection, rooms::curl_transport{}, "curl") +
                     round_trip(connection, rooms::httplib_transport{}, "httplib");
  server.stop();
  serving.join();
  return failed;
}
