#include "model/duration.h"

#include <cmath>

namespace kanaria::model {
namespace {

constexpr std::string_view kDurationAllowed =
    "a duration such as 30s, 1m30s, 1h or 500ms (units: ns, us, ms, s, m, h)";

struct Unit {
  std::string_view name;
  double nanoseconds;
};

// Longest names first so "ms" is not read as "m".
constexpr Unit kUnits[] = {
    {"ns", 1.0},        {"us", 1e3}, {"\xC2\xB5s", 1e3},  // µs (U+00B5)
    {"\xCE\xBCs", 1e3},                                   // μs (U+03BC)
    {"ms", 1e6},        {"s", 1e9},  {"m", 60e9},        {"h", 3600e9},
};

Status InvalidDuration(std::string_view text, std::string_view why) {
  std::string message = "`" + std::string(text) + "` ";
  message += why;
  message += "; ";
  message += kDurationAllowed;
  return InvalidInputError(std::move(message));
}

}  // namespace

StatusOr<Duration> ParseDuration(std::string_view text) {
  if (text.empty()) return InvalidDuration(text, "is empty");
  if (text == "0") return Duration(0);
  std::string_view s = text;
  if (s[0] == '-') return InvalidDuration(text, "is negative");
  if (s[0] == '+') s.remove_prefix(1);
  double total_ns = 0;
  bool any = false;
  while (!s.empty()) {
    // A number: digits, optionally a '.' and more digits.
    size_t i = 0;
    double value = 0;
    bool digits = false;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      value = value * 10 + (s[i] - '0');
      digits = true;
      ++i;
    }
    if (i < s.size() && s[i] == '.') {
      ++i;
      double scale = 0.1;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        value += (s[i] - '0') * scale;
        scale /= 10;
        digits = true;
        ++i;
      }
    }
    if (!digits) return InvalidDuration(text, "is not a duration");
    s.remove_prefix(i);
    const Unit* unit = nullptr;
    for (const Unit& u : kUnits) {
      if (s.substr(0, u.name.size()) == u.name) {
        unit = &u;
        break;
      }
    }
    if (unit == nullptr) {
      if (s.empty()) return InvalidDuration(text, "has no unit");
      return InvalidDuration(text, "has an unknown unit");
    }
    s.remove_prefix(unit->name.size());
    total_ns += value * unit->nanoseconds;
    any = true;
  }
  if (!any) return InvalidDuration(text, "is not a duration");
  if (total_ns > 1e18) return InvalidDuration(text, "is too long");
  const double ms = total_ns / 1e6;
  if (std::fabs(ms - std::round(ms)) > 1e-6) {
    return InvalidDuration(text, "is not a whole number of milliseconds");
  }
  return Duration(static_cast<int64_t>(std::llround(ms)));
}

std::string FormatDuration(Duration d) {
  int64_t ms = d.count();
  if (ms == 0) return "0s";
  std::string out;
  if (ms < 0) {
    out = "-";
    ms = -ms;
  }
  if (ms < 1000) return out + std::to_string(ms) + "ms";
  const int64_t hours = ms / 3'600'000;
  const int64_t minutes = (ms / 60'000) % 60;
  const int64_t seconds = (ms / 1000) % 60;
  const int64_t millis = ms % 1000;
  if (hours > 0) out += std::to_string(hours) + "h";
  if (hours > 0 || minutes > 0) out += std::to_string(minutes) + "m";
  if (millis == 0) {
    out += std::to_string(seconds) + "s";
  } else {
    std::string frac = std::to_string(millis);
    frac.insert(0, 3 - frac.size(), '0');
    while (frac.back() == '0') frac.pop_back();
    out += std::to_string(seconds) + "." + frac + "s";
  }
  // Go prints "2h0m0s"; kanaria trims zero tails so messages read "2h" and "1m".
  for (const std::string_view tail : {"0m0s", "0s"}) {
    if (out.size() > tail.size() && out.ends_with(tail)) {
      const char before = out[out.size() - tail.size() - 1];
      if (before == 'h' || (tail == "0s" && before == 'm')) {
        out.erase(out.size() - tail.size());
      }
    }
  }
  return out;
}

}  // namespace kanaria::model
