#include "emulator/services/elbv2/rule_matching.h"

#include <arpa/inet.h>

#include <cctype>
#include <cstdint>
#include <string>
#include <vector>

#include "core/ascii.h"

namespace kanaria::emulator::elbv2 {
namespace {

char Fold(char c, bool case_insensitive) {
  return case_insensitive ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : c;
}

const nlohmann::json& ConfigValues(const nlohmann::json& condition, const char* config) {
  static const nlohmann::json kEmpty = nlohmann::json::array();
  const auto it = condition.find(config);
  if (it == condition.end() || !it->contains("Values")) return kEmpty;
  return (*it)["Values"];
}

std::string HeaderName(const nlohmann::json& condition) {
  const auto it = condition.find("HttpHeaderConfig");
  return it == condition.end() ? "" : it->value("HttpHeaderName", "");
}

bool AnyValueMatches(const nlohmann::json& values, std::string_view text, bool case_insensitive) {
  for (const nlohmann::json& value : values) {
    if (WildcardMatch(value.get<std::string>(), text, case_insensitive)) return true;
  }
  return false;
}

std::vector<std::pair<std::string, std::string>> QueryPairs(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view part = query.substr(start, end - start);
    if (!part.empty()) {
      const size_t equals = part.find('=');
      out.emplace_back(
          std::string(part.substr(0, equals)),
          equals == std::string_view::npos ? "" : std::string(part.substr(equals + 1)));
    }
    start = end + 1;
  }
  return out;
}

bool QueryMatches(const nlohmann::json& pairs, const IncomingRequest& request) {
  const auto query = QueryPairs(request.query);
  for (const nlohmann::json& pair : pairs) {
    const std::string value = pair.value("Value", "");
    for (const auto& [key, actual] : query) {
      if (pair.contains("Key") && !WildcardMatch(pair["Key"].get<std::string>(), key, true)) {
        continue;
      }
      if (WildcardMatch(value, actual, true)) return true;
    }
  }
  return false;
}

std::optional<uint32_t> ParseIpv4(const std::string& text) {
  in_addr address{};
  if (inet_pton(AF_INET, text.c_str(), &address) != 1) return std::nullopt;
  return ntohl(address.s_addr);
}

bool InCidr(const std::string& cidr, const std::string& ip) {
  const size_t slash = cidr.find('/');
  const std::optional<uint32_t> network = ParseIpv4(cidr.substr(0, slash));
  const std::optional<uint32_t> address = ParseIpv4(ip);
  if (!network || !address) return false;
  int bits = 32;
  if (slash != std::string::npos) bits = std::atoi(cidr.c_str() + slash + 1);
  if (bits <= 0) return true;
  const uint32_t mask = bits >= 32 ? 0xffffffffu : ~((1u << (32 - bits)) - 1);
  return (*network & mask) == (*address & mask);
}

std::string SourceIp(const IncomingRequest& request) {
  const auto it = request.headers.find("x-forwarded-for");
  if (it == request.headers.end() || it->second.empty()) return "127.0.0.1";
  std::string first = it->second.substr(0, it->second.find(','));
  while (!first.empty() && first.back() == ' ') first.pop_back();
  while (!first.empty() && first.front() == ' ') first.erase(first.begin());
  return first;
}

// A concrete text that the wildcard pattern matches.
std::string Concrete(const std::string& pattern) {
  std::string out;
  for (char c : pattern) out += (c == '*' || c == '?') ? 'a' : c;
  return out;
}

std::string FirstValue(const nlohmann::json& values) {
  return values.empty() ? "" : values.front().get<std::string>();
}

}  // namespace

bool WildcardMatch(std::string_view pattern, std::string_view text, bool case_insensitive) {
  // Iterative glob with backtracking to the last '*': linear in practice, no recursion.
  size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() &&
        (pattern[p] == '?' || (pattern[p] != '*' && Fold(pattern[p], case_insensitive) ==
                                                        Fold(text[t], case_insensitive)))) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool ConditionMatches(const nlohmann::json& condition, const IncomingRequest& request) {
  const std::string field = condition.value("Field", "");
  if (field == "host-header") {
    return AnyValueMatches(ConfigValues(condition, "HostHeaderConfig"), request.host, true);
  }
  if (field == "path-pattern") {
    return AnyValueMatches(ConfigValues(condition, "PathPatternConfig"), request.path, false);
  }
  if (field == "http-request-method") {
    return AnyValueMatches(ConfigValues(condition, "HttpRequestMethodConfig"), request.method,
                           false);
  }
  if (field == "http-header") {
    const auto header = request.headers.find(AsciiLowercase(HeaderName(condition)));
    if (header == request.headers.end()) return false;
    return AnyValueMatches(ConfigValues(condition, "HttpHeaderConfig"), header->second, true);
  }
  if (field == "query-string") {
    return QueryMatches(ConfigValues(condition, "QueryStringConfig"), request);
  }
  if (field == "source-ip") {
    const std::string source = SourceIp(request);
    for (const nlohmann::json& cidr : ConfigValues(condition, "SourceIpConfig")) {
      if (InCidr(cidr.get<std::string>(), source)) return true;
    }
    return false;
  }
  return false;
}

bool ConditionsMatch(const nlohmann::json& conditions, const IncomingRequest& request) {
  for (const nlohmann::json& condition : conditions) {
    if (!ConditionMatches(condition, request)) return false;
  }
  return true;
}

IncomingRequest RequestMatching(const nlohmann::json& conditions, IncomingRequest base) {
  for (const nlohmann::json& condition : conditions) {
    const std::string field = condition.value("Field", "");
    if (field == "host-header") {
      base.host = AsciiLowercase(Concrete(FirstValue(ConfigValues(condition, "HostHeaderConfig"))));
    } else if (field == "path-pattern") {
      base.path = Concrete(FirstValue(ConfigValues(condition, "PathPatternConfig")));
    } else if (field == "http-request-method") {
      base.method = FirstValue(ConfigValues(condition, "HttpRequestMethodConfig"));
    } else if (field == "http-header") {
      base.headers[AsciiLowercase(HeaderName(condition))] =
          Concrete(FirstValue(ConfigValues(condition, "HttpHeaderConfig")));
    } else if (field == "query-string") {
      const nlohmann::json& pairs = ConfigValues(condition, "QueryStringConfig");
      if (pairs.empty()) continue;
      const std::string pair = Concrete(pairs.front().value("Key", "k")) + "=" +
                               Concrete(pairs.front().value("Value", ""));
      base.query = base.query.empty() ? pair : base.query + "&" + pair;
    } else if (field == "source-ip") {
      const std::string cidr = FirstValue(ConfigValues(condition, "SourceIpConfig"));
      base.headers["x-forwarded-for"] = cidr.substr(0, cidr.find('/'));
    }
  }
  return base;
}

}  // namespace kanaria::emulator::elbv2
