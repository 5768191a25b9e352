#include "model/digest.h"

#include <gtest/gtest.h>

namespace kanaria::model {
namespace {

TEST(DigestTest, Sha256KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(DigestTest, CanonicalJsonSortsKeysAndDropsWhitespace) {
  EXPECT_EQ(CanonicalJson(nlohmann::json::parse(R"({ "b": [1, {"d": 2, "c": 3}], "a": "x" })")),
            R"({"a":"x","b":[1,{"c":3,"d":2}]})");
}

TEST(DigestTest, EveryPartCountsAndPartsDoNotBleed) {
  const nlohmann::json s = {{"cluster", "c"}};
  const nlohmann::json t = {{"family", "f"}};
  const std::string base = ApplicationDigest("config", s, t);
  EXPECT_EQ(base.size(), 64u);
  EXPECT_EQ(ApplicationDigest("config", s, t), base);
  EXPECT_NE(ApplicationDigest("config ", s, t), base);
  EXPECT_NE(ApplicationDigest("config", t, s), base);
  EXPECT_NE(ApplicationDigest("config", s, {{"family", "g"}}), base);
}

TEST(DigestTest, UserSettingsCountOnlyWhenThereAreSome) {
  const nlohmann::json s = {{"cluster", "c"}};
  const nlohmann::json t = {{"family", "f"}};
  const std::string base = ApplicationDigest("config", s, t);
  EXPECT_EQ(ApplicationDigest("config", s, t, nullptr), base);
  const nlohmann::json user = {{"prom", {{"type", "prometheus"}, {"address", "http://a"}}}};
  const std::string with_user = ApplicationDigest("config", s, t, user);
  EXPECT_NE(with_user, base);
  EXPECT_NE(ApplicationDigest("config", s, t, {{"prom", {{"address", "http://b"}}}}), with_user);
}

}  // namespace
}  // namespace kanaria::model
