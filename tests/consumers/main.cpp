#include <acs/rooms.hpp>

int main() {
  auto r = acs::rooms::parse_connection_string(
      "endpoint=https://x.communication.azure.com/;accesskey=a2V5");
  return r.has_value() ? 0 : 1;
}
