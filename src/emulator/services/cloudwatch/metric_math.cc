#include "emulator/services/cloudwatch/metric_math.h"

#include <cctype>
#include <cstdlib>
#include <stdexcept>

namespace kanaria::emulator {
namespace {

struct Value {
  bool is_scalar = false;
  double scalar = 0;
  MetricSeries series;
};

// Parse errors unwind the recursive descent by exception, caught in EvaluateMetricMath only.
struct MathError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Parser {
 public:
  Parser(std::string_view text,
         const std::function<std::optional<MetricSeries>(const std::string&)>& lookup,
         const std::vector<WallTime>& grid)
      : text_(text), lookup_(lookup), grid_(grid) {}

  Value ParseAll() {
    Value value = Expression();
    SkipSpace();
    if (pos_ != text_.size()) Error("unexpected '" + std::string(1, text_[pos_]) + "'");
    return value;
  }

 private:
  [[noreturn]] void Error(const std::string& what) {
    throw MathError("Error in expression '" + std::string(text_) + "': " + what + " at position " +
                    std::to_string(pos_ + 1));
  }
  void SkipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool Take(char c) {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  Value Expression() {
    Value left = Term();
    while (true) {
      if (Take('+')) {
        left = Combine(left, Term(), '+');
      } else if (Take('-')) {
        left = Combine(left, Term(), '-');
      } else {
        return left;
      }
    }
  }
  Value Term() {
    Value left = Unary();
    while (true) {
      if (Take('*')) {
        left = Combine(left, Unary(), '*');
      } else if (Take('/')) {
        left = Combine(left, Unary(), '/');
      } else {
        return left;
      }
    }
  }
  Value Unary() {
    if (Take('-')) {
      Value zero;
      zero.is_scalar = true;
      return Combine(zero, Unary(), '-');
    }
    return Primary();
  }
  Value Primary() {
    SkipSpace();
    if (pos_ >= text_.size()) Error("unexpected end");
    if (Take('(')) {
      Value inner = Expression();
      if (!Take(')')) Error("expected ')'");
      return inner;
    }
    const char c = text_[pos_];
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      const std::string rest(text_.substr(pos_));
      char* end = nullptr;
      const double number = std::strtod(rest.c_str(), &end);
      if (end == rest.c_str()) Error("bad number");
      pos_ += static_cast<size_t>(end - rest.c_str());
      Value value;
      value.is_scalar = true;
      value.scalar = number;
      return value;
    }
    if (!std::isalpha(static_cast<unsigned char>(c)))
      Error("unexpected '" + std::string(1, c) + "'");
    const size_t start = pos_;
    while (pos_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) {
      ++pos_;
    }
    const std::string name(text_.substr(start, pos_ - start));
    if (Take('(')) return Function(name);
    std::optional<MetricSeries> series = lookup_(name);
    if (!series) Error("unknown metric id '" + name + "'");
    Value value;
    value.series = std::move(*series);
    return value;
  }
  Value Function(const std::string& name) {
    if (name != "FILL") Error("unsupported function " + name);
    Value series = Expression();
    if (!Take(',')) Error("FILL takes (series, number)");
    Value fill = Expression();
    if (!Take(')')) Error("expected ')'");
    if (series.is_scalar || !fill.is_scalar) Error("FILL takes (series, number)");
    for (const WallTime t : grid_) series.series.try_emplace(t, fill.scalar);
    return series;
  }

  static std::optional<double> Apply(double a, double b, char op) {
    switch (op) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      default:
        if (b == 0) return std::nullopt;
        return a / b;
    }
  }
  static Value Combine(const Value& a, const Value& b, char op) {
    Value out;
    if (a.is_scalar && b.is_scalar) {
      out.is_scalar = true;
      // A constant divided by zero has no value anywhere: an empty series.
      if (auto v = Apply(a.scalar, b.scalar, op)) {
        out.scalar = *v;
      } else {
        out.is_scalar = false;
      }
      return out;
    }
    if (a.is_scalar || b.is_scalar) {
      const MetricSeries& series = a.is_scalar ? b.series : a.series;
      for (const auto& [t, v] : series) {
        auto r = a.is_scalar ? Apply(a.scalar, v, op) : Apply(v, b.scalar, op);
        if (r) out.series.emplace(t, *r);
      }
      return out;
    }
    for (const auto& [t, v] : a.series) {
      const auto other = b.series.find(t);
      if (other == b.series.end()) continue;
      if (auto r = Apply(v, other->second, op)) out.series.emplace(t, *r);
    }
    return out;
  }

  std::string_view text_;
  size_t pos_ = 0;
  const std::function<std::optional<MetricSeries>(const std::string&)>& lookup_;
  const std::vector<WallTime>& grid_;
};

}  // namespace

StatusOr<MetricSeries> EvaluateMetricMath(
    std::string_view expression,
    const std::function<std::optional<MetricSeries>(const std::string& id)>& lookup,
    const std::vector<WallTime>& grid) {
  try {
    Value value = Parser(expression, lookup, grid).ParseAll();
    if (!value.is_scalar) return value.series;
    MetricSeries spread;
    for (const WallTime t : grid) spread.emplace(t, value.scalar);
    return spread;
  } catch (const MathError& error) {
    return InvalidInputError(error.what());
  }
}

}  // namespace kanaria::emulator
