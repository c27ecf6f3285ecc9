// SPDX-License-Identifier: MIT
// acs_rooms compile-time benchmark: a TU that makes an async client over beast_transport and
// calls every operation with a callback (tools/compile_bench.py --async times it against
// floor.cpp and asio_floor.cpp). Not a test; only compiled.
#include <acs/rooms/async.hpp>
#include <acs/rooms/transport/beast.hpp>

#include <boost/asio/io_context.hpp>

int main() {
  using namespace acs::rooms;
  boost::asio::io_context io;
  auto client = make_async_client("endpoint=https://x.communication.azure.com/;accesskey=a2V5",
                                  beast_transport(io.get_executor()))
                    .value();
  int failures = 0;
  const auto count = [&failures](const auto& r) { failures += r.has_value() ? 0 : 1; };
  client.async_create_room({}, count);
  client.async_get_room("1", count);
  client.async_update_room("1", {}, count);
  client.async_delete_room("1", count);
  client.async_add_or_update_participants("1", {}, count);
  client.async_remove_participants("1", {}, count);
  client.async_list_rooms().async_next_page(count);
  client.async_list_participants("1").async_next_page(count);
  io.run();
  return failures;
}
