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

// ---------------------------------------------------------------------------------------------
// Form encoding

// Scalars as botocore writes them: booleans "true"/"false", floats as Python's str() does
// (nlohmann's shortest round-trip form agrees: 0.5, 1e-05, 100.0), non-finite as AWS spells them.
std::string ScalarText(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number_float()) {
    const double d = value.get<double>();
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  }
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

bool IsUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

// botocore.utils.percent_encode: RFC 3986, only unreserved characters left as they are.
void AppendPercentEncoded(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (IsUnreserved(byte)) {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 15];
    }
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded decoding: '+' is a space (botocore's wire body is built with
// urllib's urlencode, which writes spaces that way), %XX a byte. `offset` locates errors.
Status PercentDecode(std::string_view text, size_t offset, std::string& out) {
  out.clear();
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c != '%') {
      out += c;
    } else {
      const int high = i + 1 < text.size() ? HexValue(text[i + 1]) : -1;
      const int low = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
      if (high < 0 || low < 0) {
        return InvalidInputError("malformed form body: bad percent-encoding at byte " +
                                 std::to_string(offset + i));
      }
      out += static_cast<char>(high * 16 + low);
      i += 2;
    }
  }
  return Status::Ok();
}

// `has_prefix` tells the top level (names start bare) from a member whose name is "" (names
// start with '.'), so that even odd trees flatten to names that unflatten back to them.
void FlattenInto(const json& tree, std::string_view prefix, bool has_prefix, QueryParams& out) {
  const auto join = [&](std::string_view name) {
    return has_prefix ? std::string(prefix) + "." + std::string(name) : std::string(name);
  };
  if (tree.is_null()) return;  // an absent member
  if (tree.is_object()) {
    for (const auto& [key, value] : tree.items()) {
      if (key == "entry" && value.is_array()) {
        // A map: Name.entry.N.key / Name.entry.N.value.
        const std::string entry_prefix = join("entry");
        size_t index = 0;
        for (const auto& item : value)
          FlattenInto(item, entry_prefix + "." + std::to_string(++index), true, out);
      } else {
        FlattenInto(value, join(key), true, out);
      }
    }
    return;
  }
  if (tree.is_array()) {
    // The query protocol sends an empty list as "Name=" (botocore: "serializes empty lists").
    if (tree.empty()) {
      out.emplace_back(std::string(prefix), "");
      return;
    }
    const std::string member_prefix = join("member");
    size_t index = 0;
    for (const auto& item : tree)
      FlattenInto(item, member_prefix + "." + std::to_string(++index), true, out);
    return;
  }
  out.emplace_back(std::string(prefix), ScalarText(tree));
}

// ---------------------------------------------------------------------------------------------
// Unflattening: names are dotted paths; "member.N" is list item N and "entry.N" map entry N.
// Items are kept in maps keyed by index so that "member.10" sorts after "member.9" and sparse
// or out-of-order indices still give an ordered, dense array.

struct FormNode {
  bool has_value = false;
  std::string value;
  std::map<std::string, FormNode, std::less<>> fields;
  std::map<uint32_t, FormNode> members;
  std::map<uint32_t, FormNode> entries;
};

// "1".."999999999" -> the index; anything else (0, empty, letters, too long) is not one.
bool ParseIndex(std::string_view text, uint32_t& index) {
  if (text.empty() || text.size() > 9) return false;
  uint32_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<uint32_t>(c - '0');
  }
  if (value == 0) return false;
  index = value;
  return true;
}

std::vector<std::string_view> SplitName(std::string_view name) {
  std::vector<std::string_view> segments;
  size_t begin = 0;
  while (true) {
    const size_t dot = name.find('.', begin);
    segments.push_back(
        name.substr(begin, dot == std::string_view::npos ? std::string_view::npos : dot - begin));
    if (dot == std::string_view::npos) return segments;
    begin = dot + 1;
  }
}

json ToJson(const FormNode& node);

json ItemsToJson(const std::map<uint32_t, FormNode>& items) {
  json array = json::array();
  for (const auto& [index, child] : items) array.push_back(ToJson(child));
  return array;
}

json ToJson(const FormNode& node) {
  // One node may have been given several shapes by conflicting names ("A=1&A.B=2"); AWS would
  // refuse such a request. The most structured reading wins: fields (with map entries beside
  // them, as Flatten writes an "entry" array), then list, then map, then the scalar. Whatever
  // wins, Flatten writes it back to names that read back as the same tree.
  if (!node.fields.empty()) {
    json object = json::object();
    for (const auto& [name, child] : node.fields) object[name] = ToJson(child);
    if (!node.entries.empty() && !object.contains("entry"))
      object["entry"] = ItemsToJson(node.entries);
    return object;
  }
  if (!node.members.empty()) return ItemsToJson(node.members);
  if (!node.entries.empty()) return json{{"entry", ItemsToJson(node.entries)}};
  return node.value;
}

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

void FlattenQueryParams(const nlohmann::json& tree, std::string_view prefix, QueryParams& out) {
  FlattenInto(tree, prefix, !prefix.empty(), out);
}

std::string EncodeQueryBody(std::string_view action, std::string_view version,
                            const QueryParams& params) {
  std::string body = "Action=";
  AppendPercentEncoded(body, action);
  body += "&Version=";
  AppendPercentEncoded(body, version);
  for (const auto& [name, value] : params) {
    body += '&';
    AppendPercentEncoded(body, name);
    body += '=';
    AppendPercentEncoded(body, value);
  }
  return body;
}

StatusOr<QueryParams> ParseFormBody(std::string_view body) {
  QueryParams params;
  size_t begin = 0;
  while (begin <= body.size()) {
    size_t end = body.find('&', begin);
    if (end == std::string_view::npos) end = body.size();
    const std::string_view pair = body.substr(begin, end - begin);
    if (!pair.empty()) {  // "a=1&&b=2" and a trailing '&' are harmless
      const size_t equals = pair.find('=');
      const std::string_view raw_name = pair.substr(0, equals);
      const std::string_view raw_value =
          equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1);
      std::string name, value;
      RETURN_IF_ERROR(PercentDecode(raw_name, begin, name));
      RETURN_IF_ERROR(PercentDecode(raw_value, begin + raw_name.size() + 1, value));
      if (!protocol_text::IsValidUtf8(name) || !protocol_text::IsValidUtf8(value)) {
        return InvalidInputError("malformed form body: parameter at byte " + std::to_string(begin) +
                                 " is not valid UTF-8 once decoded");
      }
      params.emplace_back(std::move(name), std::move(value));
    }
    begin = end + 1;
  }
  return params;
}

nlohmann::json UnflattenQueryParams(const QueryParams& params) {
  FormNode root;
  for (const auto& [name, value] : params) {
    const std::vector<std::string_view> segments = SplitName(name);
    // Deeper than any AWS input shape: dropped, so the tree stays safe to walk recursively.
    if (segments.size() > static_cast<size_t>(kMaxNestingDepth)) continue;
    FormNode* node = &root;
    for (size_t i = 0; i < segments.size(); ++i) {
      uint32_t index = 0;
      const bool indexed =
          node != &root && i + 1 < segments.size() && ParseIndex(segments[i + 1], index);
      if (indexed && segments[i] == "member") {
        node = &node->members[index];
        ++i;
      } else if (indexed && segments[i] == "entry") {
        node = &node->entries[index];
        ++i;
      } else {
        auto it = node->fields.find(segments[i]);
        if (it == node->fields.end())
          it = node->fields.emplace(std::string(segments[i]), FormNode{}).first;
        node = &it->second;
      }
    }
    node->has_value = true;
    node->value = value;  // a repeated name: the later value wins
  }
  json tree = json::object();
  for (const auto& [name, child] : root.fields) tree[name] = ToJson(child);
  return tree;
}

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
