// SPDX-License-Identifier: MIT
// acs_rooms optional layer 6: curl_transport, a Transport over libcurl.
#pragma once

// curl_transport: a Transport over libcurl (Debian: libcurl4-openssl-dev). Not part of the
// umbrella header. Link libcurl: `target_link_libraries(app PRIVATE CURL::libcurl)` after
// `find_package(CURL)`, or `-lcurl`.

#include <acs/rooms/detail/transport/common.hpp>
#include <acs/rooms/detail/transport/proxy.hpp>
#include <acs/rooms/result.hpp>

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
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

/// Settings of a curl_transport: the shared transport_options. A connect_timeout of 0 is curl's
/// own (300 s); a total_timeout of 0 is none.
struct curl_transport_options : transport_options {};

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
  std::uint64_t max_body_bytes = 0;   ///< transport_options' limits
  std::uint64_t max_header_bytes = 0; ///< all header blocks of the exchange together
  std::uint64_t header_bytes = 0;
  int status = 0;                           ///< of the last status line seen
  size_limit over_limit = size_limit::none; ///< the limit the answer went over
};

/// Runs `store` (which may allocate) for a callback that consumed `bytes`: an allocation
/// failure is reported to libcurl by returning 0, which aborts the transfer, instead of
/// throwing through C code.
template <class Store>
std::size_t curl_guarded(curl_exchange* exchange, std::size_t bytes, Store&& store) {
#if !ACS_ROOMS_NO_EXCEPTIONS
  try {
#endif
    store();
#if !ACS_ROOMS_NO_EXCEPTIONS
  } catch (...) {
    exchange->out_of_memory = true;
    return 0;
  }
#endif
  return bytes;
}

/// CURLOPT_WRITEFUNCTION: appends body bytes.
inline std::size_t curl_on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* exchange = static_cast<curl_exchange*>(user);
  if (size * count > exchange->max_body_bytes - exchange->response.body.size()) {
    exchange->over_limit = size_limit::body; // returning short aborts the transfer
    return 0;
  }
  return curl_guarded(exchange, size * count,
                      [&] { exchange->response.body.append(data, size * count); });
}

/// libcurl's progress callback: non-zero aborts the transfer when the call was cancelled.
inline int curl_on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<const cancellation_token*>(user)->cancelled() ? 1 : 0;
}

/// CURLOPT_HEADERFUNCTION: one raw header line per call. A status line starts a new response
/// (after a 100 Continue or a proxy's CONNECT answer), so only the final headers are kept.
inline std::size_t curl_on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* exchange = static_cast<curl_exchange*>(user);
  std::string_view line(data, size * count);
  exchange->header_bytes += line.size();
  if (exchange->header_bytes > exchange->max_header_bytes) {
    exchange->over_limit = size_limit::headers;
    return 0;
  }
  if (line.substr(0, 5) == "HTTP/") { // "HTTP/1.1 200 OK": the status, for a too-large error
    const auto digits = line.substr(std::min(line.find(' '), line.size() - 1) + 1, 3);
    exchange->status =
        digits.size() == 3 && std::all_of(digits.begin(), digits.end(),
                                          [](char c) { return c >= '0' && c <= '9'; })
            ? std::stoi(std::string(digits))
            : 0;
  }
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
    line.remove_suffix(1);
  }
  return curl_guarded(exchange, size * count, [&] {
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
  });
}

/// Frees a curl_slist when the request is done.
struct curl_slist_deleter {
  void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};

/// What a curl_transport keeps between requests: the handle and the buffer curl writes its
/// error text into, at a stable address.
struct curl_state {
  /// Frees the easy handle.
  struct handle_deleter {
    void operator()(CURL* easy) const noexcept { curl_easy_cleanup(easy); }
  };
  /// Frees the multi handle.
  struct multi_deleter {
    void operator()(CURLM* m) const noexcept { curl_multi_cleanup(m); }
  };
  std::unique_ptr<CURL, handle_deleter> handle; ///< made by the first send()
  std::unique_ptr<CURLM, multi_deleter> multi;  ///< made by the first cancellable send()
  char error_text[CURL_ERROR_SIZE] = {};        ///< CURLOPT_ERRORBUFFER
  std::mutex mutex;                             ///< serialises send()
};

/// Runs the transfer set up on `easy`. When `cancel` can fire, through `st`'s multi handle,
/// polled at most 10 ms at a time: a cancellation then ends the transfer within about 10 ms,
/// where libcurl calls the progress callback only about once a second while it waits for bytes.
/// Otherwise curl_easy_perform.
inline CURLcode curl_run(curl_state& st, CURL* easy, const cancellation_token& cancel) {
#if LIBCURL_VERSION_NUM >= 0x074200 // curl_multi_poll
  if (cancel.can_be_cancelled()) {
    if (!st.multi) {
      st.multi.reset(curl_multi_init());
    }
    CURLM* const multi = st.multi.get();
    if (multi == nullptr || curl_multi_add_handle(multi, easy) != CURLM_OK) {
      return CURLE_FAILED_INIT;
    }
    CURLcode code = CURLE_RECV_ERROR; // if the transfer ended with no message (it cannot)
    for (;;) {
      int running = 0;
      if (curl_multi_perform(multi, &running) != CURLM_OK) {
        code = CURLE_FAILED_INIT;
        break;
      }
      int queued = 0;
      bool done = false;
      while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
        if (message->msg == CURLMSG_DONE && message->easy_handle == easy) {
          code = message->data.result;
          done = true;
        }
      }
      if (done || running == 0) {
        break;
      }
      if (cancel.cancelled()) {
        code = CURLE_ABORTED_BY_CALLBACK; // as the progress callback would say
        break;
      }
      curl_multi_poll(multi, nullptr, 0, 10, nullptr);
    }
    curl_multi_remove_handle(multi, easy); // an unfinished transfer's connection is closed
    return code;
  }
#endif
  return curl_easy_perform(easy);
}
} // namespace detail

/// A Transport over libcurl's easy interface.
///
/// - Keeps one easy handle, so connections (and TLS sessions, DNS answers) are reused from one
///   request to the next.
/// - Sends exactly the request's header fields and body: curl's own `Accept`, `Content-Type`
///   and `Expect: 100-continue` are suppressed, no `Accept-Encoding` is offered and nothing is
///   decoded, redirects are not followed, and HTTP/1.1 is spoken.
/// - Verifies TLS (chain and host name) unless `verify_tls` is false; refuses plain `http://`
///   to anything but loopback unless `allow_insecure_http`, and a URL or header field that
///   would split the request (a control character, or in the URL a space or non-ASCII byte).
/// - Sets TCP_NODELAY, so a request on a reused connection does not wait for a delayed ACK.
/// - A request on a reused connection that the server had closed is sent again once on a new
///   connection (curl does this itself when no byte of the answer arrived).
/// - An answer over `max_body_bytes` or `max_header_bytes` is cut off as it arrives: a
///   `transport_error` with code `ResponseTooLarge` and the answer's status.
/// - Never throws: every other failure is a `transport_error` (status 0) naming the host and
///   curl's reason; a request it refuses to send is an `invalid_argument`.
/// - Goes through the proxy of `options.proxy` (or the environment's, resolved as the other
///   transports do; never libcurl's own reading): CONNECT for https, absolute form for http,
///   basic proxy credentials; a 407 is the typed error `ProxyAuthenticationRequired`.
///
/// Movable, not copyable (a handle owns live connections). send() is serialised by a mutex, so
/// one transport may be shared by threads, but requests then go one at a time: give each thread
/// its own transport for parallel requests.
class curl_transport
    : public detail::transport_base<curl_transport, curl_transport_options, detail::curl_state> {
public:
  /// A transport with these settings. No handle or connection is made until send().
  explicit curl_transport(curl_transport_options options = {})
      : transport_base(std::move(options)) {}

private:
  friend class detail::transport_base<curl_transport, curl_transport_options, detail::curl_state>;
  static constexpr const char* options_name = "curl_transport_options";

  /// One transfer on the kept handle (send() holds the lock).
  result<http_response> perform(const http_request& request, const detail::url_parts& parts,
                                const std::string& host, const detail::exchange_limits& limits) {
    if (detail::curl_global_once() != CURLE_OK) {
      return detail::transport_failure(host, "libcurl could not be initialised");
    }
    detail::curl_state& st = state();
    if (!st.handle) {
      st.handle.reset(curl_easy_init());
      if (!st.handle) {
        return detail::transport_failure(host, "libcurl could not create a handle");
      }
    }
    CURL* const curl = st.handle.get();
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
    auto resolved = detail::resolve_proxy(options_.proxy, parts);
    if (!resolved) {
      return std::move(resolved).error();
    }
    const std::optional<detail::resolved_proxy>& proxy = *resolved;
    const std::string proxy_url = proxy ? proxy->display() : std::string();

    detail::curl_exchange exchange;
    exchange.max_body_bytes = options_.max_body_bytes;
    exchange.max_header_bytes = options_.max_header_bytes;
    st.error_text[0] = '\0';
    bool ok = true;
    const auto set = [&ok](CURLcode code) { ok = ok && code == CURLE_OK; };
    set(curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, st.error_text));
    set(curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str()));
#if LIBCURL_VERSION_NUM >= 0x075500
    set(curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https"));
#endif
    set(curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1)));
    set(curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L)); // no SIGALRM: threads and timeouts mix
    // The default since curl 7.50.2, but said here: with Nagle on, a request written in two
    // pieces on a reused connection waits for the server's delayed ACK (about 40 ms).
    set(curl_easy_setopt(curl, CURLOPT_TCP_NODELAY, 1L));
    set(curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L));
    set(curl_easy_setopt(curl, CURLOPT_HTTP_CONTENT_DECODING, 0L));
    set(curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                         static_cast<long>(limits.connect_timeout.count())));
    set(curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS,
                         static_cast<long>(limits.total_timeout.count())));
    // The caller's cancellation ends a transfer in progress, not only the waits between them.
    set(curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L));
    set(curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, &detail::curl_on_progress));
    set(curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &limits.cancellation));
    set(curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, options_.verify_tls ? 1L : 0L));
    set(curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, options_.verify_tls ? 2L : 0L));
    if (!options_.ca_bundle.empty()) {
      set(curl_easy_setopt(curl, CURLOPT_CAINFO, options_.ca_bundle.c_str()));
    }
    // The proxy is always set, "" for none, so libcurl never reads the environment itself.
    set(curl_easy_setopt(curl, CURLOPT_PROXY, proxy_url.c_str()));
    set(curl_easy_setopt(curl, CURLOPT_NOPROXY, ""));
    if (proxy && proxy->has_credentials()) {
      set(curl_easy_setopt(curl, CURLOPT_PROXYAUTH, static_cast<long>(CURLAUTH_BASIC)));
      set(curl_easy_setopt(curl, CURLOPT_PROXYUSERNAME, proxy->username.c_str()));
      set(curl_easy_setopt(curl, CURLOPT_PROXYPASSWORD, proxy->password.c_str()));
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

    const CURLcode code = detail::curl_run(st, curl, limits.cancellation);
    if (exchange.out_of_memory) {
      return detail::transport_failure(host, "out of memory while receiving the response");
    }
    if (exchange.over_limit != detail::size_limit::none) {
      return detail::response_too_large(host, exchange.status, exchange.over_limit, options_);
    }
    long connect_code = 0;
    if (proxy && code != CURLE_OK &&
        curl_easy_getinfo(curl, CURLINFO_HTTP_CONNECTCODE, &connect_code) == CURLE_OK &&
        connect_code != 0 && (connect_code < 200 || connect_code > 299)) {
      return connect_code == 407
                 ? detail::proxy_auth_error(*proxy)
                 : detail::proxy_refused_error(*proxy, host, static_cast<int>(connect_code));
    }
    if (code != CURLE_OK) {
      std::string cause = curl_easy_strerror(code);
      if (st.error_text[0] != '\0') {
        cause += " (";
        cause += st.error_text;
        cause += ')';
      }
      if (code == CURLE_OPERATION_TIMEDOUT) {
        cause += limits.note();
      } else if (code == CURLE_ABORTED_BY_CALLBACK) {
        cause = "the call was cancelled during the transfer";
      }
      return detail::transport_failure(host, cause);
    }
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    if (status < 100 || status > 999) {
      return detail::transport_failure(host, "the answer has no valid HTTP status");
    }
    if (proxy && status == 407) {
      return detail::proxy_auth_error(*proxy); // an http target, sent to the proxy as it is
    }
    exchange.response.status = static_cast<int>(status);
    return std::move(exchange.response);
  }
};

ACS_ROOMS_NAMESPACE_END
