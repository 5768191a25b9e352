// Walking paginated AWS results. Every List*/Describe* call kanaria makes may be paginated
// (ECS and Cloud Map: nextToken; ELBv2: Marker -> NextMarker; CloudWatch: NextToken), and a
// server that hands back a token it already gave (a bug, or a hostile endpoint) must not keep a
// release looping forever: a repeated token, or more than kMaxPages pages, ends the walk with
// kInternal.
#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "aws/protocol/query_protocol.h"
#include "core/status.h"

namespace kanaria::aws {

// Far more pages than any account kanaria manages produces (ELBv2 pages hold up to 400 items).
inline constexpr int kMaxPages = 10000;

// Calls fetch(token) with "" for the first page, then with each token the previous call returned,
// until one returns "". fetch: StatusOr<std::string>(const std::string& token) — it handles the
// page itself and returns the next token. Its first error ends the walk and is returned.
template <class Fetch>
Status ForEachPage(Fetch&& fetch, int max_pages = kMaxPages) {
  std::set<std::string> seen;
  std::string token;
  for (int page = 1; page <= max_pages; ++page) {
    StatusOr<std::string> next = fetch(std::as_const(token));
    if (!next.ok()) return next.status();
    if (next->empty()) return Status::Ok();
    if (!seen.insert(*next).second) {
      return InternalError("pagination did not end: page " + std::to_string(page) +
                           " returned a token already seen (" + next->substr(0, 64) + ")");
    }
    token = std::move(next).value();
  }
  return InternalError("pagination did not end after " + std::to_string(max_pages) + " pages");
}

namespace pagination_internal {
// Lets on_page return either Status or nothing.
template <class OnPage>
Status CallOnPage(OnPage& on_page, const nlohmann::json& page) {
  if constexpr (std::is_void_v<std::invoke_result_t<OnPage&, const nlohmann::json&>>) {
    on_page(page);
    return Status::Ok();
  } else {
    return on_page(page);
  }
}
}  // namespace pagination_internal

// The next-page token a page names in `field`: "" when absent, null or empty (the last page);
// kInternal when it is not a string (numbers included: AWS tokens are opaque strings).
StatusOr<std::string> NextPageToken(const nlohmann::json& page, std::string_view field);

// JSON protocol (ECS, Cloud Map; CloudWatch's JSON form with token_field "NextToken"):
// call(input) -> StatusOr<json> for each page, with input[token_field] set from the previous
// page; on_page(page) sees every page in order (returns Status or void).
template <class Call, class OnPage>
Status ForEachJsonPage(nlohmann::json input, Call&& call, OnPage&& on_page,
                       std::string_view token_field = "nextToken") {
  const std::string field(token_field);
  return ForEachPage([&](const std::string& token) -> StatusOr<std::string> {
    if (token.empty()) {
      if (input.is_object()) input.erase(field);
    } else {
      input[field] = token;
    }
    StatusOr<nlohmann::json> page = call(std::as_const(input));
    if (!page.ok()) return page.status();
    RETURN_IF_ERROR(pagination_internal::CallOnPage(on_page, *page));
    return NextPageToken(*page, field);
  });
}

// The request parameter and result member that carry a query-protocol service's page token.
struct QueryPaging {
  std::string_view request_field;
  std::string_view response_field;
};
inline constexpr QueryPaging kElbv2Paging{"Marker", "NextMarker"};
inline constexpr QueryPaging kCloudWatchPaging{"NextToken", "NextToken"};

// Query protocol (ELBv2, CloudWatch): call(params) -> StatusOr<json> (the <...Result> tree) for
// each page, with the request token parameter replaced from the previous page.
template <class Call, class OnPage>
Status ForEachQueryPage(QueryParams params, QueryPaging paging, Call&& call, OnPage&& on_page) {
  return ForEachPage([&](const std::string& token) -> StatusOr<std::string> {
    std::erase_if(params, [&](const auto& p) { return p.first == paging.request_field; });
    if (!token.empty()) params.emplace_back(std::string(paging.request_field), token);
    StatusOr<nlohmann::json> page = call(std::as_const(params));
    if (!page.ok()) return page.status();
    RETURN_IF_ERROR(pagination_internal::CallOnPage(on_page, *page));
    return NextPageToken(*page, paging.response_field);
  });
}

}  // namespace kanaria::aws
