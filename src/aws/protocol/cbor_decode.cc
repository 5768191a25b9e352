#include "aws/protocol/cbor_decode.h"

#include <fmt/format.h>

#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>

namespace kanaria::aws {
namespace {

constexpr int kMaxCborDepth = 64;

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}

  StatusOr<nlohmann::json> Item(int depth) {
    if (depth > kMaxCborDepth) return Error("nesting deeper than 64 levels");
    if (pos_ >= bytes_.size()) return Error("truncated input");
    const uint8_t initial = Byte();
    const int major = initial >> 5;
    const uint8_t info = initial & 0x1f;
    if (major == 7) return Simple(info);
    if (info == 31) return Indefinite(major, depth);
    ASSIGN_OR_RETURN(uint64_t argument, Argument(info));
    switch (major) {
      case 0:
        return nlohmann::json(argument);
      case 1:
        if (argument > static_cast<uint64_t>(INT64_MAX)) return Error("negative integer too large");
        return nlohmann::json(-1 - static_cast<int64_t>(argument));
      case 2: {
        ASSIGN_OR_RETURN(std::string_view data, Take(argument));
        nlohmann::json out = nlohmann::json::array();
        for (const char c : data) out.push_back(static_cast<uint8_t>(c));
        return out;
      }
      case 3: {
        ASSIGN_OR_RETURN(std::string_view text, Take(argument));
        return Text(std::string(text));
      }
      case 4: {
        nlohmann::json out = nlohmann::json::array();
        for (uint64_t i = 0; i < argument; ++i) {
          ASSIGN_OR_RETURN(nlohmann::json item, Item(depth + 1));
          out.push_back(std::move(item));
        }
        return out;
      }
      case 5: {
        nlohmann::json out = nlohmann::json::object();
        for (uint64_t i = 0; i < argument; ++i) RETURN_IF_ERROR(Entry(out, depth));
        return out;
      }
      default:  // 6: a tag; its content stands for it
        return Item(depth + 1);
    }
  }

  bool AtEnd() const { return pos_ == bytes_.size(); }
  size_t position() const { return pos_; }

 private:
  uint8_t Byte() { return static_cast<uint8_t>(bytes_[pos_++]); }

  Status Error(std::string_view what) const {
    return Status(StatusCode::kInvalidInput, fmt::format("CBOR: {} at byte {}", what, pos_));
  }

  StatusOr<std::string_view> Take(uint64_t length) {
    if (length > bytes_.size() - pos_) return Error("truncated input");
    std::string_view out = bytes_.substr(pos_, length);
    pos_ += length;
    return out;
  }

  StatusOr<uint64_t> Argument(uint8_t info) {
    if (info < 24) return info;
    if (info > 27) return Error("reserved additional information");
    const size_t width = size_t{1} << (info - 24);
    ASSIGN_OR_RETURN(std::string_view data, Take(width));
    uint64_t value = 0;
    for (const char c : data) value = (value << 8) | static_cast<uint8_t>(c);
    return value;
  }

  StatusOr<nlohmann::json> Text(std::string text) {
    nlohmann::json out = std::move(text);
    try {
      (void)out.dump();  // throws on invalid UTF-8
    } catch (const nlohmann::json::exception&) {
      return Error("text that is not UTF-8");
    }
    return out;
  }

  Status Entry(nlohmann::json& object, int depth) {
    ASSIGN_OR_RETURN(nlohmann::json key, Item(depth + 1));
    ASSIGN_OR_RETURN(nlohmann::json value, Item(depth + 1));
    object[key.is_string() ? key.get<std::string>() : key.dump()] = std::move(value);
    return Status();
  }

  bool AtBreak() const { return pos_ < bytes_.size() && static_cast<uint8_t>(bytes_[pos_]) == 0xff; }

  StatusOr<nlohmann::json> Indefinite(int major, int depth) {
    nlohmann::json out = major == 5 ? nlohmann::json::object() : nlohmann::json::array();
    std::string chunks;
    while (!AtBreak()) {
      if (pos_ >= bytes_.size()) return Error("truncated input");
      if (major == 2 || major == 3) {
        const uint8_t initial = Byte();
        if ((initial >> 5) != major || (initial & 0x1f) == 31) return Error("bad string chunk");
        ASSIGN_OR_RETURN(uint64_t length, Argument(initial & 0x1f));
        ASSIGN_OR_RETURN(std::string_view chunk, Take(length));
        chunks.append(chunk);
      } else if (major == 4) {
        ASSIGN_OR_RETURN(nlohmann::json item, Item(depth + 1));
        out.push_back(std::move(item));
      } else if (major == 5) {
        RETURN_IF_ERROR(Entry(out, depth));
      } else {
        return Error("indefinite length on a type that has none");
      }
    }
    ++pos_;  // the break
    if (major == 3) return Text(std::move(chunks));
    if (major == 2) {
      for (const char c : chunks) out.push_back(static_cast<uint8_t>(c));
    }
    return out;
  }

  StatusOr<nlohmann::json> Simple(uint8_t info) {
    switch (info) {
      case 20:
        return nlohmann::json(false);
      case 21:
        return nlohmann::json(true);
      case 22:
      case 23:
        return nlohmann::json(nullptr);
      case 25: {
        ASSIGN_OR_RETURN(uint64_t half, Argument(25));
        return nlohmann::json(HalfToDouble(static_cast<uint16_t>(half)));
      }
      case 26: {
        ASSIGN_OR_RETURN(uint64_t bits, Argument(26));
        const uint32_t narrow = static_cast<uint32_t>(bits);
        float value = 0;
        std::memcpy(&value, &narrow, sizeof(value));
        return nlohmann::json(static_cast<double>(value));
      }
      case 27: {
        ASSIGN_OR_RETURN(uint64_t bits, Argument(27));
        double value = 0;
        std::memcpy(&value, &bits, sizeof(value));
        return nlohmann::json(value);
      }
      default:
        return Error("unsupported simple value");
    }
  }

  static double HalfToDouble(uint16_t half) {
    const int exponent = (half >> 10) & 0x1f;
    const int mantissa = half & 0x3ff;
    double value = exponent == 0    ? std::ldexp(mantissa, -24)
                   : exponent == 31 ? (mantissa == 0 ? INFINITY : NAN)
                                    : std::ldexp(mantissa + 1024, exponent - 25);
    return (half & 0x8000) ? -value : value;
  }

  std::string_view bytes_;
  size_t pos_ = 0;
};

}  // namespace

StatusOr<nlohmann::json> DecodeCbor(std::string_view bytes) {
  Reader reader(bytes);
  ASSIGN_OR_RETURN(nlohmann::json out, reader.Item(0));
  if (!reader.AtEnd()) {
    return Status(StatusCode::kInvalidInput,
                  fmt::format("CBOR: trailing bytes after the item, at byte {}", reader.position()));
  }
  return out;
}

}  // namespace kanaria::aws
