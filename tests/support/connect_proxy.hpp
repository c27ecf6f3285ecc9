// SPDX-License-Identifier: MIT
// A small HTTP proxy for the tests, on 127.0.0.1:0, a thread per connection: CONNECT host:port
// is tunnelled to the configured upstream port on 127.0.0.1 (whatever host was asked), an
// absolute-form request is forwarded there in origin form (with Connection: close), and with
// required credentials anything without the right Proxy-Authorization gets a 407. It records
// each request line and each Proxy-Authorization it saw.
#pragma once

#include <acs/rooms/detail/foundations/base64.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace acs_rooms_test {

/// The proxy. Stops and joins its threads on destruction.
class connect_proxy {
public:
  /// A proxy to 127.0.0.1:`upstream_port`; with a `username`, the basic credentials it requires.
  explicit connect_proxy(int upstream_port, std::string username = "", std::string password = "")
      : upstream_port_(upstream_port) {
    if (!username.empty()) {
      required_ = "Basic " + acs::rooms::detail::base64_encode(username + ":" + password);
    }
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    const int one = 1;
    ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listener_, 64) != 0 ||
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      return;
    }
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  connect_proxy(const connect_proxy&) = delete;
  connect_proxy& operator=(const connect_proxy&) = delete;
  ~connect_proxy() {
    stopping_ = true;
    ::shutdown(listener_, SHUT_RDWR);
    if (acceptor_.joinable()) {
      acceptor_.join();
    }
    ::close(listener_);
    std::vector<std::thread> threads;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      for (int fd : open_) {
        ::shutdown(fd, SHUT_RDWR);
      }
      threads.swap(threads_);
    }
    for (auto& t : threads) {
      t.join();
    }
  }

  /// The port bound (0 when the proxy could not listen).
  int port() const { return port_; }
  /// "http://127.0.0.1:port".
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  /// Each request line received ("CONNECT localhost:443 HTTP/1.1", "GET http://... HTTP/1.1").
  std::vector<std::string> requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }
  /// Each Proxy-Authorization value received ("" for a request without one).
  std::vector<std::string> authorizations() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return authorizations_;
  }

private:
  void accept_loop() {
    while (!stopping_) {
      const int fd = ::accept(listener_, nullptr, nullptr);
      if (fd < 0) {
        return;
      }
      std::lock_guard<std::mutex> lock(mutex_);
      open_.push_back(fd);
      threads_.emplace_back([this, fd] { serve(fd); });
    }
  }

  /// Closes `fd`, which the destructor then no longer shuts down (its number may be reused).
  void close_fd(int fd) {
    std::lock_guard<std::mutex> lock(mutex_);
    open_.erase(std::remove(open_.begin(), open_.end(), fd), open_.end());
    ::close(fd);
  }

  static bool send_all(int fd, const std::string& data) {
    std::size_t sent = 0;
    while (sent < data.size()) {
      const auto n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) {
        return false;
      }
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }

  int connect_upstream() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(upstream_port_));
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd);
      return -1;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    open_.push_back(fd);
    return fd;
  }

  /// Copies bytes both ways until either side closes.
  static void relay(int a, int b) {
    char buffer[16384];
    pollfd fds[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
    while (::poll(fds, 2, 10000) > 0) {
      for (int i = 0; i < 2; ++i) {
        if (fds[i].revents != 0) {
          const auto n = ::recv(fds[i].fd, buffer, sizeof buffer, 0);
          if (n <= 0 ||
              !send_all(fds[1 - i].fd, std::string(buffer, static_cast<std::size_t>(n)))) {
            return;
          }
        }
      }
    }
  }

  void serve(int client) {
    std::string head;
    char c = 0;
    while (head.size() < 65536 && head.find("\r\n\r\n") == std::string::npos &&
           ::recv(client, &c, 1, 0) == 1) {
      head += c; // one byte at a time: nothing after the header is taken from the tunnel
    }
    if (head.find("\r\n\r\n") == std::string::npos) {
      close_fd(client);
      return;
    }
    const std::string line = head.substr(0, head.find("\r\n"));
    std::string authorization;
    std::string forwarded;
    std::size_t at = head.find("\r\n") + 2;
    while (at < head.size() - 2) {
      const std::size_t end = head.find("\r\n", at);
      const std::string field = head.substr(at, end - at);
      at = end + 2;
      const std::string name = field.substr(0, field.find(':'));
      std::string lower;
      for (char ch : name) {
        lower += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
      }
      std::string value = field.substr(field.find(':') + 1);
      value.erase(0, value.find_first_not_of(' '));
      if (lower == "proxy-authorization") {
        authorization = value;
      } else if (lower != "connection" && lower != "proxy-connection") {
        forwarded += field + "\r\n";
      }
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      requests_.push_back(line);
      authorizations_.push_back(authorization);
    }
    if (!required_.empty() && authorization != required_) {
      send_all(client, "HTTP/1.1 407 Proxy Authentication Required\r\n"
                       "Proxy-Authenticate: Basic realm=\"tests\"\r\nContent-Length: 0\r\n"
                       "Connection: close\r\n\r\n");
      close_fd(client);
      return;
    }
    const int upstream = connect_upstream();
    if (upstream < 0) {
      send_all(client,
               "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      close_fd(client);
      return;
    }
    if (line.rfind("CONNECT ", 0) == 0) {
      send_all(client, "HTTP/1.1 200 Connection Established\r\n\r\n");
    } else {
      // "GET http://host:port/path HTTP/1.1" -> "GET /path HTTP/1.1", one request, then close.
      const std::size_t space = line.find(' ');
      const std::size_t path = line.find('/', line.find("://") + 3);
      send_all(upstream, line.substr(0, space + 1) + line.substr(path) + "\r\n" + forwarded +
                             "Connection: close\r\n\r\n");
    }
    relay(client, upstream);
    close_fd(upstream);
    close_fd(client);
  }

  int upstream_port_;
  std::string required_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  mutable std::mutex mutex_;
  std::vector<int> open_;
  std::vector<std::thread> threads_;
  std::vector<std::string> requests_;
  std::vector<std::string> authorizations_;
};

} // namespace acs_rooms_test
