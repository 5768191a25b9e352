#include "aws/credentials/shlex.h"

namespace kanaria::aws {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

StatusOr<std::vector<std::string>> ShellSplit(std::string_view text) {
  // The same state machine as shlex.read_token with posix=True and whitespace_split=True.
  enum class State { kBetween, kWord, kSingle, kDouble, kEscape };
  std::vector<std::string> words;
  std::string token;
  bool quoted = false;  // the current token had quotes, so "" is a (empty) word
  State state = State::kBetween;
  State escaped_from = State::kWord;
  auto finish = [&] {
    if (!token.empty() || quoted) words.push_back(token);
    token.clear();
    quoted = false;
  };
  for (const char c : text) {
    switch (state) {
      case State::kBetween:
      case State::kWord:
        if (IsSpace(c)) {
          if (state == State::kWord) finish();
          state = State::kBetween;
        } else if (c == '\'') {
          state = State::kSingle;
          quoted = true;
        } else if (c == '"') {
          state = State::kDouble;
          quoted = true;
        } else if (c == '\\') {
          escaped_from = State::kWord;
          state = State::kEscape;
        } else {
          token += c;
          state = State::kWord;
        }
        break;
      case State::kSingle:
        if (c == '\'') {
          state = State::kWord;
        } else {
          token += c;
        }
        break;
      case State::kDouble:
        if (c == '"') {
          state = State::kWord;
        } else if (c == '\\') {
          escaped_from = State::kDouble;
          state = State::kEscape;
        } else {
          token += c;
        }
        break;
      case State::kEscape:
        // Inside double quotes a backslash only escapes '"' and '\'; elsewhere it stays.
        if (escaped_from == State::kDouble && c != '"' && c != '\\') token += '\\';
        token += c;
        state = escaped_from;
        break;
    }
  }
  if (state == State::kSingle || state == State::kDouble) {
    return InvalidInputError("No closing quotation");
  }
  if (state == State::kEscape) return InvalidInputError("No escaped character");
  if (state == State::kWord) finish();
  return words;
}

}  // namespace kanaria::aws
