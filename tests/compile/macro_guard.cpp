// Windows headers define min, max and small as macros; the library must not trip over them.
#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
#define small char

#include <acs/rooms.hpp>

bool macro_guard_parses() {
  return acs::rooms::parse_connection_string("endpoint=https://x.communication.azure.com/")
      .has_value();
}
