// Helpers for stub servers that play a query-protocol service (ELBv2, CloudWatch, STS).
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "aws/protocol/query_protocol.h"
#include "support/stub_http_server.h"

namespace kanaria::testing {

// The form parameters of a recorded request, by name (a failed parse fails the test).
inline std::map<std::string, std::string> FormOf(const StubRequest& request) {
  StatusOr<aws::QueryParams> params = aws::ParseFormBody(request.body);
  EXPECT_TRUE(params.ok());
  if (!params.ok()) return {};
  return {params->begin(), params->end()};
}

// A 200 answer carrying `result` as <operation>Result in the service's namespace.
inline StubResponse QueryXmlAnswer(std::string_view operation, std::string_view xml_namespace,
                                   const nlohmann::json& result) {
  StubResponse response;
  response.content_type = "text/xml";
  response.body = aws::EncodeXmlResponse(operation, xml_namespace, result, "req-1");
  return response;
}

}  // namespace kanaria::testing
