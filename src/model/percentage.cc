#include "model/percentage.h"

#include <cassert>

namespace kanaria::model {
namespace {

constexpr std::string_view kPercentageAllowed =
    "a percentage from 0 to 100 with at most one decimal";

Status InvalidPercentage(const std::string& text, std::string_view why) {
  return InvalidInputError(text + " " + std::string(why) + "; " + std::string(kPercentageAllowed));
}

}  // namespace

Percentage Percentage::FromTenths(int tenths, bool written_with_decimal) {
  assert(tenths >= 0 && tenths <= 1000);
  Percentage p;
  p.tenths_ = tenths;
  p.written_with_decimal_ = written_with_decimal;
  return p;
}

// Accepted: "10", "10%", "12.5", "12.50", "10.0", "0.5", ".5", "+10". A fraction is accepted
// when its value has at most one decimal ("12.50" is 12.5), because a YAML float has lost the
// spelling by the time it reaches here and both spellings must agree.
StatusOr<Percentage> Percentage::Parse(const std::string& text) {
  std::string_view s = text;
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (!s.empty() && s.back() == '%') s.remove_suffix(1);  // PipeCD accepts "10%"
  if (s.empty()) return InvalidPercentage("\"" + text + "\"", "is not a number");
  bool negative = false;
  if (s.front() == '-' || s.front() == '+') {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  long long whole = 0;
  size_t i = 0;
  bool digits = false;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    if (whole < 100000) whole = whole * 10 + (s[i] - '0');
    digits = true;
    ++i;
  }
  bool decimal = false;
  int tenth = 0;
  if (i < s.size() && s[i] == '.') {
    decimal = true;
    ++i;
    size_t position = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      const int digit = s[i] - '0';
      if (position == 0) {
        tenth = digit;
      } else if (digit != 0) {
        return InvalidPercentage(text, "has more than one decimal");
      }
      digits = true;
      ++position;
      ++i;
    }
  }
  if (!digits || i != s.size()) return InvalidPercentage("\"" + text + "\"", "is not a number");
  if (negative && (whole != 0 || tenth != 0)) return InvalidPercentage(text, "is below 0");
  const long long tenths = whole * 10 + tenth;
  if (tenths > 1000) return InvalidPercentage(text, "is above 100");
  return FromTenths(static_cast<int>(tenths), decimal);
}

// A whole value maps to (100 - p, p) even when written "10.0": the ratio is the same as
// (900, 100), and it keeps 0 and 100 inside ELB's 0-999 weight range ((1000, 0) is not).
std::pair<int, int> Percentage::Weights() const {
  if (tenths_ % 10 == 0) return {100 - tenths_ / 10, tenths_ / 10};
  return {1000 - tenths_, tenths_};
}

Percentage Percentage::Complement() const {
  return FromTenths(1000 - tenths_, written_with_decimal_);
}

std::string Percentage::ToString() const {
  std::string out = std::to_string(tenths_ / 10);
  if (tenths_ % 10 != 0) out += "." + std::to_string(tenths_ % 10);
  return out;
}

}  // namespace kanaria::model
