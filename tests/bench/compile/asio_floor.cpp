// SPDX-License-Identifier: MIT
// acs_rooms compile-time benchmark: the async floor, what any Beast HTTPS client pays (Asio, Beast
// HTTP and SSL headers, one request written and read over an SSL stream with a callback). Not a
// test; only compiled.
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

int main() {
  namespace http = boost::beast::http;
  boost::asio::io_context io;
  boost::asio::ssl::context tls(boost::asio::ssl::context::tls_client);
  boost::beast::ssl_stream<boost::beast::tcp_stream> stream(io, tls);
  http::request<http::string_body> request(http::verb::get, "/", 11);
  http::response<http::string_body> response;
  boost::beast::flat_buffer buffer;
  int status = 0;
  http::async_write(stream, request, [&](boost::beast::error_code ec, std::size_t) {
    if (!ec) {
      http::async_read(stream, buffer, response, [&](boost::beast::error_code, std::size_t) {
        status = response.result_int();
      });
    }
  });
  io.run();
  return status;
}
