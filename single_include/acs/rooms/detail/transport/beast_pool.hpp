// SPDX-License-Identifier: MIT
// Generated from include/ by tools/amalgamate.py - do not edit.
// acs_rooms optional layer 6 (needs Boost.Beast 1.81 and OpenSSL), internal: what beast_transport's
// copies share - the TLS context and the per-host pool of kept connections.
#pragma once

#include <acs/rooms/detail/transport/common.hpp>
#include <acs/rooms/transport/options.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <openssl/ssl.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN

namespace detail {

/// One connection: plain TCP or TLS over TCP, with the bytes read past the last message.
struct beast_connection {
  std::optional<boost::beast::tcp_stream> plain;
  std::optional<boost::beast::ssl_stream<boost::beast::tcp_stream>> tls;
  boost::beast::flat_buffer buffer;

  boost::beast::tcp_stream& lowest() noexcept { return tls ? tls->next_layer() : *plain; }
};

/// What every copy of a beast_transport and every send in flight share.
struct beast_state {
  beast_state(boost::asio::any_io_executor ex, beast_transport_options o)
      : executor(std::move(ex)), options(std::move(o)) {}

  boost::asio::any_io_executor executor;
  beast_transport_options options;
  std::mutex mutex; // guards idle and tls_context
  std::map<std::string, std::vector<std::unique_ptr<beast_connection>>> idle;
  std::shared_ptr<boost::asio::ssl::context> tls_context;

  /// The TLS context, made on first use; null with `problem` set when it cannot be made.
  std::shared_ptr<boost::asio::ssl::context> tls(std::string& problem) {
    std::lock_guard<std::mutex> lock(mutex);
    if (tls_context) {
      return tls_context;
    }
#if !ACS_ROOMS_NO_EXCEPTIONS
    try {
#endif
      auto ctx = std::make_shared<boost::asio::ssl::context>(boost::asio::ssl::context::tls_client);
      boost::system::error_code ec;
      ctx->set_options(boost::asio::ssl::context::default_workarounds |
                           boost::asio::ssl::context::no_sslv2 |
                           boost::asio::ssl::context::no_sslv3,
                       ec);
      if (options.verify_tls) {
        if (options.ca_bundle.empty()) {
          ctx->set_default_verify_paths(ec);
        } else {
          ctx->load_verify_file(options.ca_bundle, ec);
        }
        if (ec) {
          problem = "the CA certificates could not be loaded (" + ec.message() + ")";
          return nullptr;
        }
        ctx->set_verify_mode(boost::asio::ssl::verify_peer, ec);
      } else {
        ctx->set_verify_mode(boost::asio::ssl::verify_none, ec);
      }
      tls_context = std::move(ctx);
      return tls_context;
#if !ACS_ROOMS_NO_EXCEPTIONS
    } catch (const std::exception& e) {
      problem = std::string("the TLS context could not be made (") + e.what() + ")";
      return nullptr;
    }
#endif
  }

  /// A kept-alive connection to `key`, or null.
  std::unique_ptr<beast_connection> take_idle(const std::string& key) {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = idle.find(key);
    if (it == idle.end() || it->second.empty()) {
      return nullptr;
    }
    auto conn = std::move(it->second.back());
    it->second.pop_back();
    return conn;
  }

  /// Keeps `conn` for the next request to `key`, if the pool has room.
  void give_back(const std::string& key, std::unique_ptr<beast_connection> conn) {
    std::lock_guard<std::mutex> lock(mutex);
    if (idle.size() >= 16 && idle.count(key) == 0) {
      idle.clear(); // nextLinks could name many hosts: keep the pool bounded
    }
    auto& slot = idle[key];
    if (slot.size() < options.max_idle_per_host) {
      slot.push_back(std::move(conn));
    }
  }
};

} // namespace detail
ACS_ROOMS_NAMESPACE_END
