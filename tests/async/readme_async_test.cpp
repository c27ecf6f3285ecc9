// SPDX-License-Identifier: MIT
// The README's "Async" coroutine example, compiled and run (C++20 only): keep it in step with
// README.md. Runs in process and over loopback through beast_transport.
#include <acs/rooms/async.hpp>
#include <acs/rooms/transport/beast.hpp>

#include "../support/test_support.hpp"

#include <acs/rooms/emulator.hpp>

#if defined(__cpp_impl_coroutine) && defined(BOOST_ASIO_HAS_CO_AWAIT)
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <exception>
#include <iostream>
#include <optional>
#include <string>

#if ACS_ROOMS_TEST_HAVE_HTTPLIB
#include "http_server.hpp" // acs-rooms-emulator's network front (programs/emulator/)
#endif

namespace {

// README "Async": from here ...
template <class Client> // async_rooms_client<...>
boost::asio::awaitable<acs::rooms::result<std::string>> open_room(Client& client) {
  namespace rooms = acs::rooms;
  using boost::asio::use_awaitable;
  rooms::create_room_options options;
  options.participants = {{rooms::communication_identifier::from_raw_id("8:acs:res_alice"),
                           rooms::participant_role::presenter}};
  rooms::result<rooms::room> room = co_await client.async_create_room(options, use_awaitable);
  if (!room)
    co_return room.error();
  auto roster = client.async_list_participants(room->id);
  while (!roster.done()) {
    auto page = co_await roster.async_next_page(use_awaitable);
    if (!page)
      co_return page.error();
    for (const auto& p : page->items)
      std::cout << p.id.raw_id() << " is a " << p.role.value() << '\n';
  }
  co_return room->id;
}
// ... to here (main() is below, as readme_main).

int readme_main(const std::string& connection_string, std::optional<std::string>& out) {
  boost::asio::io_context io; // one thread runs every call
  auto client = acs::rooms::make_async_client(connection_string,
                                              acs::rooms::beast_transport(io.get_executor()));
  if (!client)
    return 1;
  boost::asio::co_spawn(
      io,
      [&]() -> boost::asio::awaitable<void> {
        auto id = co_await open_room(*client);
        std::cout << (id ? "room " + *id : id.error().describe()) << '\n';
        if (id) {
          out = *id;
        }
      },
      boost::asio::detached);
  io.run();
  return 0;
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
  std::optional<std::string> id;
  CHECK(readme_main(front.connection_string(), id) == 0);
  REQUIRE(id);
  CHECK(service.participant_count(*id) == 1u);
}
#endif
#endif
