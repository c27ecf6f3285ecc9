// SPDX-License-Identifier: MIT
// acs_rooms credentials: the family of token sources for bearer_token_signer (optional header,
// not in <acs/rooms.hpp>: it reads the environment and files, and runs the Azure CLI).
#pragma once

// clang-format off
#include <acs/rooms/credentials/options.hpp>
#include <acs/rooms/credentials/transport.hpp>
#include <acs/rooms/credentials/token_request.hpp>
#include <acs/rooms/credentials/process.hpp>
#include <acs/rooms/credentials/client_secret.hpp>
#include <acs/rooms/credentials/workload_identity.hpp>
#include <acs/rooms/credentials/managed_identity.hpp>
#include <acs/rooms/credentials/azure_cli.hpp>
#include <acs/rooms/credentials/chain.hpp>
// clang-format on
