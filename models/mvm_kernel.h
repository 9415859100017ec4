// The numeric core of an analog MVM on contiguous float matrices, written so that a plain -O2
// build (no -march=native) runs it with SIMD: a column-sum y = M^T a is computed as a row-major
// axpy over the inputs (y += a[r] * M[r, :]), four floats per vector operation.
#pragma once

#include <cstddef>

namespace kirchhoff {

// y[c] += sum_r a[r] * m[r * cols + c] for c < cols; rows with a[r] == 0 are skipped.
void gemv_accumulate(const float* m, int rows, int cols, const float* a, float* y);

// Output-referred read noise: y[c] += sqrt(time_factor_sq * sum_r var[r, c] a[r]^2) * z[c], with
// z the standard normals of the columns. `scratch` holds cols floats.
void add_output_referred_noise(const float* var, int rows, int cols, const float* a,
                               double time_factor_sq, const float* z, float* scratch, float* y);

}  // namespace kirchhoff
