// SPDX-License-Identifier: MIT
// Generated from include/ by tools/amalgamate.py - do not edit.
// acs_rooms: a header-only C++ client for the Azure Communication Services Rooms API.
#pragma once

// curl_transport: a Transport over libcurl (Debian: libcurl4-openssl-dev). Not part of the
// umbrella header. Link libcurl: `target_link_libraries(app PRIVATE CURL::libcurl)` after
// `find_package(CURL)`, or `-lcurl`.

#include <acs/rooms.hpp> // the whole core, from the single header
#include <acs/rooms/transport/common.hpp>

#include <curl/curl.h>

#include <chrono>
#include <cstddef>
#include <exception>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

/// Settings of a curl_transport. The defaults are safe for the real service.
struct curl_transport_options {
  std::chrono::milliseconds connect_timeout{10000}; ///< TCP + TLS handshake; 0: curl's (300 s)
  std::chrono::milliseconds total_timeout{60000};   ///< whole request and response; 0: none
  bool verify_tls = true;           ///< verify the server's certificate chain and host name
  bool allow_insecure_http = false; ///< allow plain http:// to a host that is not loopback
  std::string ca_bundle;            ///< CA certificates file (PEM); empty: the system's store
};

namespace detail {
/// Calls curl_global_init once per process, before the first handle (thread-safe static).
inline CURLcode curl_global_once() {
  static const CURLcode code = curl_global_init(CURL_GLOBAL_DEFAULT);
  return code;
}

/// What the callbacks of one transfer fill in.
struct curl_exchange {
  http_response response;
  bool out_of_memory = false;
};

/// CURLOPT_WRITEFUNCTION: appends body bytes. Returning less than given aborts the transfer,
/// which is how an allocation failure is reported instead of throwing through C code.
inline std::size_t curl_on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* exchange = static_cast<curl_exchange*>(user);
#if !ACS_ROOMS_NO_EXCEPTIONS
  try {
#endif
    exchange->response.body.append(data, size * count);
#if !ACS_ROOMS_NO_EXCEPTIONS
  } catch (...) {
    exchange->out_of_memory = true;
    return 0;
  }
#endif
  return size * count;
}

/// CURLOPT_HEADERFUNCTION: one raw header line per call. A status line starts a new response
/// (after a 100 Continue or a proxy's CONNECT answer), so only the final headers are kept.
inline std::size_t curl_on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* exchange = static_cast<curl_exchange*>(user);
  std::string_view line(data, size * count);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
    line.remove_suffix(1);
  }
#if !ACS_ROOMS_NO_EXCEPTIONS
  try {
#endif
    auto& headers = exchange->response.headers;
    if (line.substr(0, 5) == "HTTP/") {
      headers = http_headers();
    } else if (!line.empty() && (line.front() == ' ' || line.front() == '\t') && !headers.empty()) {
      // obs-fold: a continuation of the previous field's value. Rebuild the last field.
      http_headers rebuilt;
      std::size_t index = 0;
      for (const auto& [name, value] : headers) {
        std::string v = value;
        if (++index == headers.size()) {
          v += ' ';
          v += trim(line);
        }
        rebuilt.add(name, std::move(v));
      }
      headers = std::move(rebuilt);
    } else {
      std::string name, value;
      if (split_header_line(line, name, value)) {
        headers.add(std::move(name), std::move(value));
      }
    }
#if !ACS_ROOMS_NO_EXCEPTIONS
  } catch (...) {
    exchange->out_of_memory = true;
    return 0;
  }
#endif
  return size * count;
}

/// Frees a curl_slist when the request is done.
struct curl_slist_deleter {
  void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};
} // namespace detail

/// A Transport over libcurl's easy interface.
///
/// - Keeps one easy handle, so connections (and TLS sessions, DNS answers) are reused from one
///   request to the next.
/// - Sends exactly the request's header fields and body: curl's own `Accept`, `Content-Type`
///   and `Expect: 100-continue` are suppressed, no `Accept-Encoding` is offered and nothing is
///   decoded, redirects are not followed, and HTTP/1.1 is spoken.
/// - Verifies TLS (chain and host name) unless `verify_tls` is false; refuses plain `http://`
///   to anything but loopback unless `allow_insecure_http`.
/// - Never throws: every failure is a `transport_error` (status 0) naming the host and curl's
///   reason; a request it refuses to send is an `invalid_argument`.
/// - Honours the usual proxy environment variables (`https_proxy`, `no_proxy`), except for
///   loopback hosts, which are always reached directly.
///
/// Movable, not copyable (a handle owns live connections). send() is serialised by a mutex, so
/// one transport may be shared by threads, but requests then go one at a time: give each thread
/// its own transport for parallel requests.
class curl_transport {
public:
  /// A transport with these settings. No handle or connection is made until send().
  explicit curl_transport(curl_transport_options options = {})
      : options_(std::move(options)), state_(std::make_unique<state>()) {}

  /// Sends `request` and returns the whole response, or the error that prevented one.
  result<http_response> send(const http_request& request) {
    std::optional<detail::url_parts> parts;
    if (auto problem = detail::check_outgoing(request, options_.allow_insecure_http,
                                              "curl_transport_options", parts)) {
      return std::move(*problem);
    }
    const std::string host = parts->authority();
#if !ACS_ROOMS_NO_EXCEPTIONS
    try {
#endif
      if (!state_) {
        state_ = std::make_unique<state>(); // this transport was moved from: start afresh
      }
      std::lock_guard<std::mutex> lock(state_->mutex);
      return perform(request, host, detail::is_loopback_host(parts->host));
#if !ACS_ROOMS_NO_EXCEPTIONS
    } catch (const std::exception& e) {
      // bad_alloc, or a mutex failure: a failed send, not a crash of the caller.
      return detail::transport_failure(host, e.what());
    }
#endif
  }

  /// The settings this transport was made with.
  [[nodiscard]] const curl_transport_options& options() const noexcept { return options_; }

private:
  /// The handle and the buffer curl writes its error text into, at a stable address.
  struct state {
    struct handle_deleter {
      void operator()(CURL* easy) const noexcept { curl_easy_cleanup(easy); }
    };
    std::unique_ptr<CURL, handle_deleter> handle;
    char error_text[CURL_ERROR_SIZE] = {};
    std::mutex mutex;
  };

  result<http_response> perform(const http_request& request, const std::string& host,
                                bool loopback) {
    if (detail::curl_global_once() != CURLE_OK) {
      return detail::transport_failure(host, "libcurl could not be initialised");
    }
    if (!state_->handle) {
      state_->handle.reset(curl_easy_init());
      if (!state_->handle) {
        return detail::transport_failure(host, "libcurl could not create a handle");
      }
    }
    CURL* const curl = state_->handle.get();
    // Whatever happens, leave the handle with no pointers into this call's locals. Reset keeps
    // the live connections, which is the point of keeping the handle.
    struct reset_guard {
      CURL* curl;
      ~reset_guard() { curl_easy_reset(curl); }
    } guard{curl};

    std::unique_ptr<curl_slist, detail::curl_slist_deleter> fields;
    bool listed = true;
    const auto append = [&fields, &listed](const std::string& line) {
      curl_slist* grown = curl_slist_append(fields.get(), line.c_str());
      if (grown == nullptr) {
        listed = false; // the old list is untouched and still owned
        return;
      }
      (void)fields.release(); // curl_slist_append returned the same list, grown
      fields.reset(grown);
    };
    for (const auto& [name, value] : request.headers) {
      // "Name;" is curl's spelling of a field with an empty value ("Name:" would delete it).
      append(value.empty() ? name + ";" : name + ": " + value);
    }
    // "Name:" removes a field curl would otherwise add on its own.
    for (const char* own : {"Accept", "Content-Type", "Expect", "Transfer-Encoding"}) {
      if (!request.headers.contains(own)) {
        append(std::string(own) + ":");
      }
    }

    if (!listed) {
      return detail::transport_failure(host, "out of memory while preparing the request");
    }

    detail::curl_exchange exchange;
    state_->error_text[0] = '\0';
    bool ok = true;
    const auto set = [&ok](CURLcode code) { ok = ok && code == CURLE_OK; };
    set(curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, state_->error_text));
    set(curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str()));
#if LIBCURL_VERSION_NUM >= 0x075500
    set(curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https"));
#endif
    set(curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1)));
    set(curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L)); // no SIGALRM: threads and timeouts mix
    set(curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L));
    set(curl_easy_setopt(curl, CURLOPT_HTTP_CONTENT_DECODING, 0L));
    set(curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                         static_cast<long>(options_.connect_timeout.count())));
    set(curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS,
                         static_cast<long>(options_.total_timeout.count())));
    set(curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, options_.verify_tls ? 1L : 0L));
    set(curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, options_.verify_tls ? 2L : 0L));
    if (!options_.ca_bundle.empty()) {
      set(curl_easy_setopt(curl, CURLOPT_CAINFO, options_.ca_bundle.c_str()));
    }
    if (loopback) {
      set(curl_easy_setopt(curl, CURLOPT_NOPROXY, "*"));
    }
    set(curl_easy_setopt(curl, CURLOPT_HTTPHEADER, fields.get()));
    set(curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &detail::curl_on_body));
    set(curl_easy_setopt(curl, CURLOPT_WRITEDATA, &exchange));
    set(curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &detail::curl_on_header));
    set(curl_easy_setopt(curl, CURLOPT_HEADERDATA, &exchange));

    const bool has_body = !request.body.empty() || request.method == "POST" ||
                          request.method == "PUT" || request.method == "PATCH";
    if (has_body) {
      // POSTFIELDS does not copy: the request outlives the transfer.
      set(curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                           static_cast<curl_off_t>(request.body.size())));
      set(curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data()));
      if (request.method != "POST") {
        set(curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str()));
      }
    } else if (request.method == "HEAD") {
      set(curl_easy_setopt(curl, CURLOPT_NOBODY, 1L));
    } else if (request.method == "GET") {
      set(curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L));
    } else {
      set(curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str()));
    }
    if (!ok) {
      return detail::transport_failure(
          host, "this libcurl does not support an option the transport needs");
    }

    const CURLcode code = curl_easy_perform(curl);
    if (exchange.out_of_memory) {
      return detail::transport_failure(host, "out of memory while receiving the response");
    }
    if (code != CURLE_OK) {
      std::string cause = curl_easy_strerror(code);
      if (state_->error_text[0] != '\0') {
        cause += " (";
        cause += state_->error_text;
        cause += ')';
      }
      if (code == CURLE_OPERATION_TIMEDOUT) {
        cause += "; connect timeout " + std::to_string(options_.connect_timeout.count()) +
                 " ms, total timeout " + std::to_string(options_.total_timeout.count()) + " ms";
      }
      return detail::transport_failure(host, cause);
    }
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    if (status < 100 || status > 999) {
      return detail::transport_failure(host, "the answer has no valid HTTP status");
    }
    exchange.response.status = static_cast<int>(status);
    return std::move(exchange.response);
  }

  curl_transport_options options_;
  std::unique_ptr<state> state_;
};

ACS_ROOMS_NAMESPACE_END
