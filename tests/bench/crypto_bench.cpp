// SPDX-License-Identifier: MIT
// acs_rooms: a header-only C++ client for the Azure Communication Services Rooms API.
// A quick comparison of portable_crypto and openssl_crypto; not part of the test suite.
// Build: g++ -std=c++17 -O2 -Iinclude tests/bench/crypto_bench.cpp -lcrypto -o /tmp/crypto_bench
#include <acs/rooms.hpp>
#include <acs/rooms/crypto/openssl.hpp>

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

namespace {

// Folded into the output so the compiler cannot drop the work being timed.
unsigned long sink = 0;

void consume(const std::string& bytes) {
  for (const char c : bytes) {
    sink = sink * 31U + static_cast<unsigned char>(c);
  }
}

// Times `op` in batches of at least 100 ms and prints the fastest batch's ns per call: the
// minimum is the figure least disturbed by other work on a shared machine.
template <class Op> void measure(const char* name, Op op) {
  using clock = std::chrono::steady_clock;
  const auto batch = [&](long iterations) {
    const auto start = clock::now();
    for (long i = 0; i < iterations; ++i) {
      consume(op());
    }
    return std::chrono::duration<double, std::nano>(clock::now() - start).count();
  };
  long iterations = 1000;
  while (batch(iterations) < 100e6) { // also the warm-up: caches, OpenSSL's fetch cache
    iterations *= 2;
  }
  double best = batch(iterations);
  for (int round = 1; round < 5; ++round) {
    const double elapsed = batch(iterations);
    best = elapsed < best ? elapsed : best;
  }
  std::printf("%-44s %9.1f ns/op\n", name, best / static_cast<double>(iterations));
}

template <class Crypto> void run(const char* label) {
  const Crypto crypto;
  const std::string key(64, '\xA7');   // as long as a decoded 88-character access key
  const std::string message(200, 'm'); // about the size of a string-to-sign
  const std::string body(200, 'b');
  const auto prepared = crypto.prepare_hmac_key(key);
  std::string name;
  name = std::string(label) + " hmac_sha256(prepared key, 200 B)";
  measure(name.c_str(), [&] { return crypto.hmac_sha256(prepared, message); });
  name = std::string(label) + " hmac_sha256(raw key, 200 B)";
  measure(name.c_str(), [&] { return crypto.hmac_sha256(std::string_view(key), message); });
  name = std::string(label) + " sha256(200 B)";
  measure(name.c_str(), [&] { return crypto.sha256(body); });
  // A whole GET signature: URL split, date, string to sign, HMAC, base64, four headers.
  const acs::rooms::hmac_signer<Crypto> signer("pw==");
  const auto now = acs::rooms::parse_rfc3339("2026-11-24T12:00:00Z").value();
  name = std::string(label) + " sign(GET, with making the request)";
  measure(name.c_str(), [&] {
    acs::rooms::http_request request;
    request.method = "GET";
    request.url =
        "https://contoso.communication.azure.com/rooms/99117812428622880?api-version=2025-03-13";
    request.headers.reserve(8);
    (void)signer.sign(request, now);
    return request.headers.get("Authorization").value_or("") == "" ? std::string()
                                                                   : std::string("x");
  });
}

} // namespace

int main() {
  run<acs::rooms::portable_crypto>("portable");
  run<acs::rooms::openssl_crypto>("openssl ");
  std::printf("(checksum %lu)\n", sink);
  return 0;
}
