// Built with -fno-exceptions -DJSON_NOEXCEPTION: errors still arrive through result<T>.
#include <acs/rooms.hpp>

int main() {
  const auto r = acs::rooms::parse_connection_string("endpoint=https://x.communication.azure.com/");
  if (r.has_value()) {
    return 1;
  }
  return r.error().kind == acs::rooms::errc::invalid_argument ? 0 : 2;
}
