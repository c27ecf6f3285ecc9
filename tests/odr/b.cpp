#include <acs/rooms.hpp>

const acs::rooms::participant_role* presenter_in_b() {
  return &acs::rooms::participant_role::presenter;
}

bool parse_in_b() {
  return acs::rooms::parse_connection_string(
             "endpoint=https://x.communication.azure.com/;accesskey=a2V5")
      .has_value();
}
