// SPDX-License-Identifier: MIT
// acs_rooms layer 1 (foundations): forward declarations of the public types; time_point.
#pragma once

// For headers that only name the library's types (in a signature, a pointer, a friend): cheaper
// than <acs/rooms.hpp>, with no nlohmann/json and no date. Like nlohmann/json_fwd.hpp, this is
// also where the default template arguments live, so the definitions do not repeat them.

// The guard, besides #pragma once, lets single_include/acs/rooms/fwd.hpp and the single header
// (which inlines this file) be included together: default template arguments may appear once.
#ifndef ACS_ROOMS_FWD_HPP
#define ACS_ROOMS_FWD_HPP

#include <acs/rooms/config.hpp>

#include <chrono>

ACS_ROOMS_NAMESPACE_BEGIN

/// The clock every time value in the API uses.
using time_point = std::chrono::system_clock::time_point;

// layer 1: foundations (error.hpp, result.hpp, http.hpp, cancellation.hpp, concepts.hpp)
enum class errc;
class cancellation_token;
class cancellation_source;
struct send_options;
struct error;
class rooms_error;
template <class T> class result;
class http_headers;
struct http_request;
struct http_response;

// layer 2: data (identifiers.hpp, models.hpp, api_version.hpp)
enum class identifier_kind;
enum class cloud_environment;
class communication_identifier;
class participant_role;
struct room_participant;
struct room;
struct create_room_options;
struct update_room_options;
template <class T> struct page;
class api_version;

// layer 3: protocol (connection_string.hpp, crypto/portable.hpp, signing.hpp)
struct connection_string;
struct portable_crypto;
template <class Crypto = portable_crypto> class hmac_signer;
class bearer_token_signer;
struct access_token;

// layer 4: pure layer (requests.hpp, operations.hpp, pagination.hpp, call.hpp)
struct request_context;
struct repeatability;
class page_cursor;
enum class next_link_policy;
struct retry_options;
struct call_options;
enum class log_level;
enum class call_action;
class call_machine;
struct create_room_operation;
struct get_room_operation;
struct update_room_operation;
struct delete_room_operation;
struct list_rooms_operation;
struct add_or_update_participants_operation;
struct remove_participants_operation;
struct list_participants_operation;
struct get_participants_operation;
struct add_participants_operation;
struct update_participants_operation;

// layer 5: client (client.hpp, pager.hpp)
template <class T> class pager;
struct client_options;
template <class Transport, class Signer> class rooms_client;

ACS_ROOMS_NAMESPACE_END

#endif // ACS_ROOMS_FWD_HPP
