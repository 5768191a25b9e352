#include "emulator/ids.h"

namespace kanaria::emulator {
namespace {
constexpr char kHexDigits[] = "0123456789abcdef";
}

std::string IdGenerator::Hex(int n) {
  std::string out;
  out.reserve(n);
  for (int i = 0; i < n; ++i) out += kHexDigits[static_cast<int>(streams_->Next(stream_) * 16)];
  return out;
}

std::string IdGenerator::Digits(int n) {
  std::string out;
  out.reserve(n);
  for (int i = 0; i < n; ++i) {
    const int digit = static_cast<int>(streams_->Next(stream_) * (i == 0 ? 9 : 10));
    out += static_cast<char>('0' + digit + (i == 0 ? 1 : 0));
  }
  return out;
}

std::string IdGenerator::Uuid() {
  std::string hex = Hex(32);
  hex[12] = '4';
  hex[16] = kHexDigits[8 + (hex[16] % 4)];
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

}  // namespace kanaria::emulator
