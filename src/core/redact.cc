#include "core/redact.h"

#include <algorithm>
#include <mutex>
#include <regex>
#include <set>

namespace kanaria {
namespace {

std::mutex& SecretsMutex() {
  static std::mutex mu;
  return mu;
}

std::set<std::string, std::greater<>>& Secrets() {
  // Longest first would be ideal; a reverse-ordered set at least puts extensions of a prefix
  // before the prefix.
  static std::set<std::string, std::greater<>> secrets;
  return secrets;
}

void ReplaceAll(std::string& text, const std::string& needle) {
  size_t pos = 0;
  while ((pos = text.find(needle, pos)) != std::string::npos) {
    text.replace(pos, needle.size(), kRedacted);
    pos += kRedacted.size();
  }
}

const std::regex& ShapePattern() {
  // Group 1 keeps the key and separator; the value that follows is replaced.
  static const std::regex pattern(
      R"RE((Signature=|X-Amz-Signature=|X-Amz-Security-Token[=:]\s*|x-amz-security-token[=:]\s*|)RE"
      R"RE("(?:SecretAccessKey|SessionToken|secretAccessKey|sessionToken|Token|token|WebIdentityToken)"\s*:\s*"|)RE"
      R"RE(<(?:SecretAccessKey|SessionToken)>|)RE"
      R"RE((?:aws_secret_access_key|aws_session_token|WebIdentityToken)\s*=\s*))RE"
      R"RE([^\s",&<]+)RE");
  return pattern;
}

}  // namespace

void RegisterSecret(std::string_view secret) {
  if (secret.size() < 8) return;
  std::lock_guard<std::mutex> lock(SecretsMutex());
  Secrets().emplace(secret);
}

std::string Scrub(std::string_view text) {
  std::string out(text);
  {
    std::lock_guard<std::mutex> lock(SecretsMutex());
    for (const auto& secret : Secrets()) ReplaceAll(out, secret);
  }
  return std::regex_replace(out, ShapePattern(), "$1" + std::string(kRedacted));
}

}  // namespace kanaria
