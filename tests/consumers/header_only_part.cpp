// SPDX-License-Identifier: MIT
// Consumer test of separate compilation: a file that includes the headers without
// ACS_ROOMS_SEPARATE_COMPILATION, which must not link into a program that links the compiled
// parsers (tests/consumers/separate_compilation_link.sh).

#include <acs/rooms.hpp>

/// Uses the library header-only.
int header_only_part() {
  return acs::rooms::parse_connection_string(
             "endpoint=https://x.communication.azure.com/;accesskey=a2V5")
                 .has_value()
             ? 0
             : 1;
}
