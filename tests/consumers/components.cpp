// SPDX-License-Identifier: MIT
// Consumer test: a program that links acs_rooms::curl, ::httplib and ::openssl and nothing else.
// It runs a client over each shipped transport against the emulator on loopback (served by
// cpp-httplib, so a layout mismatch between header and library would crash here), and checks
// that openssl_crypto agrees with portable_crypto.

#include <acs/rooms.hpp>
#include <acs/rooms/crypto/openssl.hpp>
#include <acs/rooms/emulator.hpp>
#include <acs/rooms/emulator/http_server.hpp>
#include <acs/rooms/transport/curl.hpp>
#include <acs/rooms/transport/httplib.hpp>

#include <iostream>
#include <string>
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
  rooms::emulator_http_server server(service);
  if (server.bind() <= 0) {
    std::cerr << "cannot bind on loopback\n";
    return 1;
  }
  server.start();
  const std::string connection = server.connection_string();
  return round_trip(connection, rooms::curl_transport{}, "curl") +
         round_trip(connection, rooms::httplib_transport{}, "httplib");
}
