// SPDX-License-Identifier: MIT
// acs_rooms layer 6 (optional, needs cpp-httplib): the emulator served over HTTP, on loopback.
#pragma once

#include <acs/rooms/emulator.hpp>
#include <acs/rooms/http.hpp>

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#if defined(__linux__)
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>
#define ACS_ROOMS_EMULATOR_EVENT_LOOP 1
#endif

ACS_ROOMS_NAMESPACE_BEGIN

/// How `emulator_http_server` treats connections. Every field has a working default.
struct emulator_server_options {
  /// A request, once its first byte is read, must arrive whole within this (headers and body):
  /// a trickling client loses its connection. Each response must be written within it too.
  std::chrono::milliseconds read_timeout{5000};
  /// A connection with no request for this long is closed (the first request included).
  std::chrono::milliseconds idle_timeout{5000};
  /// Larger bodies are answered 413 from their Content-Length, before any byte of them is read.
  std::size_t max_body_bytes = 4U << 20U;
  /// Threads that serve requests. Idle connections wait in one event loop and hold none; a
  /// thread is busy only while a request is read, answered and written. 0: 4 per CPU, at least 16.
  std::size_t workers = 0;
  /// Requests served on one connection before it is closed (0: no limit).
  std::size_t max_requests_per_connection = 100000;
  /// Connections held at once; one more is closed as soon as it is accepted.
  std::size_t max_connections = 4096;
  /// TCP_NODELAY on every accepted connection (else Nagle and delayed ACK cost ~40 ms a request).
  bool tcp_nodelay = true;
};

namespace detail {
namespace emu {

/// httplib's request -> the emulator's, with the request target exactly as received;
/// `authority` stands in for a missing Host header.
inline http_request from_httplib(const httplib::Request& in, std::string_view authority,
                                 bool with_body = true) {
  http_request out;
  out.method = in.method;
  const std::string host =
      in.has_header("Host") ? in.get_header_value("Host") : std::string(authority);
  out.url = "http://" + host + in.target;
  for (const auto& [name, value] : in.headers) {
    // httplib adds these pseudo-headers about the connection; they were not sent.
    if (name != "LOCAL_ADDR" && name != "LOCAL_PORT" && name != "REMOTE_ADDR" &&
        name != "REMOTE_PORT") {
      out.headers.add(name, value);
    }
  }
  if (with_body) {
    out.body = in.body;
  }
  return out;
}

/// The emulator's response -> httplib's (httplib writes Content-Length itself).
inline void to_httplib(const http_response& in, httplib::Response& out) {
  out.status = in.status;
  std::string content_type;
  for (const auto& [name, value] : in.headers) {
    if (iequals(name, "Content-Type")) {
      content_type = value;
    } else if (!iequals(name, "Content-Length")) {
      out.set_header(name.c_str(), value);
    }
  }
  if (!in.body.empty() || !content_type.empty()) {
    out.set_content(in.body, content_type.c_str());
  }
}

/// What the server decided about a request from its headers alone, before reading its body.
struct early_answer {
  std::optional<http_response> refusal; ///< set: answer this and close the connection
};

/// The answer to a request that must not be read further, or nullopt: 411 for a body of no
/// declared length, 413 for one over `max_body`, the emulator's 401 for a body whose sender
/// does not authenticate.
inline std::optional<http_response> refuse_early(const emulator& service,
                                                 const httplib::Request& req,
                                                 std::string_view authority, std::size_t max_body) {
  if (req.has_header("Transfer-Encoding")) {
    return error_response(411, "LengthRequired",
                          "A request body must be sent with a Content-Length.");
  }
  if (!req.has_header("Content-Length")) {
    return std::nullopt;
  }
  const std::string declared = req.get_header_value("Content-Length");
  std::uint64_t length = 0;
  bool number = !declared.empty() && declared.size() <= 19;
  for (const char c : declared) {
    number = number && c >= '0' && c <= '9';
    length = number ? length * 10 + static_cast<std::uint64_t>(c - '0') : 0;
  }
  if (!number) {
    return error_response(400, "BadRequest", "The Content-Length header is not a number.");
  }
  if (length > max_body) {
    return error_response(413, "RequestEntityTooLarge",
                          "The request body is larger than this emulator accepts (" +
                              std::to_string(max_body) + " bytes).");
  }
  if (length == 0) {
    return std::nullopt;
  }
  return service.refuse_before_body(from_httplib(req, authority, false));
}

#if defined(ACS_ROOMS_EMULATOR_EVENT_LOOP)

using steady = std::chrono::steady_clock;

/// One accepted connection and the bytes read ahead of the request being served.
struct connection {
  int fd = -1;
  std::string ahead;                  ///< bytes received but not yet consumed
  std::size_t ahead_pos = 0;          ///< the first unconsumed byte of `ahead`
  std::size_t served = 0;             ///< requests answered so far
  steady::time_point idle_deadline;   ///< while parked: when it is closed
  bool parked = false;                ///< waiting in the event loop (else with a worker)
  std::optional<http_response> early; ///< a refusal decided from the headers; then close
  bool timed_out = false;             ///< the request did not arrive in time; then close
  std::uint64_t tag = 0; ///< fd and a serial number: an event for an earlier socket of this fd
                         ///< number (closed meanwhile) is not taken for this one

  [[nodiscard]] bool has_ahead() const noexcept { return ahead_pos < ahead.size(); }
};

/// Waits until `fd` is ready for `events` or `deadline` passes (or `stop` is set); true when
/// ready.
inline bool wait_for(int fd, short events, steady::time_point deadline,
                     const std::atomic<bool>& stop) {
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - steady::now());
    if (left.count() <= 0 || stop.load(std::memory_order_relaxed)) {
      return false;
    }
    pollfd p{fd, events, 0};
    const int n = ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count() + 1, 100)));
    if (n > 0) {
      return true;
    }
    if (n < 0 && errno != EINTR) {
      return false;
    }
  }
}

/// A connection as httplib's Stream, with one deadline for reading the request and one for
/// each write. Reads ahead into the connection's buffer; what is left belongs to the next request.
class connection_stream final : public httplib::Stream {
public:
  connection_stream(connection& c, steady::time_point read_deadline,
                    std::chrono::milliseconds write_timeout, const std::atomic<bool>& stop)
      : c_(c), read_deadline_(read_deadline), write_timeout_(write_timeout), stop_(stop) {}

  bool is_readable() const override {
    return c_.has_ahead() || wait_for(c_.fd, POLLIN, read_deadline_, stop_);
  }
  bool is_writable() const override {
    return wait_for(c_.fd, POLLOUT, steady::now() + write_timeout_, stop_);
  }

  ssize_t read(char* ptr, size_t size) override {
    if (!c_.has_ahead()) {
      c_.ahead.clear();
      c_.ahead_pos = 0;
      if (size >= chunk) { // large reads (bodies) go straight to the caller
        return receive(ptr, size);
      }
      c_.ahead.resize(chunk);
      const ssize_t n = receive(c_.ahead.data(), chunk);
      c_.ahead.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
      if (n <= 0) {
        return n;
      }
    }
    const std::size_t n = std::min(size, c_.ahead.size() - c_.ahead_pos);
    std::memcpy(ptr, c_.ahead.data() + c_.ahead_pos, n);
    c_.ahead_pos += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!is_writable()) {
      return -1;
    }
    for (;;) {
      const ssize_t n = ::send(c_.fd, ptr, size, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n >= 0 || errno != EINTR) {
        return n;
      }
    }
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    address(::getpeername, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    address(::getsockname, ip, port);
  }
  socket_t socket() const override { return c_.fd; }

private:
  static constexpr std::size_t chunk = 16384;

  ssize_t receive(char* ptr, std::size_t size) {
    if (!wait_for(c_.fd, POLLIN, read_deadline_, stop_)) {
      c_.timed_out = true;
      return -1;
    }
    for (;;) {
      const ssize_t n = ::recv(c_.fd, ptr, size, MSG_DONTWAIT);
      if (n >= 0 || errno != EINTR) {
        return n;
      }
    }
  }

  void address(int (*get)(int, sockaddr*, socklen_t*), std::string& ip, int& port) const {
    sockaddr_storage a{};
    socklen_t len = sizeof(a);
    ip.clear();
    port = 0;
    if (get(c_.fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
      return;
    }
    char text[INET6_ADDRSTRLEN] = {};
    if (a.ss_family == AF_INET) {
      const auto* v4 = reinterpret_cast<const sockaddr_in*>(&a);
      ::inet_ntop(AF_INET, &v4->sin_addr, text, sizeof(text));
      port = ntohs(v4->sin_port);
    } else if (a.ss_family == AF_INET6) {
      const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&a);
      ::inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof(text));
      port = ntohs(v6->sin6_port);
    }
    ip = text;
  }

  connection& c_;
  steady::time_point read_deadline_;
  std::chrono::milliseconds write_timeout_;
  const std::atomic<bool>& stop_;
};

/// The connections: idle ones wait in one epoll loop, holding no thread; a readable one goes
/// to a worker, which serves its request(s) and parks it again. Idle ones past their deadline
/// are closed by the loop.
class connection_loop {
public:
  /// Serves one request of a connection; false: close it.
  using serve_fn = std::function<bool(connection&)>;

  connection_loop() = default;
  connection_loop(const connection_loop&) = delete;            ///< owns threads and sockets
  connection_loop& operator=(const connection_loop&) = delete; ///< owns threads and sockets
  ~connection_loop() { stop(); }

  /// Starts the loop and `workers` threads; false when epoll is not available.
  bool start(std::size_t workers, std::size_t max_connections,
             std::chrono::milliseconds idle_timeout, serve_fn serve) {
    serve_ = std::move(serve);
    idle_timeout_ = idle_timeout;
    max_connections_ = max_connections;
    stopping_ = false;
    stop_flag_ = false;
    epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
    wake_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (epoll_ < 0 || wake_ < 0) {
      stop();
      return false;
    }
    epoll_event e{};
    e.events = EPOLLIN;
    e.data.u64 = static_cast<std::uint32_t>(wake_);
    ::epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &e);
    poller_ = std::thread([this] { poll_loop(); });
    for (std::size_t i = 0; i < workers; ++i) {
      workers_.emplace_back([this] { work_loop(); });
    }
    return true;
  }

  /// Takes an accepted socket: parks it until its first request (or closes it at once when
  /// the server is full or stopping).
  void adopt(int fd, bool tcp_nodelay) {
    if (tcp_nodelay) {
      const int on = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
    }
    std::unique_lock<std::mutex> lock(mutex_);
    if (stopping_ || epoll_ < 0 || all_.size() >= max_connections_) {
      lock.unlock();
      ::close(fd);
      return;
    }
    auto c = std::make_unique<connection>();
    c->fd = fd;
    c->tag = (++serial_ << 32U) | static_cast<std::uint32_t>(fd);
    connection* p = c.get();
    all_.emplace(fd, std::move(c));
    park_locked(*p, true);
  }

  /// Stops the threads and closes every connection; callable more than once.
  void stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    stop_flag_ = true;
    ready_cv_.notify_all();
    if (wake_ >= 0) {
      const std::uint64_t one = 1;
      [[maybe_unused]] const auto n = ::write(wake_, &one, sizeof(one));
    }
    if (poller_.joinable()) {
      poller_.join();
    }
    for (auto& t : workers_) {
      t.join();
    }
    workers_.clear();
    for (auto& [fd, c] : all_) {
      ::close(fd);
    }
    all_.clear();
    idle_.clear();
    ready_.clear();
    for (int* fd : {&epoll_, &wake_}) {
      if (*fd >= 0) {
        ::close(*fd);
        *fd = -1;
      }
    }
  }

  /// Connections held now (parked or being served).
  [[nodiscard]] std::size_t size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return all_.size();
  }

  /// Set while stopping; streams stop waiting when it is.
  [[nodiscard]] const std::atomic<bool>& stopping() const noexcept { return stop_flag_; }

private:
  void park_locked(connection& c, bool first) {
    c.parked = true;
    c.idle_deadline = steady::now() + idle_timeout_;
    idle_.emplace(c.idle_deadline, c.fd);
    if (c.idle_deadline < poller_wakes_) { // the poller sleeps past this deadline: wake it
      poller_wakes_ = c.idle_deadline;
      const std::uint64_t one = 1;
      [[maybe_unused]] const auto n = ::write(wake_, &one, sizeof(one));
    }
    epoll_event e{};
    e.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
    e.data.u64 = c.tag;
    ::epoll_ctl(epoll_, first ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, c.fd, &e);
  }

  void close_locked(int fd) {
    ::epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
    ::close(fd);
    all_.erase(fd);
  }

  void poll_loop() {
    std::vector<epoll_event> events(256);
    for (;;) {
      int timeout_ms = -1;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stopping_) {
          return;
        }
        poller_wakes_ = steady::time_point::max();
        if (!idle_.empty()) {
          poller_wakes_ = idle_.begin()->first;
          const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
              idle_.begin()->first - steady::now());
          timeout_ms = static_cast<int>(std::max<long long>(0, left.count() + 1));
        }
      }
      const int n =
          ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), timeout_ms);
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) {
        return;
      }
      for (int i = 0; i < n; ++i) {
        const std::uint64_t tag = events[static_cast<std::size_t>(i)].data.u64;
        const int fd = static_cast<int>(tag & 0xFFFFFFFFU);
        if (tag == static_cast<std::uint32_t>(wake_)) {
          std::uint64_t count = 0;
          [[maybe_unused]] const auto drained = ::read(wake_, &count, sizeof(count));
          continue;
        }
        const auto it = all_.find(fd);
        if (it == all_.end() || it->second->tag != tag || !it->second->parked) {
          continue;
        }
        connection& c = *it->second;
        c.parked = false;
        idle_.erase({c.idle_deadline, fd});
        ready_.push_back(&c);
        ready_cv_.notify_one();
      }
      const auto now = steady::now();
      while (!idle_.empty() && idle_.begin()->first <= now) {
        const int fd = idle_.begin()->second;
        idle_.erase(idle_.begin());
        close_locked(fd);
      }
    }
  }

  void work_loop() {
    for (;;) {
      connection* c = nullptr;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_cv_.wait(lock, [this] { return stopping_ || !ready_.empty(); });
        if (stopping_) {
          return;
        }
        c = ready_.front();
        ready_.pop_front();
      }
      bool keep = serve_(*c);
      while (keep && c->has_ahead()) { // pipelined: the next request is already here
        keep = serve_(*c);
      }
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) {
        return; // stop() closes it
      }
      if (keep) {
        std::string().swap(c->ahead); // an idle connection keeps no buffer
        c->ahead_pos = 0;
        park_locked(*c, false);
      } else {
        close_locked(c->fd);
      }
    }
  }

  serve_fn serve_;
  std::chrono::milliseconds idle_timeout_{5000};
  std::size_t max_connections_ = 4096;
  mutable std::mutex mutex_;
  std::condition_variable ready_cv_;
  bool stopping_ = false;              // under mutex_
  std::atomic<bool> stop_flag_{false}; // the same, for streams waiting without the mutex
  int epoll_ = -1;
  int wake_ = -1;
  std::uint64_t serial_ = 0; // connections adopted so far
  std::unordered_map<int, std::unique_ptr<connection>> all_;
  std::set<std::pair<steady::time_point, int>> idle_;           // parked, by deadline
  steady::time_point poller_wakes_ = steady::time_point::max(); // the poller's next wake-up
  std::deque<connection*> ready_;
  std::thread poller_;
  std::vector<std::thread> workers_;
};

/// A task queue that runs each task at once, on the accepting thread: the only task httplib
/// gives it is to hand over an accepted socket, which never blocks.
class inline_queue final : public httplib::TaskQueue {
public:
  void enqueue(std::function<void()> fn) override { fn(); }
  void shutdown() override {}
};

#endif // ACS_ROOMS_EMULATOR_EVENT_LOOP

/// The thread `early` refusal of the request being served belongs to (null: none).
inline std::optional<http_response>*& current_early() {
  thread_local std::optional<http_response>* early = nullptr;
  return early;
}

} // namespace emu
} // namespace detail

/// An `emulator` behind a cpp-httplib server: plain HTTP, so meant for loopback. Every method
/// on every path reaches the emulator, which answers 404 or 405 where the service would.
/// Bind, then serve on the calling thread (`listen`) or on a thread of its own (`start`).
/// On Linux idle connections wait in one epoll loop, so many of them starve no request; a
/// body larger than allowed (413), of no declared length (411) or from a sender who does not
/// authenticate (401) is refused from the headers, before it is read, and the connection closed.
class emulator_http_server {
public:
  /// Serves `service`, which must outlive this object. Nothing is bound yet.
  explicit emulator_http_server(emulator& service, emulator_server_options options = {})
      : service_(service), options_(complete(options)), server_(*this) {
    const auto handler = [this](const httplib::Request& req, httplib::Response& res) {
      detail::emu::to_httplib(service_.send(detail::emu::from_httplib(req, authority_)), res);
    };
    server_.Get(".*", handler);
    server_.Post(".*", handler);
    server_.Patch(".*", handler);
    server_.Delete(".*", handler);
    server_.Put(".*", handler);
    server_.Options(".*", handler);
    // A refusal decided from the headers is answered before routing (so before the body is
    // read), and to an "Expect: 100-continue" instead of the 100.
    server_.set_pre_routing_handler([](const httplib::Request&, httplib::Response& res) {
      auto* early = detail::emu::current_early();
      if (early == nullptr || !*early) {
        return httplib::Server::HandlerResponse::Unhandled;
      }
      detail::emu::to_httplib(**early, res);
      return httplib::Server::HandlerResponse::Handled;
    });
    server_.set_expect_100_continue_handler([](const httplib::Request&, httplib::Response& res) {
      auto* early = detail::emu::current_early();
      if (early == nullptr || !*early) {
        return 100;
      }
      detail::emu::to_httplib(**early, res);
      return res.status;
    });
    const auto seconds = [](std::chrono::milliseconds ms) {
      return static_cast<time_t>(std::max<long long>(1, (ms.count() + 999) / 1000));
    };
    server_.set_tcp_nodelay(options_.tcp_nodelay);
    server_.set_read_timeout(
        std::chrono::duration_cast<std::chrono::microseconds>(options_.read_timeout));
    server_.set_write_timeout(
        std::chrono::duration_cast<std::chrono::microseconds>(options_.read_timeout));
    server_.set_keep_alive_timeout(seconds(options_.idle_timeout));
    server_.set_keep_alive_max_count(options_.max_requests_per_connection == 0
                                         ? std::size_t(1) << 30U
                                         : options_.max_requests_per_connection);
    server_.set_payload_max_length(options_.max_body_bytes);
#if defined(ACS_ROOMS_EMULATOR_EVENT_LOOP)
    server_.new_task_queue = [] { return new detail::emu::inline_queue; };
#else
    server_.new_task_queue = [n = options_.workers] { return new httplib::ThreadPool(n); };
#endif
  }
  emulator_http_server(const emulator_http_server&) = delete;            ///< owns a socket
  emulator_http_server& operator=(const emulator_http_server&) = delete; ///< owns a socket
  /// Stops serving and joins the thread `start` made.
  ~emulator_http_server() {
    stop();
    if (thread_.joinable()) {
      thread_.join();
    }
  }

  /// Binds to `host` (an IPv4 or IPv6 address) and `port` (0: a free one); the port bound, or
  /// -1 when it cannot listen there.
  int bind(const std::string& host = "127.0.0.1", int port = 0) {
    port =
        port == 0 ? server_.bind_to_any_port(host) : (server_.bind_to_port(host, port) ? port : -1);
    if (port <= 0) {
      return -1;
    }
    server_.raise_backlog();
    const bool ipv6 = host.find(':') != std::string::npos;
    authority_ = (ipv6 ? "[" + host + "]" : host) + ':' + std::to_string(port);
    return port;
  }

  /// "http://host:port" once bound, e.g. "http://127.0.0.1:41234".
  [[nodiscard]] std::string origin() const { return "http://" + authority_; }

  /// The served emulator's connection string, for make_client or an official SDK.
  [[nodiscard]] std::string connection_string() const {
    return service_.connection_string(origin());
  }

  /// The options in force (defaults filled in).
  [[nodiscard]] const emulator_server_options& options() const noexcept { return options_; }

  /// Serves on the calling thread until stop(); false when the server ended on its own.
  bool listen() {
    listening_ = true;
    if (!stopping_) {
#if defined(ACS_ROOMS_EMULATOR_EVENT_LOOP)
      if (loop_.start(options_.workers, options_.max_connections, options_.idle_timeout,
                      [this](detail::emu::connection& c) { return serve_one(c); })) {
        server_.listen_after_bind();
      }
      loop_.stop();
#else
      server_.listen_after_bind();
#endif
    }
    listening_ = false;
    return stopping_;
  }

  /// Serves on a thread of its own until stop() or destruction.
  void start() {
    listening_ = true; // before the thread runs, so that an early stop() waits for it
    thread_ = std::thread([this] { listen(); });
  }

  /// Stops serving; callable from any thread, and more than once.
  void stop() {
    stopping_ = true;
    // httplib ignores a stop() that comes before it runs: wait until it runs or has ended.
    while (listening_ && !server_.is_running()) {
      std::this_thread::yield();
    }
    server_.stop();
  }

  /// The underlying server, e.g. to add a logger before serving. Its pre-routing and
  /// expect-100 handlers are this server's: replacing them loses the early refusals.
  [[nodiscard]] httplib::Server& server() noexcept { return server_; }

private:
  /// httplib's server with connections handed to the event loop instead of its thread pool.
  class front final : public httplib::Server {
  public:
    explicit front(emulator_http_server& owner) : owner_(owner) {}

    /// cpp-httplib listens with a backlog of 5, so a burst of connections waits for SYN
    /// retransmits (1 s and more): listen again with a deep one (Linux and BSDs update it).
    void raise_backlog() {
#if defined(ACS_ROOMS_EMULATOR_EVENT_LOOP)
      ::listen(svr_sock_, SOMAXCONN);
#endif
    }

#if defined(ACS_ROOMS_EMULATOR_EVENT_LOOP)
    /// Serves one request from `c`; false when the connection is to be closed.
    bool serve(detail::emu::connection& c) {
      const auto& o = owner_.options_;
      detail::emu::connection_stream stream(c, detail::emu::steady::now() + o.read_timeout,
                                            o.read_timeout, owner_.loop_.stopping());
      ++c.served;
      const bool last =
          o.max_requests_per_connection != 0 && c.served >= o.max_requests_per_connection;
      bool closed = false;
      c.early.reset();
      c.timed_out = false;
      detail::emu::current_early() = &c.early;
      const bool ok = process_request(stream, last, closed, [&](httplib::Request& req) {
        c.early =
            detail::emu::refuse_early(owner_.service_, req, owner_.authority_, o.max_body_bytes);
        if (c.early) { // the body stays unread: say the connection closes
          req.headers.erase("Connection");
          req.headers.emplace("Connection", "close");
        }
      });
      detail::emu::current_early() = nullptr;
      if (c.early) {
        linger(c.fd);
        return false;
      }
      return ok && !closed && !last && !c.timed_out;
    }
#endif

  private:
#if defined(ACS_ROOMS_EMULATOR_EVENT_LOOP)
    bool process_and_close_socket(socket_t sock) override {
      owner_.loop_.adopt(sock, owner_.options_.tcp_nodelay);
      return true;
    }

    /// Before closing on an unread body: stop sending, and read (and drop) what the client
    /// already sent for a moment, so that closing does not reset the connection before the
    /// client reads the answer.
    static void linger(int fd) {
      ::shutdown(fd, SHUT_WR);
      const auto until = detail::emu::steady::now() + std::chrono::milliseconds(200);
      std::atomic<bool> never{false};
      std::size_t dropped = 0;
      char sink[16384];
      while (dropped < (std::size_t(1) << 20U) && detail::emu::wait_for(fd, POLLIN, until, never)) {
        const ssize_t n = ::recv(fd, sink, sizeof(sink), MSG_DONTWAIT);
        if (n <= 0) {
          break;
        }
        dropped += static_cast<std::size_t>(n);
      }
    }
#endif

    emulator_http_server& owner_;
  };

  static emulator_server_options complete(emulator_server_options o) {
    if (o.workers == 0) {
      o.workers = std::max<std::size_t>(16, 4 * std::thread::hardware_concurrency());
    }
    if (o.max_connections == 0) {
      o.max_connections = 1;
    }
    return o;
  }

#if defined(ACS_ROOMS_EMULATOR_EVENT_LOOP)
  bool serve_one(detail::emu::connection& c) { return server_.serve(c); }
#endif

  emulator& service_;
  emulator_server_options options_;
  front server_;
  std::string authority_; // host:port as bound, for requests without a Host header
  std::atomic<bool> listening_{false};
  std::atomic<bool> stopping_{false};
  std::thread thread_;
#if defined(ACS_ROOMS_EMULATOR_EVENT_LOOP)
  detail::emu::connection_loop loop_;
#endif
};

ACS_ROOMS_NAMESPACE_END
