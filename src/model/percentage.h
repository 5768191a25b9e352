// Percentages as the pipeline writes them (`scale: 10`, `canary: 12.5`) and the ELB weights they
// become. PipeCD maps an integer p to weights (100 - p, p); kanaria adds one decimal, mapped to
// (1000 - 10p, 10p) since ELB weights are integers up to 999. More decimals are refused.
//
// The value decides the precision, not the spelling: "10.0" is 10 and maps to (90, 10), the same
// ratio as (900, 100), which also keeps 0 and 100 inside ELB's 0-999 range; "12.50" is 12.5.
// A YAML float has lost its spelling before it gets here, so this is the only rule both paths
// can agree on. PipeCD's "10%" spelling is accepted.
#pragma once

#include <string>
#include <utility>

#include "core/status.h"

namespace kanaria::model {

class Percentage {
 public:
  Percentage() = default;
  // REQUIRES: 0 <= tenths <= 1000.
  static Percentage FromTenths(int tenths, bool written_with_decimal);
  // "10", "12.5", "100", "0.5", "10%"; kInvalidInput for anything else (negative, above 100,
  // two or more significant decimals, not a number), the message as "150 is above 100; a
  // percentage from 0 to 100 with at most one decimal".
  static StatusOr<Percentage> Parse(const std::string& text);

  int tenths() const { return tenths_; }
  double value() const { return tenths_ / 10.0; }
  bool written_with_decimal() const { return written_with_decimal_; }
  bool IsZero() const { return tenths_ == 0; }

  // (primary weight, canary weight) when this is the canary's share: (100 - p, p) for a whole
  // value, (1000 - 10p, 10p) when it has a decimal.
  std::pair<int, int> Weights() const;
  // The complement (100 - p), written with the same precision.
  Percentage Complement() const;
  // "10" or "12.5" (a whole value prints without ".0").
  std::string ToString() const;

  bool operator==(const Percentage& other) const { return tenths_ == other.tenths_; }

 private:
  int tenths_ = 0;
  bool written_with_decimal_ = false;
};

}  // namespace kanaria::model
