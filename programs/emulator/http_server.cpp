// SPDX-License-Identifier: MIT
// acs-rooms-emulator's network front, compiled once (CMake's acs_rooms_emulator_front): the
// Beast server behind http_server.hpp's emulator_server, its acceptor, threads and TLS context.
#include "http_server.hpp"

#include "session.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN

namespace {
/// A TLS server context (TLS 1.2 and later) serving `identity`, or null when its PEM is not a
/// usable certificate and key.
std::shared_ptr<boost::asio::ssl::context> make_server_context(const tls_identity& identity) {
  namespace ssl = boost::asio::ssl;
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  boost::system::error_code ec;
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                           ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                           ssl::context::no_tlsv1_1 | ssl::context::single_dh_use,
                       ec);
  if (!ec) {
    context->use_certificate_chain(boost::asio::buffer(identity.certificate_pem), ec);
  }
  if (!ec) {
    context->use_private_key(boost::asio::buffer(identity.private_key_pem), ssl::context::pem, ec);
  }
  if (ec || SSL_CTX_check_private_key(context->native_handle()) != 1) {
    return nullptr;
  }
  return context;
}
} // namespace

struct emulator_server::impl {
  impl(service_calls calls, const tls_identity* identity, const emulator_server_options& options)
      : shared(std::make_shared<detail::emu::front_shared>()),
        connection_string(std::move(calls.connection_string)),
        workers(detail::emu::complete(options).workers), acceptor(io), timer(io) {
    shared->options = detail::emu::complete(options);
    if (identity != nullptr) {
      shared->tls = make_server_context(*identity);
      valid = shared->tls != nullptr;
    }
    shared->scheme = identity != nullptr ? "https" : "http";
    shared->send = std::move(calls.send);
    shared->refuse = std::move(calls.refuse);
    shared->workers = &workers;
  }

  void accept() {
    acceptor.async_accept(
        boost::asio::make_strand(io),
        [this](boost::system::error_code ec, boost::asio::ip::tcp::socket socket) {
          if (!acceptor.is_open() || stopping) {
            return;
          }
          if (ec) { // out of descriptors, say: try again in a moment, not in a busy loop
            timer.expires_after(std::chrono::milliseconds(10));
            timer.async_wait([this](boost::system::error_code) { accept(); });
            return;
          }
          serve(std::move(socket));
          accept();
        });
  }

  void serve(boost::asio::ip::tcp::socket socket) {
    boost::system::error_code ec;
    if (shared->options.tcp_nodelay) {
      socket.set_option(boost::asio::ip::tcp::no_delay(true), ec);
    }
    if (!shared->admit()) {
      socket.close(ec);
      return;
    }
    if (shared->tls) {
      std::make_shared<detail::emu::tls_session>(std::move(socket), shared)->run();
    } else {
      std::make_shared<detail::emu::plain_session>(std::move(socket), shared)->run();
    }
  }

  bool valid = true;
  std::shared_ptr<detail::emu::front_shared> shared;
  std::function<std::string(const std::string&)> connection_string;
  boost::asio::io_context io;       // before what uses it: destroyed after them
  boost::asio::thread_pool workers; // service calls; joined before io goes
  boost::asio::ip::tcp::acceptor acceptor;
  boost::asio::steady_timer timer;
  std::atomic<bool> stopping{false};
  std::thread thread;
};

emulator_server::emulator_server(service_calls calls, const tls_identity* identity,
                                 const emulator_server_options& options)
    : impl_(std::make_unique<impl>(std::move(calls), identity, options)) {}

emulator_server::~emulator_server() {
  stop();
  if (impl_->thread.joinable()) {
    impl_->thread.join();
  }
  impl_->workers.join();
}

bool emulator_server::valid() const noexcept { return impl_->valid; }

int emulator_server::bind(const std::string& host, int port) {
  namespace ip = boost::asio::ip;
  boost::system::error_code ec;
  const auto address = ip::make_address(host, ec);
  if (!impl_->valid || ec || port < 0 || port > 65535) {
    return -1;
  }
  auto& acceptor = impl_->acceptor;
  const ip::tcp::endpoint where(address, static_cast<unsigned short>(port));
  acceptor.open(where.protocol(), ec);
  if (!ec) {
    acceptor.set_option(ip::tcp::acceptor::reuse_address(true), ec);
    acceptor.bind(where, ec);
  }
  if (!ec) {
    acceptor.listen(boost::asio::socket_base::max_listen_connections, ec);
  }
  const int bound = ec ? -1 : acceptor.local_endpoint(ec).port();
  if (ec || bound <= 0) {
    acceptor.close(ec);
    return -1;
  }
  const bool ipv6 = address.is_v6();
  impl_->shared->authority = (ipv6 ? "[" + host + "]" : host) + ':' + std::to_string(bound);
  return bound;
}

std::string emulator_server::origin() const {
  return impl_->shared->scheme + "://" + impl_->shared->authority;
}

std::string emulator_server::connection_string() const {
  return impl_->connection_string(origin());
}

const emulator_server_options& emulator_server::options() const noexcept {
  return impl_->shared->options;
}

void emulator_server::on_request(
    std::function<void(const http_request&, unsigned short remote_port)> observer) {
  impl_->shared->observe = std::move(observer);
}

std::size_t emulator_server::connections() const {
  std::lock_guard<std::mutex> lock(impl_->shared->mutex);
  return impl_->shared->connections;
}

bool emulator_server::listen() {
  if (!impl_->acceptor.is_open()) {
    return false;
  }
  if (!impl_->stopping) {
    impl_->accept();
    std::vector<std::thread> more;
    for (std::size_t i = 1; i < impl_->shared->options.io_threads; ++i) {
      more.emplace_back([this] { impl_->io.run(); });
    }
    impl_->io.run();
    for (auto& t : more) {
      t.join();
    }
  }
  return impl_->stopping;
}

void emulator_server::start() {
  impl_->thread = std::thread([this] { listen(); }); // a stop() before it runs stops io at once
}

void emulator_server::stop() {
  impl_->stopping = true;
  impl_->io.stop(); // a later run() returns at once too
}

ACS_ROOMS_NAMESPACE_END
