// SPDX-License-Identifier: MIT
// acs_rooms tests (snippets): README "Testing your code (mocking)", run: the snippet's Catch2 test
// of examples/testing/invite.hpp over a trompeloeil mock Transport.
#include <acs/rooms.hpp>

#include "../../examples/testing/invite.hpp"

#include <catch2/catch.hpp>
#include <catch2/trompeloeil.hpp>

#include <chrono>
#include <vector>

#include "readme_mocking.hpp"
