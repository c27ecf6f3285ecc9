// SPDX-License-Identifier: MIT
// Consumer test of an installed acs_rooms: the curl component, linked by its one name.

#include <acs/rooms.hpp>
#include <acs/rooms/transport/curl.hpp>

int main() {
  auto client = acs::rooms::make_client(
      "endpoint=https://x.communication.azure.com/;accesskey=a2V5", acs::rooms::curl_transport{});
  return client.has_value() ? 0 : 1;
}
