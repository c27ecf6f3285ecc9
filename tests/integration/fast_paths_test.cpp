// SPDX-License-Identifier: MIT
// acs_rooms tests: the hot path's fast versions (SAX readers, split_url, the digests written into
// a caller's buffer) give exactly what the general versions give.

#include "../support/test_support.hpp"

#include <acs/rooms/crypto/openssl.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

using namespace acs::rooms;
using acs_rooms_test::response;

namespace {

// An independent reference: the DOM readers the SAX readers replaced (removed from the library
// for one JSON reading path), kept here only to check the SAX readers against.
using detail::json;

const std::string* dom_string(const json& object, std::string_view what, const char* field,
                              std::optional<error>& err) {
  const auto it = object.find(field);
  if (it == object.end()) {
    err = detail::field_error(what, field, "is missing");
    return nullptr;
  }
  if (!it->is_string()) {
    err =
        detail::field_error(what, field, std::string("is a ") + it->type_name() + ", not a string");
    return nullptr;
  }
  return it->get_ptr<const std::string*>();
}
time_point dom_time(const json& object, std::string_view what, const char* field,
                    std::optional<error>& err) {
  const std::string* text = dom_string(object, what, field, err);
  if (text == nullptr) {
    return {};
  }
  const auto t = parse_rfc3339(*text);
  if (!t) {
    err = detail::field_error(what, field,
                              "is not an RFC 3339 date-time: \"" + text->substr(0, 64) + '"');
    return {};
  }
  return *t;
}
result<room> dom_read_room(const json& j, const api_version& version) {
  constexpr std::string_view what = "room";
  if (!j.is_object()) {
    return detail::make_error(errc::malformed_response,
                              std::string("malformed response: a room is a ") + j.type_name() +
                                  ", not an object");
  }
  std::optional<error> err;
  room r;
  if (const std::string* id = dom_string(j, what, "id", err)) {
    r.id = *id;
  }
  if (!err) {
    r.created_at = dom_time(j, what, "createdAt", err);
  }
  if (!err) {
    r.valid_from = dom_time(j, what, "validFrom", err);
  }
  if (!err) {
    r.valid_until = dom_time(j, what, "validUntil", err);
  }
  if (err) {
    return std::move(*err);
  }
  const auto pstn = j.find("pstnDialOutEnabled");
  if (pstn != j.end() && pstn->is_boolean()) {
    r.pstn_dial_out_enabled = pstn->get<bool>();
  } else if (pstn != j.end() && !pstn->is_null()) {
    return detail::field_error(what, "pstnDialOutEnabled",
                               std::string("is a ") + pstn->type_name() + ", not a boolean");
  } else if (version.has_pstn_dial_out()) {
    return detail::field_error(what, "pstnDialOutEnabled", "is missing");
  }
  return r;
}
result<room_participant> dom_read_participant(const json& j) {
  constexpr std::string_view what = "participant";
  if (!j.is_object()) {
    return detail::make_error(errc::malformed_response,
                              std::string("malformed response: a participant is a ") +
                                  j.type_name() + ", not an object");
  }
  std::optional<error> err;
  const std::string* raw_id = dom_string(j, what, "rawId", err);
  const std::string* role = raw_id ? dom_string(j, what, "role", err) : nullptr;
  if (err) {
    return std::move(*err);
  }
  return room_participant{communication_identifier::from_raw_id(*raw_id), participant_role(*role)};
}
template <class T, class Read>
result<page<T>> dom_page(const http_response& response, std::string_view what, Read read) {
  if (!detail::is_success(response.status)) {
    return parse_error(response);
  }
  json body;
  if (!detail::parse_json(response.body, body)) {
    return detail::not_json_error(response, what);
  }
  const auto fail = [&](error e) {
    e.status = response.status;
    return e;
  };
  if (!body.is_object()) {
    return fail(detail::make_error(errc::malformed_response,
                                   "malformed response: the " + std::string(what) + " is a " +
                                       body.type_name() + ", not an object"));
  }
  const auto value = body.find("value");
  if (value == body.end() || !value->is_array()) {
    return fail(
        detail::field_error(what, "value", value == body.end() ? "is missing" : "is not an array"));
  }
  page<T> out;
  for (std::size_t i = 0; i < value->size(); ++i) {
    auto item = read((*value)[i]);
    if (!item) {
      auto e = std::move(item).error();
      e.message += " (item " + std::to_string(i) + " of the " + std::string(what) + ")";
      return fail(std::move(e));
    }
    out.items.push_back(std::move(*item));
  }
  if (const auto next = body.find("nextLink"); next != body.end() && !next->is_null()) {
    if (!next->is_string()) {
      return fail(detail::field_error(what, "nextLink", "is not a string"));
    }
    const auto& link = next->get_ref<const std::string&>();
    if (!link.empty()) {
      if (auto problem = detail::next_link_defect(link); !problem.empty()) {
        return fail(detail::field_error(what, "nextLink", problem));
      }
      out.next_link = link;
    }
  }
  return out;
}

result<room> dom_room(const http_response& r, const api_version& version) {
  if (!detail::is_success(r.status)) {
    return parse_error(r);
  }
  json body;
  if (!detail::parse_json(r.body, body)) {
    return detail::not_json_error(r, "room");
  }
  auto out = dom_read_room(body, version);
  if (!out) {
    auto e = std::move(out).error();
    e.status = r.status;
    return e;
  }
  return out;
}
result<page<room>> dom_room_page(const http_response& r, const api_version& version) {
  return dom_page<room>(r, "rooms page",
                        [&version](const json& j) { return dom_read_room(j, version); });
}
result<page<room_participant>> dom_participant_page(const http_response& r) {
  return dom_page<room_participant>(r, "participants page",
                                    [](const json& j) { return dom_read_participant(j); });
}

template <class T> void check_same(const result<T>& fast, const result<T>& dom) {
  REQUIRE(fast.has_value() == dom.has_value());
  if (fast) {
    CHECK(*fast == *dom);
    return;
  }
  CHECK(fast.error().kind == dom.error().kind);
  CHECK(fast.error().status == dom.error().status);
  CHECK(fast.error().target == dom.error().target);
  CHECK(fast.error().message == dom.error().message);
  CHECK(fast.error().raw_body == dom.error().raw_body);
}
template <class T> void check_same(const result<page<T>>& fast, const result<page<T>>& dom) {
  REQUIRE(fast.has_value() == dom.has_value());
  if (fast) {
    CHECK(fast->items == dom->items);
    CHECK(fast->next_link == dom->next_link);
    return;
  }
  CHECK(fast.error().kind == dom.error().kind);
  CHECK(fast.error().status == dom.error().status);
  CHECK(fast.error().target == dom.error().target);
  CHECK(fast.error().message == dom.error().message);
}

const std::string times =
    R"("createdAt":"2022-04-13T18:09:12.8159131+00:00","validFrom":"2022-04-20T10:00:00.25+00:00","validUntil":"2022-05-20T10:00:00Z")";

std::vector<std::string> room_bodies() {
  return {
      acs_rooms_test::room_json(),
      R"({"pstnDialOutEnabled":false,"validUntil":"2022-05-20T10:00:00Z","validFrom":"2022-04-20T10:00:00Z","createdAt":"2022-04-13T18:09:12Z","id":"7"})",
      R"({"id":"1",)" + times + "}",
      R"({"id":"1",)" + times + R"(,"pstnDialOutEnabled":null})",
      R"({"id":"1",)" + times + R"(,"pstnDialOutEnabled":"yes"})",
      R"({"id":"1",)" + times + R"(,"pstnDialOutEnabled":{"a":[true]}})",
      R"({"id":"1",)" + times + R"(,"pstnDialOutEnabled":[true]})",
      R"({"id":"1",)" + times + R"(,"pstnDialOutEnabled":0})",
      R"({)" + times + R"(,"pstnDialOutEnabled":true})",
      R"({"id":17,)" + times + R"(,"pstnDialOutEnabled":true})",
      R"({"id":1.5,)" + times + R"(,"pstnDialOutEnabled":true})",
      R"({"id":-3,)" + times + R"(,"pstnDialOutEnabled":true})",
      R"({"id":null,)" + times + R"(,"pstnDialOutEnabled":true})",
      R"({"id":{"id":"x"},)" + times + R"(,"pstnDialOutEnabled":true})",
      R"({"id":["x"],)" + times + R"(,"pstnDialOutEnabled":true})",
      R"({"id":"1","id":2,)" + times + R"(,"pstnDialOutEnabled":true})",
      R"({"id":2,"id":"1",)" + times + R"(,"pstnDialOutEnabled":true})",
      R"({"id":"1",)" + times + R"(,"createdAt":"later","pstnDialOutEnabled":true})",
      R"({"id":"1",)" + times +
          R"(,"createdAt":"later","createdAt":"2022-04-13T18:09:12Z","pstnDialOutEnabled":true})",
      R"({"validUntil":"tomorrow","validFrom":"today","id":"1","createdAt":"2022-04-13T18:09:12Z","pstnDialOutEnabled":true})",
      R"({"id":"1","createdAt":"2022-04-13T18:09:12Z","validUntil":"2022-05-20T10:00:00Z","pstnDialOutEnabled":true})",
      R"({"id":"1","createdAt":true,"validFrom":"2022-04-20T10:00:00Z","validUntil":"2022-05-20T10:00:00Z"})",
      R"({"extra":{"id":5,"nested":[{"createdAt":1}]},"id":"1",)" + times +
          R"(,"pstnDialOutEnabled":true,"more":[[],{}]})",
      R"({"id":"1",)" + times + R"(,"createdAt":")" + std::string(100, 'x') + R"("})",
      R"({"id":"\u00e9\"\\",)" + times + R"(,"pstnDialOutEnabled":true})",
      "",
      "<html>oops</html>",
      R"({"id":)",
      R"({"id":"1"} trailing)",
      "[1,2]",
      "null",
      "\"x\"",
      "17",
      "true",
      "{}",
  };
}

std::vector<std::string> page_bodies() {
  const std::string room = acs_rooms_test::room_json();
  const std::string p1 = R"({"rawId":"8:acs:a","role":"Presenter"})";
  const std::string p2 = R"({"role":"Organizer","rawId":"4:+1555"})";
  return {
      R"({"value":[)" + p1 + "," + p2 + R"(],"nextLink":"https://other.example/x?n=1"})",
      R"({"nextLink":"https://other.example/x?n=1","value":[)" + p1 + "]}",
      R"({"value":[],"nextLink":""})",
      R"({"value":[],"nextLink":null})",
      R"({"value":[]})",
      R"({"value":[],"nextLink":"/rooms?x"})",
      R"({"value":[],"nextLink":5})",
      R"({"value":[],"nextLink":{"a":1}})",
      R"({"nextLink":"https://x/"})",
      R"({"value":{},"nextLink":"https://x/"})",
      R"({"value":"no"})",
      R"({"value":null})",
      R"({"value":[)" + p1 + R"(,{"rawId":"8:acs:b"}]})",
      R"({"value":[)" + p1 + R"(,{"rawId":"8:acs:b"},{"rawId":1,"role":"x"}]})",
      R"({"value":[)" + p1 + R"(,5,{"rawId":"8:acs:b"}]})",
      R"({"value":[[],)" + p1 + "]}",
      R"({"value":[null]})",
      R"({"value":[)" + p1 + R"(],"value":[)" + p2 + "]}",
      R"({"value":[)" + p1 + R"(],"value":7})",
      R"({"value":[{"rawId":"8:acs:a","role":"Presenter","more":{"rawId":1,"value":[]}}],"other":[[{"value":1}]]})",
      R"({"value":[{"rawId":{"x":"y"},"role":"Presenter"}]})",
      R"({"value":[)" + room + "," + room + R"(],"nextLink":"https://x/y"})",
      R"({"value":[)" + room + R"(,{"id":"2"}]})",
      R"({"value":[)" + p1 + R"(],"nextLink":"https://x/y","bad":)",
      "[]",
      "null",
      "",
      "{}",
  };
}

} // namespace

TEST_CASE("the SAX room reader answers exactly as the DOM reader", "[responses][sax]") {
  for (const auto& version : {api_version::latest, api_version::v2023_06_14}) {
    for (const auto& body : room_bodies()) {
      for (const int status : {200, 201}) {
        INFO(body << " (HTTP " << status << ", " << version.value() << ")");
        const auto r = response(status, body);
        check_same(parse_room(r, version), dom_room(r, version));
      }
    }
  }
}

TEST_CASE("the SAX page readers answer exactly as the DOM readers", "[responses][sax][paging]") {
  for (const auto& body : page_bodies()) {
    INFO(body);
    const auto r = response(200, body);
    check_same(parse_participant_page(r), dom_participant_page(r));
    check_same(parse_room_page(r, api_version::latest), dom_room_page(r, api_version::latest));
    check_same(parse_room_page(r, api_version::v2023_06_14),
               dom_room_page(r, api_version::v2023_06_14));
  }
}

TEST_CASE("the SAX readers keep a 30-item page and name a bad item's field",
          "[responses][sax][paging]") {
  std::string body = R"({"value":[)";
  for (int i = 0; i < 30; ++i) {
    body += (i != 0 ? "," : "") + std::string(R"({"rawId":"8:acs:u)") + std::to_string(i) +
            R"(","role":"Attendee"})";
  }
  const auto good = parse_participant_page(response(200, body + "]}"));
  REQUIRE(good.has_value());
  REQUIRE(good->items.size() == 30);
  CHECK(good->items[29].id.raw_id() == "8:acs:u29");
  CHECK(good->items[29].role == participant_role::attendee);

  const auto bad =
      parse_participant_page(response(200, body + R"(,{"rawId":"8:acs:x","role":3}]})"));
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().kind == errc::malformed_response);
  CHECK(bad.error().target == "role");
  CHECK(bad.error().status == 200);
  CHECK(bad.error().message ==
        "malformed response: participant field 'role' is a number, not a string (item 30 of the "
        "participants page)");
}

TEST_CASE("split_url gives the views parse_url copies", "[url]") {
  for (const std::string url :
       {"https://contoso.communication.azure.com/rooms/1?api-version=2025-03-13",
        "HTTPS://Contoso.COM:443/a?b#c", "http://x:80", "http://x:8080/", "https://[::1]:8443/p?",
        "https://user@host/p", "https://h/p#frag?not", "https://h?q", "https://h:0/",
        "https://h:65536/", "https://h:/", "ftp://h/", "https:///p", "nonsense", "https://h_1/"}) {
    INFO(url);
    const auto view = detail::split_url(url);
    const auto parts = detail::parse_url(url);
    REQUIRE(view.has_value() == parts.has_value());
    if (!view) {
      continue;
    }
    std::string authority;
    view->append_authority(authority);
    CHECK(authority == parts->authority());
    CHECK(authority.size() == view->authority_size());
    std::string path_and_query;
    view->append_path_and_query(path_and_query);
    CHECK(path_and_query == parts->path_and_query());
    CHECK(path_and_query.size() == view->path_and_query_size());
    CHECK(view->has_userinfo == parts->has_userinfo);
  }
}

TEST_CASE("digests into a caller's buffer equal the string-returning ones", "[crypto]") {
  const auto check = [](const auto& crypto) {
    using crypto_type = std::decay_t<decltype(crypto)>;
    for (const std::string& data :
         {std::string(), std::string("abc"), std::string(200, 'b'), std::string(1000, '\x80')}) {
      typename crypto_type::digest out{};
      REQUIRE(crypto.sha256_into(data, out));
      CHECK(std::string(reinterpret_cast<const char*>(out.data()), out.size()) ==
            crypto.sha256(data));
      const auto key = crypto.prepare_hmac_key(std::string(64, '\xA7'));
      REQUIRE(crypto.hmac_sha256_into(key, data, out));
      CHECK(std::string(reinterpret_cast<const char*>(out.data()), out.size()) ==
            crypto.hmac_sha256(std::string_view(std::string(64, '\xA7')), data));
      CHECK_FALSE(crypto.hmac_sha256_into(typename crypto_type::hmac_key(), data, out));
    }
  };
  check(portable_crypto());
  check(openssl_crypto());
}

TEST_CASE("both built-in Cryptos sign identically through the allocation-free path", "[signing]") {
  const auto sign = [](auto signer, std::string body) {
    http_request request;
    request.method = "patch";
    request.url = "https://Contoso.communication.azure.com:443/rooms/1?api-version=2025-03-13";
    request.body = std::move(body);
    REQUIRE(signer.sign(request, acs_rooms_test::at("2026-11-24T12:00:00Z")).has_value());
    return request.headers;
  };
  for (const std::string& body : {std::string(), std::string(R"({"validUntil":"x"})")}) {
    const auto portable = sign(hmac_signer<portable_crypto>("pw=="), body);
    const auto openssl = sign(hmac_signer<openssl_crypto>("pw=="), body);
    CHECK(portable == openssl);
    CHECK(portable.get("Host") == std::string_view("contoso.communication.azure.com"));
    // The same string to sign, through the public helpers, gives the same Authorization.
    const std::string hash = body.empty() ? std::string(detail::empty_body_sha256)
                                          : detail::base64_encode(portable_crypto().sha256(body));
    const std::string to_sign =
        string_to_sign("PATCH", "/rooms/1?api-version=2025-03-13", "Tue, 24 Nov 2026 12:00:00 GMT",
                       "contoso.communication.azure.com", hash);
    std::string key;
    REQUIRE(detail::base64_decode("pw==", key));
    CHECK(portable.get("Authorization") ==
          std::string_view(hmac_authorization(detail::base64_encode(
              portable_crypto().hmac_sha256(std::string_view(key), to_sign)))));
    CHECK(portable.get("x-ms-content-sha256") == std::string_view(hash));
  }
}
