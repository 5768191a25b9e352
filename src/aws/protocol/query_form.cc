// The query protocol's form side: percent-encoding, flattening a tree into `A.member.N.B`
// parameters and back (query_protocol.h).
#include "aws/protocol/query_protocol.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "aws/protocol/protocol_text.h"
#include "aws/url.h"
#include "core/ascii.h"

namespace kanaria::aws {
namespace {

using nlohmann::json;
using protocol_text::kMaxNestingDepth;
using protocol_text::ScalarText;

// botocore.utils.percent_encode: RFC 3986, only unreserved characters left as they are.
void AppendPercentEncoded(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (IsUriUnreserved(byte)) {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 15];
    }
  }
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
      const int high = i + 1 < text.size() ? HexDigitValue(text[i + 1]) : -1;
      const int low = i + 2 < text.size() ? HexDigitValue(text[i + 2]) : -1;
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

}  // namespace kanaria::aws
