// SPDX-License-Identifier: MIT
// acs_rooms tests (snippets): README "Quick start", a whole program over curl_transport. It needs
// a real resource, so it is compiled and linked, not run.
#include "readme_quick_start.hpp"
