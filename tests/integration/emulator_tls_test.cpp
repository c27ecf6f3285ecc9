// SPDX-License-Identifier: MIT
// The emulator over HTTPS: a self-signed identity, emulator_https_server, and a client that
// trusts exactly that certificate (and one that does not).
#include "../support/test_support.hpp"

#if ACS_ROOMS_TEST_HAVE_HTTPLIB
#include <acs/rooms/emulator.hpp>
#include <acs/rooms/transport/httplib.hpp>

#include "http_server.hpp" // acs-rooms-emulator's network front (programs/emulator/)

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <vector>

using namespace acs::rooms;
using namespace std::chrono_literals;

namespace {

/// The certificate's subject alternative names as OpenSSL prints them.
std::string alt_names(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  REQUIRE(cert != nullptr);
  std::string out;
  auto* names =
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  for (int i = 0; names != nullptr && i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, i);
    if (name->type == GEN_DNS) {
      out += "DNS:" +
             std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(name->d.dNSName)),
                         static_cast<std::size_t>(ASN1_STRING_length(name->d.dNSName)));
    } else if (name->type == GEN_IPADD && ASN1_STRING_length(name->d.iPAddress) == 4) {
      const unsigned char* ip = ASN1_STRING_get0_data(name->d.iPAddress);
      out += "IP:" + std::to_string(ip[0]) + '.' + std::to_string(ip[1]) + '.' +
             std::to_string(ip[2]) + '.' + std::to_string(ip[3]);
    }
    out += ';';
  }
  GENERAL_NAMES_free(names);
  X509_free(cert);
  return out;
}

namespace asio = boost::asio;

/// A raw TLS connection to 127.0.0.1:port (the certificate not checked: the server is under
/// test, not the client).
struct tls_socket {
  asio::io_context io;
  asio::ssl::context context{asio::ssl::context::tls_client};
  asio::ssl::stream<asio::ip::tcp::socket> stream{io, context};

  explicit tls_socket(int port, bool handshake = true) {
    stream.set_verify_mode(asio::ssl::verify_none);
    stream.next_layer().connect(
        {asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)});
    if (handshake) {
      stream.handshake(asio::ssl::stream_base::client);
    }
  }
  /// Sends up to `total` bytes of `chunk` repeated, until the server stops taking them.
  void send_until_refused(const std::string& chunk, std::size_t total) {
    boost::system::error_code ec;
    for (std::size_t sent = 0; sent < total && !ec;) {
      sent += asio::write(stream, asio::buffer(chunk), ec);
    }
  }
  /// What arrives until the server closes the connection, lower-cased.
  std::string read_to_end() {
    std::string out;
    char buf[4096];
    boost::system::error_code ec;
    while (!ec) {
      const std::size_t n = stream.read_some(asio::buffer(buf), ec);
      out.append(buf, n);
    }
    for (char& c : out) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
  }
};

/// An emulator over HTTPS on a free loopback port, with `options`.
struct served_tls {
  emulator service;
  emulator_https_server front;
  int port;

  explicit served_tls(const emulator_server_options& options)
      : front(service, make_self_signed_identity().value(), options) {
    REQUIRE(front.valid());
    port = front.bind();
    REQUIRE(port > 0);
    front.start();
  }
};

} // namespace

TEST_CASE("emulator over HTTPS: the server options hold (body, header and idle limits)",
          "[emulator][tls]") {
  emulator_server_options o;
  o.max_body_bytes = 1024;
  o.max_header_bytes = 2048;
  o.idle_timeout = 60s;
  o.workers = 2;
  o.io_threads = 1;
  served_tls s(o);
  SECTION("an oversized body: 413 from its Content-Length, before it is sent") {
    tls_socket c(s.port);
    c.send_until_refused("POST /rooms?api-version=2025-03-13 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         "Content-Type: application/json\r\nContent-Length: 200000000\r\n\r\n",
                         1);
    const std::string answer = c.read_to_end();
    CHECK(answer.rfind("http/1.1 413 ", 0) == 0);
    CHECK(answer.find("\r\nconnection: close\r\n") != std::string::npos);
    CHECK(s.service.room_count() == 0);
  }
  SECTION("endless header bytes: 431, then closed") {
    tls_socket c(s.port);
    c.send_until_refused("GET /rooms?api-version=2025-03-13 HTTP/1.1\r\nHost: 127.0.0.1\r\n", 1);
    c.send_until_refused("X-Endless: " + std::string(1000, 'a'), 64 * 1024);
    const std::string answer = c.read_to_end();
    CHECK(answer.rfind("http/1.1 431 ", 0) == 0);
    CHECK(answer.find("x-ms-error-code: requestheaderfieldstoolarge") != std::string::npos);
  }
  SECTION("16 idle TLS connections (8 never shake hands): another is still answered") {
    std::vector<std::unique_ptr<tls_socket>> idle;
    for (int i = 0; i < 16; ++i) {
      idle.push_back(std::make_unique<tls_socket>(s.port, i % 2 == 0));
    }
    const auto start = std::chrono::steady_clock::now();
    tls_socket c(s.port);
    c.send_until_refused("GET /rooms?api-version=2025-03-13 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         "Connection: close\r\n\r\n",
                         1);
    CHECK(c.read_to_end().rfind("http/1.1 401 ", 0) == 0);
    CHECK(std::chrono::steady_clock::now() - start < 5s);
  }
}

TEST_CASE("emulator over HTTPS: a self-signed certificate for localhost and 127.0.0.1",
          "[emulator][tls][v2022]") {
  const auto identity = make_self_signed_identity();
  REQUIRE(identity.has_value());
  CHECK(identity->certificate_pem.rfind("-----BEGIN CERTIFICATE-----", 0) == 0);
  CHECK(identity->private_key_pem.rfind("-----BEGIN PRIVATE KEY-----", 0) == 0);
  CHECK(alt_names(identity->certificate_pem) == "DNS:localhost;IP:127.0.0.1;");
  // Two identities are different keys.
  const auto other = make_self_signed_identity();
  REQUIRE(other.has_value());
  CHECK(other->private_key_pem != identity->private_key_pem);
  const auto bad = make_self_signed_identity("NOT A NAME");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().kind == errc::invalid_argument);

  emulator service;
  emulator_https_server front(service, *identity);
  REQUIRE(front.valid());
  REQUIRE(front.bind("127.0.0.1", 0) > 0);
  CHECK(front.origin().rfind("https://127.0.0.1:", 0) == 0);
  CHECK(front.connection_string().rfind("endpoint=https://127.0.0.1:", 0) == 0);
  front.start();

  const std::string ca_path = (std::filesystem::temp_directory_path() /
                               ("acs-rooms-ca-" + std::to_string(std::random_device{}()) + ".pem"))
                                  .string();
  {
    std::ofstream ca(ca_path, std::ios::binary);
    ca << identity->certificate_pem;
  }
  client_options options;
  options.version = api_version::v2022_02_01;
  options.retry.max_retries = 0;
  httplib_transport_options trusting;
  trusting.ca_bundle = ca_path;
  auto client = make_client(front.connection_string(), httplib_transport(trusting), options);
  REQUIRE(client.has_value());
  create_room_options o;
  o.join_policy = room_join_policy::communication_service_users;
  const auto created = client->create_room(o);
  REQUIRE(created.has_value());
  CHECK(created->join_policy == room_join_policy::communication_service_users);
  CHECK(service.room_count() == 1);

  // A client that trusts only the system's CAs refuses the emulator.
  auto stranger = make_client(front.connection_string(), httplib_transport(), options);
  REQUIRE(stranger.has_value());
  const auto refused = stranger->get_room(created->id);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().kind != errc::service_error);
  CHECK(refused.error().status == 0);

  // Unusable PEM: not valid, binds nothing.
  emulator_https_server broken(service, tls_identity{"not a certificate", "not a key"});
  CHECK_FALSE(broken.valid());
  CHECK(broken.bind() == -1);
  front.stop();
  std::remove(ca_path.c_str());
}
#endif
