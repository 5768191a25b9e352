#include "model/query_template.h"
#include "core/ascii.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

namespace kanaria::model {
namespace {

constexpr std::string_view kQueryDataAllowed =
    "allowed: .App.Name, .App.Env, .Variant.Name, .VariantCustomArgs.KEY, .Window";

// Fields that are template data as they are.
constexpr std::string_view kLeaves[] = {".App.Name", ".App.Env", ".Variant.Name", ".Window"};

// Names people write for the data that PipeCD's renderer calls otherwise.
struct Misnamed {
  std::string_view root;
  std::string_view why;
};
constexpr Misnamed kMisnamed[] = {
    {"Args", "variant arguments are .VariantCustomArgs"},
};

// PipeCD's documentation writes variant arguments as .VariantArgs.KEY and its renderer as
// .VariantCustomArgs.KEY; both are read, so a query copied from either works.
bool IsVariantArgs(const std::string& root) { return root == "VariantCustomArgs" || root == "VariantArgs"; }

bool IsIdentifierStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool IsIdentifierChar(char c) {
  return IsIdentifierStart(c) || (c >= '0' && c <= '9');
}

// ".A.B.C" -> {"A", "B", "C"}; empty when `text` is not a chain of Go identifiers.
std::vector<std::string> FieldChain(std::string_view text) {
  std::vector<std::string> fields;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '.' || i + 1 >= text.size() || !IsIdentifierStart(text[i + 1])) return {};
    size_t end = i + 1;
    while (end < text.size() && IsIdentifierChar(text[end])) ++end;
    fields.emplace_back(text.substr(i + 1, end - i - 1));
    i = end;
  }
  return fields;
}

std::string Quoted(std::string_view placeholder) {
  std::string out = "`";
  if (placeholder.size() > 60) {
    out.append(placeholder.substr(0, 57));
    out.append("...");
  } else {
    out.append(placeholder);
  }
  out.append("`");
  return out;
}

// Checks the inside of one {{ }} (trim markers removed); a problem message or "" when it is
// good, adding .VariantCustomArgs keys to `check`.
std::string CheckAction(std::string_view placeholder, std::string_view inside,
                        QueryTemplateCheck& check) {
  const std::string shown = Quoted(placeholder);
  const std::vector<std::string> fields = FieldChain(inside);
  if (fields.empty()) {
    return fmt::format(
        "{} is not a field reference; kanaria renders placeholders such as {{{{ .App.Name }}}} "
        "or {{{{ .VariantCustomArgs.KEY }}}} only (no functions, pipelines or variables)",
        shown);
  }
  const std::string& root = fields[0];
  if (IsVariantArgs(root)) {
    if (fields.size() != 2) {
      return fmt::format(
          "{} does not name one key; {{{{ .VariantCustomArgs.KEY }}}} with KEY from the "
          "metric's canaryArgs / primaryArgs",
          shown);
    }
    if (std::find(check.variant_args.begin(), check.variant_args.end(), fields[1]) ==
        check.variant_args.end()) {
      check.variant_args.push_back(fields[1]);
    }
    return "";
  }
  for (std::string_view leaf : kLeaves) {
    if (inside == leaf) return "";
  }
  if (root == "K8s") {
    return fmt::format("{}: an ECS app has no Kubernetes namespace; remove it ({})", shown,
                       kQueryDataAllowed);
  }
  if (root == "AppCustomArgs") {
    return fmt::format(
        "{}: .AppCustomArgs come from an analysis template's appArgs, which kanaria does not "
        "implement; use .VariantCustomArgs.KEY with the metric's canaryArgs / primaryArgs",
        shown);
  }
  for (const Misnamed& m : kMisnamed) {
    if (root == m.root) {
      std::string fix = "{{ .VariantCustomArgs";
      for (size_t i = 1; i < fields.size(); ++i) fix.append(".").append(fields[i]);
      fix.append(" }}");
      return fmt::format("{}: .{} is not analysis template data ({}); write {}", shown, root, m.why,
                         fix);
    }
  }
  return fmt::format("{} is not analysis template data; {}", shown, kQueryDataAllowed);
}


// One {{ }} of a query: where it is and its inside with trim markers and spaces removed.
struct Placeholder {
  size_t begin = 0;  // of "{{"
  size_t end = 0;    // after "}}"
  bool trim_before = false;
  bool trim_after = false;
  std::string_view inside;
};

// The next placeholder at or after `from`; nullopt when there is none or it is not closed.
std::optional<Placeholder> NextPlaceholder(std::string_view query, size_t from) {
  const size_t open = query.find("{{", from);
  if (open == std::string_view::npos) return std::nullopt;
  const size_t close = query.find("}}", open + 2);
  if (close == std::string_view::npos) return std::nullopt;
  Placeholder p{.begin = open, .end = close + 2, .inside = query.substr(open + 2, close - open - 2)};
  // Go's trim markers: "{{- " and " -}}" (the space is part of the marker).
  if (p.inside.size() >= 2 && p.inside[0] == '-' && p.inside[1] == ' ') {
    p.inside.remove_prefix(2);
    p.trim_before = true;
  }
  if (p.inside.size() >= 2 && p.inside[p.inside.size() - 1] == '-' && p.inside[p.inside.size() - 2] == ' ') {
    p.inside.remove_suffix(2);
    p.trim_after = true;
  }
  p.inside = TrimSpaceTabOrNewline(p.inside);
  return p;
}

}  // namespace

StatusOr<std::string> RenderQueryTemplate(std::string_view query, const QueryTemplateData& data) {
  std::string out;
  size_t pos = 0;
  while (auto p = NextPlaceholder(query, pos)) {
    std::string_view text = query.substr(pos, p->begin - pos);
    if (p->trim_before) {
      while (!text.empty() && IsSpaceTabOrNewline(text.back())) text.remove_suffix(1);
    }
    out.append(text);
    const std::vector<std::string> fields = FieldChain(p->inside);
    const std::string placeholder(query.substr(p->begin, p->end - p->begin));
    if (fields.size() == 2 && IsVariantArgs(fields[0])) {
      auto arg = data.variant_args.find(fields[1]);
      if (arg == data.variant_args.end()) {
        return InvalidInputError(fmt::format("{}: {}Args has no key {}", placeholder, data.variant, fields[1]));
      }
      out.append(arg->second);
    } else if (p->inside == ".App.Name") {
      out.append(data.app_name);
    } else if (p->inside == ".App.Env") {
      // Empty, as PipeCD leaves it.
    } else if (p->inside == ".Variant.Name") {
      out.append(data.variant);
    } else if (p->inside == ".Window") {
      out.append(data.window);
    } else {
      return InvalidInputError(fmt::format("{} is not analysis template data; {}", placeholder, kQueryDataAllowed));
    }
    pos = p->end;
    if (p->trim_after) {
      while (pos < query.size() && IsSpaceTabOrNewline(query[pos])) ++pos;
    }
  }
  out.append(query.substr(pos));
  return out;
}

QueryTemplateCheck CheckQueryTemplate(std::string_view query) {
  QueryTemplateCheck check;
  size_t pos = 0;
  while (pos < query.size()) {
    auto p = NextPlaceholder(query, pos);
    if (!p) {
      const size_t open = query.find("{{", pos);
      if (open != std::string_view::npos) {
        check.problems.push_back(fmt::format("{} is not closed by `}}}}`; a placeholder such as {{{{ .App.Name }}}}",
                                             Quoted(query.substr(open))));
      }
      break;
    }
    std::string problem = CheckAction(query.substr(p->begin, p->end - p->begin), p->inside, check);
    if (!problem.empty()) check.problems.push_back(std::move(problem));
    pos = p->end;
  }
  return check;
}

}  // namespace kanaria::model
