#include "models/mvm_kernel.h"

#include <cmath>
#include <cstring>
#include <vector>

namespace kirchhoff {
namespace {

// Four floats in one SSE/NEON register (GCC/Clang vector extension, no -march needed).
typedef float Float4 __attribute__((vector_size(16)));
constexpr int kLanes = 4;
constexpr int kUnroll = 2 * kLanes;

inline Float4 load4(const float* p) {
  Float4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store4(float* p, Float4 v) {
  std::memcpy(p, &v, sizeof v);
}

// y[0..n) += a * x[0..n)
inline void axpy(float a, const float* __restrict x, float* __restrict y, int n) {
  const Float4 av = {a, a, a, a};
  int c = 0;
  for (; c + kUnroll <= n; c += kUnroll) {
    store4(y + c, load4(y + c) + av * load4(x + c));
    store4(y + c + kLanes, load4(y + c + kLanes) + av * load4(x + c + kLanes));
  }
  for (; c + kLanes <= n; c += kLanes) store4(y + c, load4(y + c) + av * load4(x + c));
  for (; c < n; ++c) y[c] += a * x[c];
}

}  // namespace

void gemv_accumulate(const float* m, int rows, int cols, const float* a, float* y) {
  for (int r = 0; r < rows; ++r) {
    if (a[r] != 0.0f) axpy(a[r], m + static_cast<std::size_t>(r) * cols, y, cols);
  }
}

void add_output_referred_noise(const float* var, int rows, int cols, const float* a,
                               double time_factor_sq, const float* z, float* scratch, float* y) {
  std::memset(scratch, 0, sizeof(float) * static_cast<std::size_t>(cols));
  for (int r = 0; r < rows; ++r) {
    const float a2 = a[r] * a[r];
    if (a2 != 0.0f) axpy(a2, var + static_cast<std::size_t>(r) * cols, scratch, cols);
  }
  const float f = static_cast<float>(time_factor_sq);
  for (int c = 0; c < cols; ++c) y[c] += std::sqrt(f * scratch[c]) * z[c];
}

}  // namespace kirchhoff
