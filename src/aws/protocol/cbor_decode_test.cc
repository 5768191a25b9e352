#include "aws/protocol/cbor_decode.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace kanaria::aws {
namespace {

std::string Bytes(std::initializer_list<int> values) {
  std::string out;
  for (const int v : values) out.push_back(static_cast<char>(v));
  return out;
}

TEST(CborDecodeTest, ReadsWhatBotocoreWritesForGetMetricStatistics) {
  // botocore 1.43's serialisation of {"Namespace": "A", "StartTime": 2026-01-01, "Period": 60}:
  // the timestamp is tag 1 (0xC1) over an epoch-seconds integer.
  const std::string body = Bytes({0xa3, 0x69, 'N', 'a', 'm', 'e', 's', 'p', 'a', 'c', 'e', 0x61,
                                  'A', 0x69, 'S', 't', 'a', 'r', 't', 'T', 'i', 'm', 'e', 0xc1,
                                  0x1a, 0x69, 0x55, 0xb9, 0x00, 0x66, 'P', 'e', 'r', 'i', 'o', 'd',
                                  0x18, 0x3c});
  auto decoded = DecodeCbor(body);
  ASSERT_TRUE(decoded.ok()) << decoded.status().message();
  EXPECT_EQ(*decoded, (nlohmann::json{{"Namespace", "A"}, {"StartTime", 1767225600}, {"Period", 60}}));
}

TEST(CborDecodeTest, RoundTripsWhatNlohmannWrites) {
  const nlohmann::json tree = {{"a", {1, -2, 3.5, true, nullptr}},
                               {"b", {{"nested", "text ü"}}},
                               {"big", 1ull << 40},
                               {"negative", -1000000}};
  const std::vector<uint8_t> cbor = nlohmann::json::to_cbor(tree);
  auto decoded = DecodeCbor(std::string(cbor.begin(), cbor.end()));
  ASSERT_TRUE(decoded.ok()) << decoded.status().message();
  EXPECT_EQ(*decoded, tree);
}

TEST(CborDecodeTest, IndefiniteLengthsHalfFloatsAndTags) {
  // {_ "k": [_ 1, 1.5 (half)], "s": (_ "ab" "c")} with a tag 0 around "c".
  const std::string body = Bytes({0xbf, 0x61, 'k', 0x9f, 0x01, 0xf9, 0x3e, 0x00, 0xff, 0x61, 's',
                                  0x7f, 0x62, 'a', 'b', 0x61, 'c', 0xff, 0xff});
  auto decoded = DecodeCbor(body);
  ASSERT_TRUE(decoded.ok()) << decoded.status().message();
  EXPECT_EQ(*decoded, (nlohmann::json{{"k", {1, 1.5}}, {"s", "abc"}}));
}

TEST(CborDecodeTest, RefusesMalformedInputNamingTheOffset) {
  EXPECT_EQ(DecodeCbor(Bytes({0xa1, 0x61})).status().code(), StatusCode::kInvalidInput);  // truncated
  EXPECT_EQ(DecodeCbor(Bytes({0x01, 0x02})).status().code(), StatusCode::kInvalidInput);  // trailing
  EXPECT_EQ(DecodeCbor(Bytes({0x62, 0xff, 0xfe})).status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(DecodeCbor(Bytes({0x1c})).status().code(), StatusCode::kInvalidInput);  // reserved
  EXPECT_EQ(DecodeCbor("").status().code(), StatusCode::kInvalidInput);
  std::string deep(100, static_cast<char>(0x81));
  deep.push_back(0x01);
  auto too_deep = DecodeCbor(deep);
  EXPECT_EQ(too_deep.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(too_deep.status().message().find("byte"), std::string::npos);
}

}  // namespace
}  // namespace kanaria::aws
