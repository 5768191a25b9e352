// The query protocol's XML side: reading results and errors, writing responses (query_protocol.h).
#include "aws/protocol/query_protocol.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "aws/protocol/protocol_text.h"

namespace kanaria::aws {
namespace {

using nlohmann::json;
using protocol_text::kMaxNestingDepth;
using protocol_text::ScalarText;

// ---------------------------------------------------------------------------------------------
// XML reading

std::string_view LocalName(const pugi::xml_node& node) {
  std::string_view name = node.name();
  if (const size_t colon = name.rfind(':'); colon != std::string_view::npos)
    name.remove_prefix(colon + 1);
  return name;
}

bool IsNameStart(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c >= 0x80;
}
bool IsNameCharacter(unsigned char c) {
  return IsNameStart(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

// Names the writer can emit and the reader keeps: XML names without a namespace prefix.
bool IsXmlName(std::string_view name) {
  if (name.empty() || !IsNameStart(static_cast<unsigned char>(name.front()))) return false;
  for (const char c : name) {
    if (!IsNameCharacter(static_cast<unsigned char>(c))) return false;
  }
  return protocol_text::IsValidUtf8(name);
}

std::vector<pugi::xml_node> ElementChildren(const pugi::xml_node& node) {
  std::vector<pugi::xml_node> children;
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() == pugi::node_element && IsXmlName(LocalName(child)))
      children.push_back(child);
  }
  return children;
}

// All character data directly inside `node` (text and CDATA sections, in order).
std::string TextOf(const pugi::xml_node& node) {
  std::string text;
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata)
      text += child.value();
  }
  return text;
}

// Converts `node` at tree depth `depth` (the result object is 1). On failure sets `why`.
bool ElementToJson(const pugi::xml_node& node, int depth, bool as_object, json& out,
                   std::string& why);

bool ChildrenToObject(const std::vector<pugi::xml_node>& children, int depth, json& out,
                      std::string& why) {
  std::map<std::string_view, std::vector<pugi::xml_node>, std::less<>> by_name;
  for (const auto& child : children) by_name[LocalName(child)].push_back(child);
  out = json::object();
  for (const auto& [name, nodes] : by_name) {
    json& slot = out[std::string(name)];
    // A repeated element is a flattened list; "entry" is a map's entry even when it is alone.
    if (nodes.size() > 1 || name == "entry") {
      if (depth + 1 > kMaxNestingDepth) {
        why = "nested more than " + std::to_string(kMaxNestingDepth) + " levels deep";
        return false;
      }
      slot = json::array();
      for (const auto& item : nodes) {
        json converted;
        if (!ElementToJson(item, depth + 2, false, converted, why)) return false;
        slot.push_back(std::move(converted));
      }
    } else if (!ElementToJson(nodes.front(), depth + 1, false, slot, why)) {
      return false;
    }
  }
  return true;
}

bool ElementToJson(const pugi::xml_node& node, int depth, bool as_object, json& out,
                   std::string& why) {
  if (depth > kMaxNestingDepth) {
    why = "nested more than " + std::to_string(kMaxNestingDepth) + " levels deep";
    return false;
  }
  const std::vector<pugi::xml_node> children = ElementChildren(node);
  if (children.empty()) {
    if (as_object) {
      out = json::object();
      return true;
    }
    std::string text = TextOf(node);
    if (!protocol_text::IsValidUtf8(text)) {
      why = "<" + std::string(LocalName(node)) + "> is not valid UTF-8";
      return false;
    }
    out = std::move(text);
    return true;
  }
  const bool all_members =
      std::all_of(children.begin(), children.end(),
                  [](const pugi::xml_node& c) { return LocalName(c) == "member"; });
  if (all_members && !as_object) {
    out = json::array();
    for (const auto& child : children) {
      json converted;
      if (!ElementToJson(child, depth + 1, false, converted, why)) return false;
      out.push_back(std::move(converted));
    }
    return true;
  }
  return ChildrenToObject(children, depth, out, why);
}

// pugixml forced to UTF-8 (no guessing from BOMs), keeping whitespace-only text when it is an
// element's only content (" " is a value; indentation between elements is not).
pugi::xml_parse_result LoadXml(pugi::xml_document& document, std::string_view body) {
  return document.load_buffer(body.data(), body.size(),
                              pugi::parse_default | pugi::parse_ws_pcdata_single,
                              pugi::encoding_utf8);
}

Status MalformedResponse(std::string_view why, std::string_view body) {
  auto error = std::make_shared<AwsError>();
  error->code = "MalformedResponse";
  error->message = "response body is " + std::string(why) + ": " + QuoteBody(body) + " (" +
                   std::to_string(body.size()) + " bytes)";
  std::string message = error->message;
  return Status(StatusCode::kInternal, std::move(message), std::move(error));
}

pugi::xml_node ChildNamed(const pugi::xml_node& node, std::string_view name) {
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() == pugi::node_element && LocalName(child) == name) return child;
  }
  return {};
}

std::string ChildText(const pugi::xml_node& node, std::string_view name) {
  const pugi::xml_node child = ChildNamed(node, name);
  return child ? TextOf(child) : std::string();
}

// ---------------------------------------------------------------------------------------------
// XML writing

void AppendEscaped(std::string& out, std::string_view raw, bool attribute) {
  const std::string text = protocol_text::ToValidUtf8(raw);
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += attribute ? "&quot;" : "\"";
        break;
      default:
        if (byte == 0) {
          out += "\xEF\xBF\xBD";  // XML cannot carry NUL in any form
        } else if (byte < 0x20 && (attribute || (c != '\n' && c != '\t'))) {
          // \r would be folded into \n by every XML reader; other controls are not allowed raw.
          out += "&#" + std::to_string(byte) + ";";
        } else {
          out += c;
        }
    }
  }
}

void WriteElement(std::string& out, std::string_view name, const json& value, int depth);

// A member of an object: a map's entries are written as repeated <entry> elements (no wrapper).
void WriteMember(std::string& out, std::string_view name, const json& value, int depth) {
  if (name == "entry" && value.is_array()) {
    for (const auto& item : value) WriteElement(out, "entry", item, depth + 1);
    return;
  }
  WriteElement(out, name, value, depth);
}

// REQUIRES-style bound: parts deeper than kMaxNestingDepth are left out, as the reader would
// refuse them anyway.
void WriteElement(std::string& out, std::string_view name, const json& value, int depth) {
  if (value.is_null() || depth > kMaxNestingDepth) return;
  if ((value.is_object() || value.is_array()) && value.empty()) {
    out += '<';
    out += name;
    out += "/>";
    return;
  }
  out += '<';
  out += name;
  out += '>';
  if (value.is_object()) {
    for (const auto& [key, child] : value.items()) {
      if (IsXmlName(key)) WriteMember(out, key, child, depth + 1);
    }
  } else if (value.is_array()) {
    for (const auto& item : value) WriteElement(out, "member", item, depth + 1);
  } else {
    AppendEscaped(out, ScalarText(value), false);
  }
  out += "</";
  out += name;
  out += '>';
}

void WriteRootOpen(std::string& out, std::string_view name, std::string_view xml_namespace) {
  out += '<';
  out += name;
  if (!xml_namespace.empty()) {
    out += " xmlns=\"";
    AppendEscaped(out, xml_namespace, true);
    out += '"';
  }
  out += '>';
}

void WriteTextElement(std::string& out, std::string_view name, std::string_view text) {
  out += '<';
  out += name;
  out += '>';
  AppendEscaped(out, text, false);
  out += "</";
  out += name;
  out += '>';
}

}  // namespace

StatusOr<nlohmann::json> DecodeXmlResult(std::string_view body, std::string_view operation) {
  if (body.empty()) return MalformedResponse("empty", body);
  pugi::xml_document document;
  const pugi::xml_parse_result parsed = LoadXml(document, body);
  if (!parsed) {
    return MalformedResponse(std::string("not well-formed XML (") + parsed.description() +
                                 " at byte " + std::to_string(parsed.offset) + ")",
                             body);
  }
  const pugi::xml_node root = document.document_element();
  const std::string expected_root = std::string(operation) + "Response";
  if (!root || LocalName(root) != expected_root) {
    const std::string found =
        root ? "<" + protocol_text::ToValidUtf8(LocalName(root)) + ">" : "no element";
    return MalformedResponse("not a <" + expected_root + "> document (found " + found + ")", body);
  }
  const pugi::xml_node result = ChildNamed(root, std::string(operation) + "Result");
  if (!result) return json::object();
  json tree;
  std::string why;
  if (!ElementToJson(result, 1, /*as_object=*/true, tree, why)) return MalformedResponse(why, body);
  return tree;
}

AwsError ParseXmlError(const HttpResponse& response) {
  static constexpr std::string_view kExpected = "an XML error document";
  pugi::xml_document document;
  pugi::xml_node error_node;
  pugi::xml_node root;
  if (!response.body.empty() && LoadXml(document, response.body)) {
    root = document.document_element();
    const std::string_view root_name = LocalName(root);
    if (root_name == "ErrorResponse") {
      error_node = ChildNamed(root, "Error");  // ELBv2, CloudWatch, STS
    } else if (root_name == "Response") {
      error_node = ChildNamed(ChildNamed(root, "Errors"), "Error");  // the EC2 form
    } else if (root_name == "Error") {
      error_node = root;  // S3's form, which some proxies imitate
    }
  }
  std::string code =
      error_node ? protocol_text::SanitizeErrorCode(ChildText(error_node, "Code")) : "";

  AwsError error;
  if (code.empty()) {
    error = UnrecognizedErrorResponse(response.status, kExpected, response.body);
  } else {
    error.code = std::move(code);
    error.http_status = response.status;
    std::string message = ChildText(error_node, "Message");
    if (message.empty()) message = ChildText(error_node, "message");
    error.message = protocol_text::ToValidUtf8(message);
  }
  if (root) {
    for (const pugi::xml_node holder : {root, error_node}) {
      for (const std::string_view name : {"RequestId", "RequestID"}) {
        if (error.request_id.empty() && holder)
          error.request_id = protocol_text::PrintableToken(ChildText(holder, name));
      }
    }
  }
  if (error.request_id.empty())
    error.request_id = protocol_text::RequestIdFromHeaders(response.headers);
  if (IsAccessDeniedCode(error.code))
    error.resource = ResourceFromAccessDeniedMessage(error.message);
  return error;
}

std::string EncodeXmlResponse(std::string_view operation, std::string_view xml_namespace,
                              const nlohmann::json& result, std::string_view request_id) {
  const std::string response_name = std::string(operation) + "Response";
  const std::string result_name = std::string(operation) + "Result";
  std::string out;
  WriteRootOpen(out, response_name, xml_namespace);
  if (result.is_object() && !result.empty()) {
    out += '<' + result_name + '>';
    for (const auto& [key, child] : result.items()) {
      if (IsXmlName(key)) WriteMember(out, key, child, 2);
    }
    out += "</" + result_name + '>';
  } else if (!result.is_object() && !result.is_null()) {
    WriteElement(out, result_name, result, 1);
  } else {
    out += '<' + result_name + "/>";
  }
  out += "<ResponseMetadata>";
  WriteTextElement(out, "RequestId", request_id);
  out += "</ResponseMetadata></" + response_name + '>';
  return out;
}

std::string EncodeXmlError(std::string_view xml_namespace, std::string_view type,
                           std::string_view code, std::string_view message,
                           std::string_view request_id) {
  std::string out;
  WriteRootOpen(out, "ErrorResponse", xml_namespace);
  out += "<Error>";
  if (!type.empty()) WriteTextElement(out, "Type", type);
  WriteTextElement(out, "Code", code);
  WriteTextElement(out, "Message", message);
  out += "</Error>";
  WriteTextElement(out, "RequestId", request_id);
  out += "</ErrorResponse>";
  return out;
}

}  // namespace kanaria::aws