#include "aws/iso8601.h"

#include <fmt/format.h>

#include <chrono>

namespace kanaria::aws {
namespace {

// Reads exactly `width` decimal digits at `pos`, advancing it.
bool ReadDigits(std::string_view text, size_t& pos, size_t width, int& out) {
  if (pos + width > text.size()) return false;
  int value = 0;
  for (size_t i = 0; i < width; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  pos += width;
  out = value;
  return true;
}

bool Expect(std::string_view text, size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

}  // namespace

StatusOr<WallTime> ParseIso8601(std::string_view text) {
  auto bad = [&] {
    return InvalidInputError(fmt::format("not an ISO 8601 timestamp: '{}'", text));
  };
  size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!ReadDigits(text, pos, 4, year) || !Expect(text, pos, '-') ||
      !ReadDigits(text, pos, 2, month) || !Expect(text, pos, '-') ||
      !ReadDigits(text, pos, 2, day)) {
    return bad();
  }
  if (pos >= text.size() || (text[pos] != 'T' && text[pos] != 't')) return bad();
  ++pos;
  if (!ReadDigits(text, pos, 2, hour) || !Expect(text, pos, ':') ||
      !ReadDigits(text, pos, 2, minute) || !Expect(text, pos, ':') ||
      !ReadDigits(text, pos, 2, second)) {
    return bad();
  }
  int millis = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    const size_t start = pos;
    int scale = 100;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      millis += (text[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) return bad();
  }
  int offset_minutes = 0;
  if (pos < text.size()) {
    const char zone = text[pos];
    if (zone == 'Z' || zone == 'z') {
      ++pos;
    } else if (zone == '+' || zone == '-') {
      ++pos;
      int zone_hours = 0, zone_minutes = 0;
      if (!ReadDigits(text, pos, 2, zone_hours)) return bad();
      if (pos < text.size() && text[pos] == ':') ++pos;
      if (!ReadDigits(text, pos, 2, zone_minutes)) return bad();
      offset_minutes = (zone == '+' ? 1 : -1) * (zone_hours * 60 + zone_minutes);
    } else {
      return bad();
    }
  }
  if (pos != text.size()) return bad();

  using namespace std::chrono;
  const year_month_day date{std::chrono::year{year},
                            std::chrono::month{static_cast<unsigned>(month)},
                            std::chrono::day{static_cast<unsigned>(day)}};
  // 60 is allowed for a leap second; std::chrono folds it into the next minute.
  if (!date.ok() || hour > 23 || minute > 59 || second > 60) return bad();
  const sys_days midnight{date};
  return WallTime(duration_cast<WallTime::duration>(
      midnight.time_since_epoch() + hours{hour} + minutes{minute} + seconds{second} +
      milliseconds{millis} - minutes{offset_minutes}));
}

std::string FormatIso8601(WallTime time) {
  using namespace std::chrono;
  const auto since_epoch = duration_cast<milliseconds>(time.time_since_epoch());
  const sys_days midnight = floor<std::chrono::days>(sys_time<milliseconds>(since_epoch));
  const year_month_day date{midnight};
  auto rest = since_epoch - duration_cast<milliseconds>(midnight.time_since_epoch());
  const auto h = duration_cast<hours>(rest);
  rest -= h;
  const auto m = duration_cast<minutes>(rest);
  rest -= m;
  const auto s = duration_cast<seconds>(rest);
  rest -= s;
  std::string out = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                                static_cast<unsigned>(date.day()), h.count(), m.count(), s.count());
  if (rest.count() != 0) out += fmt::format(".{:03}", rest.count());
  out += 'Z';
  return out;
}

}  // namespace kanaria::aws
