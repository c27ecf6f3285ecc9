// Two translation units include the umbrella and are linked into one program: every inline
// function and variable must have one definition, and inline variables one address.
#include <acs/rooms.hpp>

const acs::rooms::participant_role* presenter_in_b();
bool parse_in_b();

int main() {
  const bool parsed = acs::rooms::parse_connection_string(
                          "endpoint=https://x.communication.azure.com/;accesskey=a2V5")
                          .has_value();
  const bool same_object = &acs::rooms::participant_role::presenter == presenter_in_b();
  return parsed && parse_in_b() && same_object ? 0 : 1;
}
