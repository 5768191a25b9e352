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
// An "entry" array is a map (Name.entry.N.key/value), an empty array is sent as "Name=" and a
// null member is left out, all as botocore's QuerySerializer does.
void FlattenQueryParams(const nlohmann::json& tree, std::string_view prefix, QueryParams& out);

// "Action=<action>&Version=<version>&k=v..." with RFC 3986 percent-encoding (as botocore's
// utils.percent_encode: only A-Z a-z 0-9 - _ . ~ stay as they are, a space is %20). botocore's
// own wire body uses urllib's urlencode, which writes a space as '+'; AWS accepts both.
std::string EncodeQueryBody(std::string_view action, std::string_view version,
                            const QueryParams& params);

// Emulator side: parses a form body into (name, value) pairs, percent-decoding both ('+' is a
// space). A bad %-escape or a name/value that is not UTF-8 once decoded is kInvalidInput naming
// the byte offset; empty "&&" segments are skipped.
StatusOr<QueryParams> ParseFormBody(std::string_view body);
// Emulator side: rebuilds the tree from flattened parameters (inverse of FlattenQueryParams;
// `.member.N` becomes arrays ordered by N, `.entry.N` map entries under "entry"). Names with
// more than 64 dotted parts are dropped. When names give one node conflicting shapes
// ("A=1&A.B=2"), fields win over a list and a scalar (map entries stay beside fields, under
// "entry"), a list over a map, a map over a scalar; a repeated name keeps its last value. The
// result always flattens back to names that unflatten to it (fuzz/form_body_fuzzer.cc).
nlohmann::json UnflattenQueryParams(const QueryParams& params);

// Client side: decodes a 2xx XML response and returns the tree of its <{operation}Result>
// element (an empty object when the result element is absent or empty, as for ModifyRule with
// no output). Elements whose children are all <member> become arrays; empty list elements
// become empty strings, which the typed operations treat as empty lists. Namespaces and prefixes
// are ignored; repeated elements become arrays; "entry" elements (maps) always do. Malformed
// XML, a root other than <{operation}Response>, text that is not UTF-8 or nesting deeper than 64
// levels is kInternal with AwsError code "MalformedResponse" quoting at most 200 bytes.
StatusOr<nlohmann::json> DecodeXmlResult(std::string_view body, std::string_view operation);

// Client side: parses <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>
// (ELBv2, STS, CloudWatch), EC2's <Response><Errors><Error>...</Errors><RequestID/> and S3's
// <Error><Code/>... into an AwsError; the request id falls back to the headers. Malformed
// bodies still yield an error (UnrecognizedErrorResponse in aws_error.h), never a crash.
AwsError ParseXmlError(const HttpResponse& response);

// Emulator side: writes <{op}Response xmlns="..."><{op}Result>tree</{op}Result>
// <ResponseMetadata><RequestId>id</RequestId></ResponseMetadata></{op}Response>.
// Arrays become <member> lists (an "entry" array repeated <entry> elements), null members are
// left out, keys that are not XML names are skipped, text is escaped (control characters as
// numeric references, invalid UTF-8 and NUL as U+FFFD). DecodeXmlResult reads it back exactly.
std::string EncodeXmlResponse(std::string_view operation, std::string_view xml_namespace,
                              const nlohmann::json& result, std::string_view request_id);
// Emulator side: writes the <ErrorResponse> document for an error.
std::string EncodeXmlError(std::string_view xml_namespace, std::string_view type,
                           std::string_view code, std::string_view message,
                           std::string_view request_id);

}  // namespace kanaria::aws
