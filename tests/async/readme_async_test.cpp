// SPDX-License-Identifier: MIT
// The async coroutine program of docs/async.md (linked from the README's "Async"), compiled and
// run (C++20 only): extracted by tools/extract_snippets.py and included first in this TU, so
// that its own includes must suffice; its main() is renamed, then run over loopback through
// beast_transport, and its open_room() in process.
#if defined(__cpp_impl_coroutine)
#define main readme_async_main
#include "readme_async.hpp"
#undef main
#endif

#include <acs/rooms/async.hpp>
#include <acs/rooms/transport/beast.hpp>

#include "../support/test_support.hpp"

#include <acs/rooms/emulator.hpp>

#if defined(__cpp_impl_coroutine) && defined(BOOST_ASIO_HAS_CO_AWAIT)
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cstdlib>
#include <optional>
#include <sstream>
#include <string>

#if ACS_ROOMS_TEST_HAVE_HTTPLIB
#include "http_server.hpp" // acs-rooms-emulator's network front (programs/emulator/)
#endif

namespace {

/// Runs the README's main() with ACS_CONNECTION_STRING set; its exit code and what it printed.
std::pair<int, std::string> run_readme_main(const std::string& connection_string) {
  ::setenv("ACS_CONNECTION_STRING", connection_string.c_str(), 1);
  std::ostringstream out;
  auto* saved = std::cout.rdbuf(out.rdbuf());
  const int code = readme_async_main();
  std::cout.rdbuf(saved);
  ::unsetenv("ACS_CONNECTION_STRING");
  return {code, out.str()};
}

} // namespace

TEST_CASE("the README async example runs in process", "[async][readme][coroutine]") {
  boost::asio::io_context io;
  acs::rooms::emulator service;
  auto client = acs::rooms::make_async_client(
      service.connection_string("https://emulator.local"),
      acs::rooms::in_process_transport<acs::rooms::emulator&>(service, io.get_executor()));
  REQUIRE(client);
  std::optional<acs::rooms::result<std::string>> id;
  boost::asio::co_spawn(
      io, [&]() -> boost::asio::awaitable<void> { id.emplace(co_await open_room(*client)); },
      boost::asio::detached);
  io.run();
  REQUIRE(id);
  REQUIRE(id->has_value());
  CHECK(service.participant_count(**id) == 1u);
}

#if ACS_ROOMS_TEST_HAVE_HTTPLIB
TEST_CASE("the README async example runs over loopback with beast_transport",
          "[async][readme][coroutine][beast]") {
  acs::rooms::emulator service;
  acs::rooms::emulator_http_server front(service);
  REQUIRE(front.bind("127.0.0.1") > 0);
  front.start();
  auto [code, printed] = run_readme_main(front.connection_string());
  INFO(printed);
  CHECK(code == 0);
  // It prints the participant, then "room <id>".
  const auto at = printed.find("room ");
  REQUIRE(at != std::string::npos);
  std::string id = printed.substr(at + 5);
  id.erase(id.find_last_not_of('\n') + 1);
  CHECK(printed.find("8:acs:res_alice is a Presenter") != std::string::npos);
  CHECK(service.participant_count(id) == 1u);
}
#endif
#endif
