// SPDX-License-Identifier: MIT
// acs-rooms-emulator's network front (programs/emulator/, not installed; needs Boost Beast and
// OpenSSL): one accepted connection, plain or TLS, served with Beast: its deadlines, its limits,
// the refusals decided from a request's headers, and the hand-off of each request to the workers.
#pragma once

#include "server_options.hpp"

#include <acs/rooms.hpp> // the whole client, from include/ or single_include/
#include <acs/rooms/emulator.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {
namespace emu {

namespace beast = boost::beast;
namespace http = boost::beast::http;

/// A connection as the server's registry sees it: it can be told to close while idle.
class connection_base {
public:
  virtual ~connection_base() = default;
  /// Closes the connection if it is still waiting for a request (runs on its own strand).
  virtual void evict() = 0;
};

/// What every connection of one server shares: the limits, the service (type-erased), the
/// worker threads its calls run on, and the registry of connections for the connection cap.
struct front_shared {
  emulator_server_options options;
  std::string scheme;    ///< "http" or "https"
  std::string authority; ///< host:port as bound, for requests without a Host header
  std::function<http_response(const http_request&)> send;                       ///< svc.send
  std::function<std::optional<http_response>(const http_request&)> refuse;      ///< early refusal
  std::function<void(const http_request&, unsigned short remote_port)> observe; ///< may be empty
  boost::asio::thread_pool* workers = nullptr;                                  ///< runs `send`
  std::shared_ptr<boost::asio::ssl::context> tls;                               ///< null: plain

  std::mutex mutex;            ///< guards what follows
  std::size_t connections = 0; ///< held now
  std::uint64_t serial = 0;    ///< idle spells so far: keys of `idle`, oldest first
  std::map<std::uint64_t, std::weak_ptr<connection_base>> idle; ///< waiting for a request

  /// Admits one more connection: when full, evicts the connection idle the longest (so idle
  /// sockets cannot lock everyone out); false when full of busy connections.
  bool admit() {
    std::shared_ptr<connection_base> victim;
    {
      std::lock_guard<std::mutex> lock(mutex);
      while (connections >= options.max_connections && !victim && !idle.empty()) {
        victim = idle.begin()->second.lock();
        idle.erase(idle.begin());
      }
      if (connections >= options.max_connections && !victim) {
        return false;
      }
      ++connections;
    }
    if (victim) {
      victim->evict();
    }
    return true;
  }
};

/// The emulator's answer as Beast's response; `close` says the connection ends after it.
inline http::response<http::string_body> to_beast(http_response in, bool close) {
  http::response<http::string_body> out;
  out.version(11);
  out.result(static_cast<unsigned>(in.status));
  for (const auto& [name, value] : in.headers) {
    if (!iequals(name, "Content-Length") && !iequals(name, "Transfer-Encoding") &&
        !iequals(name, "Connection")) {
      out.insert(name, value);
    }
  }
  out.body() = std::move(in.body);
  out.keep_alive(!close);
  out.prepare_payload();
  return out;
}

/// One connection: waits for a request (idle deadline), reads its headers and body (one read
/// deadline from its first byte), refuses it from its headers where it must, has a worker call
/// the service, writes the answer (the read deadline again), and loops.
template <class Stream>
class session final : public connection_base, public std::enable_shared_from_this<session<Stream>> {
public:
  /// Takes an accepted socket (on its own strand).
  session(boost::asio::ip::tcp::socket socket, std::shared_ptr<front_shared> shared)
      : stream_(make_stream(std::move(socket), *shared)), shared_(std::move(shared)) {
    boost::system::error_code ec;
    remote_port_ = tcp().socket().remote_endpoint(ec).port();
  }
  session(const session&) = delete;            ///< owns a socket
  session& operator=(const session&) = delete; ///< owns a socket
  ~session() override {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    --shared_->connections;
    if (idle_key_ != 0) {
      shared_->idle.erase(idle_key_);
    }
  }

  /// Starts serving: the TLS handshake first, if any.
  void run() {
    if constexpr (tls) {
      set_idle(true); // a handshake never started is an idle connection
      tcp().expires_after(shared_->options.read_timeout);
      stream_.async_handshake(boost::asio::ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                self->set_idle(false);
                                if (!ec) {
                                  self->wait_for_request();
                                }
                              });
    } else {
      wait_for_request();
    }
  }

  void evict() override {
    boost::asio::post(tcp().get_executor(), [self = this->shared_from_this()] {
      if (self->idle_key_ != 0) {
        self->tcp().close();
      }
    });
  }

private:
  static constexpr bool tls = !std::is_same<Stream, beast::tcp_stream>::value;
  static constexpr std::size_t linger_bytes = std::size_t(1) << 20U;

  static Stream make_stream(boost::asio::ip::tcp::socket socket, front_shared& shared) {
    if constexpr (tls) {
      return Stream(std::move(socket), *shared.tls);
    } else {
      return Stream(std::move(socket));
    }
  }

  beast::tcp_stream& tcp() { return beast::get_lowest_layer(stream_); }

  /// In or out of the registry of idle connections (those evicted first when full).
  void set_idle(bool idle) {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    if (idle_key_ != 0) {
      shared_->idle.erase(idle_key_);
      idle_key_ = 0;
    }
    if (idle) {
      idle_key_ = ++shared_->serial;
      shared_->idle.emplace(idle_key_, this->weak_from_this());
    }
  }

  /// Waits (holding no thread) for the first byte of the next request, within the idle timeout.
  void wait_for_request() {
    if (buffer_.size() > 0) { // pipelined: it is already here
      read_header();
      return;
    }
    set_idle(true);
    tcp().expires_after(shared_->options.idle_timeout);
    stream_.async_read_some(buffer_.prepare(4096),
                            [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->set_idle(false);
                              self->buffer_.commit(n);
                              if (!ec) {
                                self->read_header();
                              }
                            });
  }

  /// Reads the headers, capped in bytes, within the read deadline that starts now.
  void read_header() {
    tcp().expires_after(shared_->options.read_timeout);
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(shared_->options.max_header_bytes));
    parser_->body_limit(shared_->options.max_body_bytes);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                              self->on_header(ec);
                            });
  }

  void on_header(beast::error_code ec) {
    if (ec == http::error::header_limit) {
      refuse(error_response(431, "RequestHeaderFieldsTooLarge",
                            "The request headers are larger than this emulator accepts (" +
                                std::to_string(shared_->options.max_header_bytes) + " bytes)."));
      return;
    }
    if (ec == http::error::body_limit) { // Beast checks Content-Length against it here
      refuse(too_large());
      return;
    }
    if (ec && ec.category() == http::make_error_code(http::error::bad_target).category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message) {
      refuse(error_response(400, "BadRequest", "The request is not valid HTTP/1.1."));
      return;
    }
    if (ec) { // timed out, reset or closed: nothing to answer
      return;
    }
    const auto& head = parser_->get();
    if (static_cast<std::size_t>(std::distance(head.begin(), head.end())) >
        shared_->options.max_header_count) {
      refuse(error_response(431, "RequestHeaderFieldsTooLarge",
                            "The request has more header fields than this emulator accepts (" +
                                std::to_string(shared_->options.max_header_count) + ")."));
      return;
    }
    if (head.count(http::field::transfer_encoding) != 0) {
      refuse(error_response(411, "LengthRequired",
                            "A request body must be sent with a Content-Length."));
      return;
    }
    const std::uint64_t length = parser_->content_length().value_or(0);
    if (length > shared_->options.max_body_bytes) {
      refuse(too_large());
      return;
    }
    if (length > 0) {
      if (auto early = shared_->refuse(request(false))) {
        refuse(std::move(*early));
        return;
      }
    }
    if (parser_->is_done()) {
      call_service();
    } else if (iequals(std::string_view(head[http::field::expect]), "100-continue")) {
      auto go_on = std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
      http::async_write(stream_, *go_on,
                        [self = this->shared_from_this(), go_on](beast::error_code e, std::size_t) {
                          if (!e) {
                            self->read_body();
                          }
                        });
    } else {
      read_body();
    }
  }

  http_response too_large() const {
    return error_response(413, "RequestEntityTooLarge",
                          "The request body is larger than this emulator accepts (" +
                              std::to_string(shared_->options.max_body_bytes) + " bytes).");
  }

  void read_body() {
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                       if (!ec) {
                         self->call_service();
                       }
                     });
  }

  /// The request as the service sees it: the URL as sent (scheme, Host and the target exactly
  /// as received, which the signature covers) and every header as received.
  http_request request(bool with_body) {
    auto& in = parser_->get();
    http_request out;
    out.method = std::string(in.method_string());
    const auto host = in[http::field::host];
    out.url = shared_->scheme + "://" +
              (host.empty() ? shared_->authority : std::string(host.data(), host.size())) +
              std::string(in.target());
    out.headers.reserve(static_cast<std::size_t>(std::distance(in.begin(), in.end())));
    for (const auto& field : in) {
      out.headers.add(std::string(field.name_string()), std::string(field.value()));
    }
    if (with_body) {
      out.body = std::move(in.body());
    }
    return out;
  }

  /// Runs the service on a worker (a delay fault blocks the thread it runs on), then writes its
  /// answer from this connection's strand.
  void call_service() {
    ++served_;
    const auto& o = shared_->options;
    const bool close = !parser_->get().keep_alive() || (o.max_requests_per_connection != 0 &&
                                                        served_ >= o.max_requests_per_connection);
    boost::asio::post(*shared_->workers, [self = this->shared_from_this(), close,
                                          in = request(true)]() mutable {
      http_response out;
      try {
        if (self->shared_->observe) {
          self->shared_->observe(in, self->remote_port_);
        }
        out = self->shared_->send(in);
      } catch (...) { // bad_alloc: answer, do not end the server
        out = error_response(500, "InternalError", "The emulator could not serve this request.");
      }
      auto answer =
          std::make_shared<http::response<http::string_body>>(to_beast(std::move(out), close));
      boost::asio::post(self->tcp().get_executor(),
                        [self, answer, close] { self->write(answer, close); });
    });
  }

  void write(std::shared_ptr<http::response<http::string_body>> answer, bool close) {
    parser_.reset();
    tcp().expires_after(shared_->options.read_timeout);
    http::async_write(
        stream_, *answer,
        [self = this->shared_from_this(), answer, close](beast::error_code ec, std::size_t) {
          if (ec) {
            return;
          }
          if (close) {
            self->linger();
          } else {
            self->wait_for_request();
          }
        });
  }

  /// Answers a request refused from its headers (its body unread), then closes.
  void refuse(http_response answer) {
    write(std::make_shared<http::response<http::string_body>>(to_beast(std::move(answer), true)),
          true);
  }

  /// Before closing: stop sending, and read (and drop) what the client still sends for a
  /// moment (an unread body, say), so that closing does not reset the connection before the
  /// client has read the answer.
  void linger() {
    beast::error_code ignored;
    tcp().socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
    tcp().expires_after(std::chrono::milliseconds(200));
    sink_ = std::make_unique<char[]>(sink_size);
    drain();
  }

  void drain() {
    tcp().async_read_some(boost::asio::buffer(sink_.get(), sink_size),
                          [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
                            self->drained_ += n;
                            if (!ec && self->drained_ < linger_bytes) {
                              self->drain();
                            }
                          });
  }

  static constexpr std::size_t sink_size = 16384;

  Stream stream_;
  std::shared_ptr<front_shared> shared_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::unique_ptr<char[]> sink_; // only while lingering
  std::size_t served_ = 0;
  std::size_t drained_ = 0;
  std::uint64_t idle_key_ = 0; // its key in shared_->idle while idle, else 0
  unsigned short remote_port_ = 0;
};

/// A plain connection.
using plain_session = session<beast::tcp_stream>;
/// A TLS connection.
using tls_session = session<beast::ssl_stream<beast::tcp_stream>>;

} // namespace emu
} // namespace detail
ACS_ROOMS_NAMESPACE_END
