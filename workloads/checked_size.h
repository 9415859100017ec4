// Checked arithmetic for sizes computed from a file (tensor dimensions, element counts, byte
// counts, convolution geometry): a product, sum or narrowing that does not fit its type throws a
// WorkloadError that starts with `context` (the file and the place) instead of wrapping, which
// would be undefined behaviour for signed types and a huge allocation or a crash afterwards.
#pragma once

#include <climits>
#include <cstdint>
#include <string>

#include "workloads/workload_error.h"

namespace kirchhoff {

[[noreturn]] inline void size_overflow(const std::string& context, const std::string& what) {
  throw WorkloadError(context + ": " + what);
}

// a * b; throws when it does not fit in int64.
inline std::int64_t checked_mul(std::int64_t a, std::int64_t b, const std::string& context) {
  std::int64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r)) {
    size_overflow(context, std::to_string(a) + " x " + std::to_string(b) +
                               " overflows a 64-bit size; allowed: at most 2^63 - 1");
  }
  return r;
}

// a + b; throws when it does not fit in int64.
inline std::int64_t checked_add(std::int64_t a, std::int64_t b, const std::string& context) {
  std::int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) {
    size_overflow(context, std::to_string(a) + " + " + std::to_string(b) +
                               " overflows a 64-bit size; allowed: at most 2^63 - 1");
  }
  return r;
}

// `v` as an int when lo <= v <= hi; otherwise throws "<context>: <what> is v; allowed: integer
// in [lo, hi]". The IR keeps layer sizes and geometry in int.
inline int checked_int(std::int64_t v, const std::string& context, const std::string& what,
                       std::int64_t lo = INT_MIN, std::int64_t hi = INT_MAX) {
  if (v < lo || v > hi) {
    size_overflow(context, what + " is " + std::to_string(v) + "; allowed: integer in [" +
                               std::to_string(lo) + ", " + std::to_string(hi) + "]");
  }
  return static_cast<int>(v);
}

// Element count of a shape whose dimensions must be >= 0; throws naming `context` when a
// dimension is negative or the product does not fit in int64.
template <class Dims>
std::int64_t checked_numel(const Dims& shape, const std::string& context) {
  std::int64_t n = 1;
  for (const auto d : shape) {
    const auto dim = static_cast<std::int64_t>(d);
    if (dim < 0) {
      size_overflow(context,
                    "dimension " + std::to_string(dim) + " is negative; allowed: dimensions >= 0");
    }
    std::int64_t r = 0;
    if (__builtin_mul_overflow(n, dim, &r)) {
      std::string dims;
      for (const auto e : shape) dims += (dims.empty() ? "" : ", ") + std::to_string(e);
      size_overflow(context, "shape [" + dims +
                                 "] has more elements than fit in a 64-bit count; allowed: at "
                                 "most 2^63 - 1 elements");
    }
    n = r;
  }
  return n;
}

}  // namespace kirchhoff
