// AWS query protocol (ELBv2, CloudWatch, STS): form-encoded requests, XML responses.
// Both directions are here: the client flattens parameters and reads XML; the emulator parses
// parameters back into a tree and writes XML.
//
// The tree form is nlohmann::json with these conventions (no service model needed):
//  - a structure is an object keyed by member name ("Actions", "ForwardConfig", ...);
//  - a list is an array; on the wire it is `Name.member.N` / `<Name><member>...</member></Name>`;
//  - a map (rare here) is an object under "entry" items with "key"/"value";
//  - every scalar is a string on the way in from XML/form data (typed operations convert);
//    on the way out numbers and booleans are written as AWS does ("true", "42").
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aws/aws_error.h"
#include "aws/http.h"
#include "core/status.h"

namespace kanaria::aws {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// Flattens a tree into query parameters under `prefix` ("" for top level):
// {"Actions":[{"Type":"forward"}]} -> Actions.member.1.Type=forward
void FlattenQueryParams(const nlohmann::json& tree, std::string_view prefix, QueryParams& out);

// "Action=<action>&Version=<version>&k=v..." with RFC 3986 percent-encoding (as botocore).
std::string EncodeQueryBody(std::string_view action, std::string_view version,
                            const QueryParams& params);

// Emulator side: parses a form body into (name, value) pairs, percent-decoding both.
StatusOr<QueryParams> ParseFormBody(std::string_view body);
// Emulator side: rebuilds the tree from flattened parameters (inverse of FlattenQueryParams;
// `.member.N` becomes arrays ordered by N).
nlohmann::json UnflattenQueryParams(const QueryParams& params);

// Client side: decodes a 2xx XML response and returns the tree of its <{operation}Result>
// element (an empty object when the result element is absent or empty, as for ModifyRule with
// no output). Elements whose children are all <member> become arrays; empty list elements
// become empty strings, which the typed operations treat as empty lists. Malformed XML is
// kInternal with AwsError code "MalformedResponse".
StatusOr<nlohmann::json> DecodeXmlResult(std::string_view body, std::string_view operation);

// Client side: parses <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>
// (and STS's/CloudWatch's variants) into an AwsError. Malformed bodies still yield an error.
AwsError ParseXmlError(const HttpResponse& response);

// Emulator side: writes <{op}Response xmlns="..."><{op}Result>tree</{op}Result>
// <ResponseMetadata><RequestId>id</RequestId></ResponseMetadata></{op}Response>.
std::string EncodeXmlResponse(std::string_view operation, std::string_view xml_namespace,
                              const nlohmann::json& result, std::string_view request_id);
// Emulator side: writes the <ErrorResponse> document for an error.
std::string EncodeXmlError(std::string_view xml_namespace, std::string_view type,
                           std::string_view code, std::string_view message,
                           std::string_view request_id);

}  // namespace kanaria::aws
