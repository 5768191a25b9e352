#include "model/template_expansion.h"
#include "core/ascii.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <vector>

namespace kanaria::model {
namespace {

constexpr std::string_view kTemplateAllowed =
    "allowed: {{ env \"NAME\" \"default\" }}, {{ env \"NAME\" }}, {{ must_env \"NAME\" }}";

struct Call {
  std::string function;
  std::vector<std::string> args;
};

// Parses the inside of {{ }}: an identifier followed by double-quoted strings. nullopt with
// `error` set when it is not of that form.
std::optional<Call> ParseCall(std::string_view inner, std::string& error) {
  Call call;
  size_t i = 0;
  auto skip_space = [&] {
    while (i < inner.size() && IsSpaceTabOrNewline(inner[i])) ++i;
  };
  skip_space();
  const size_t start = i;
  while (i < inner.size() && (std::isalnum(static_cast<unsigned char>(inner[i])) ||
                              inner[i] == '_' || inner[i] == '.' || inner[i] == '-')) {
    ++i;
  }
  call.function = std::string(inner.substr(start, i - start));
  if (call.function.empty()) {
    error = "not a template function call";
    return std::nullopt;
  }
  while (true) {
    skip_space();
    if (i == inner.size()) break;
    // The closing delimiter of this argument: "X", `X` (Go's raw string, what ecspresso users
    // write inside JSON strings), or \"X\" (the template inside a JSON string written by a JSON
    // serializer, which escaped its quotes).
    std::string_view close;
    if (inner[i] == '"') {
      close = "\"";
    } else if (inner[i] == '`') {
      close = "`";
    } else if (inner.substr(i, 2) == "\\\"") {
      close = "\\\"";
    } else {
      error = "arguments must be quoted strings (\"NAME\" or `NAME`)";
      return std::nullopt;
    }
    i += close.size();
    std::string arg;
    bool closed = false;
    while (i < inner.size()) {
      if (inner.substr(i, close.size()) == close) {
        i += close.size();
        closed = true;
        break;
      }
      if (close == "\"" && inner[i] == '\\' && i + 1 < inner.size()) ++i;  // \" and \\ escapes
      arg += inner[i++];
    }
    if (!closed) {
      error = "unterminated string";
      return std::nullopt;
    }
    call.args.push_back(std::move(arg));
  }
  return call;
}

}  // namespace

std::string ExpandTemplates(std::string_view text, const std::string& file, const EnvLookup& env,
                            Diagnostics& diagnostics) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  int line = 1;
  while (true) {
    const size_t open = text.find("{{", pos);
    const std::string_view before =
        text.substr(pos, open == std::string_view::npos ? std::string_view::npos : open - pos);
    out += before;
    line += static_cast<int>(std::count(before.begin(), before.end(), '\n'));
    if (open == std::string_view::npos) break;
    const SourceLocation where{file, line};
    const size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) {
      diagnostics.Error(
          where, "{{",
          std::string("unterminated template: no closing }}; ") + std::string(kTemplateAllowed));
      out += text.substr(open);
      break;
    }
    const std::string_view whole = text.substr(open, close + 2 - open);
    const std::string shown(whole);
    std::string error;
    const std::optional<Call> call = ParseCall(text.substr(open + 2, close - open - 2), error);
    std::optional<std::string> value;
    if (!call) {
      diagnostics.Error(where, shown, error + "; " + std::string(kTemplateAllowed));
    } else if (call->function == "env" && (call->args.size() == 1 || call->args.size() == 2)) {
      value = env(call->args[0]);
      if (!value) value = call->args.size() == 2 ? call->args[1] : std::string();
    } else if (call->function == "must_env" && call->args.size() == 1) {
      value = env(call->args[0]);
      if (!value) {
        diagnostics.Error(where, shown,
                          "environment variable " + call->args[0] +
                              " is not set; set it, or use {{ env \"" + call->args[0] +
                              "\" \"default\" }} to allow a default");
      }
    } else if (call->function == "env" || call->function == "must_env") {
      diagnostics.Error(
          where, shown,
          "wrong number of arguments to " + call->function + "; " + std::string(kTemplateAllowed));
    } else {
      diagnostics.Error(where, shown,
                        "unknown template function `" + call->function +
                            "`; only env and must_env are supported (" +
                            std::string(kTemplateAllowed) + ")");
    }
    out += value ? *value : std::string(whole);
    line += static_cast<int>(std::count(whole.begin(), whole.end(), '\n'));
    pos = close + 2;
  }
  return out;
}

}  // namespace kanaria::model
