// The numeric core of an analog MVM on contiguous row-major matrices, written so that a plain
// -O2 build (no -march=native) runs it with SIMD: a column sum y = M^T a is a row-major axpy over
// the inputs (y += a[r] * M[r, :]), four floats per vector operation, four rows per pass over y.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace kirchhoff {

// y[c] += sum_r a[r] * m[r * cols + c] for c < cols.
void gemv_accumulate(const float* m, int rows, int cols, const float* a, float* y);

// Variances stored as bfloat16 (the upper 16 bits of a float: 8 significant bits, relative
// error <= 2^-9): a noise variance needs no more, and half the bytes keep the second GEMV of
// the output-referred noise cheap.
std::uint16_t to_bfloat16(float v);
float from_bfloat16(std::uint16_t v);

// s[c] += sum_r a[r]^2 * var[r * cols + c] for c < cols (var in bfloat16).
void variance_gemv_accumulate(const std::uint16_t* var, int rows, int cols, const float* a,
                              float* s);

// Both of the above in one pass over the rows (the output-referred read noise needs the two
// column sums of the same inputs): per column the same products and sums in the same order as
// gemv_accumulate and variance_gemv_accumulate, so the same bits, with half the passes over y
// and s and one loop over the two matrices' rows.
void gemv_and_variance_accumulate(const float* m, const std::uint16_t* var, int rows, int cols,
                                  const float* a, float* y, float* s);

// z[c] += sqrt(tf2 * var[c] + out_var) * normal[c] for c < n, in float (the output noise of a
// column: read-noise variance times the time factor squared, plus the ADC's), eight columns per
// AVX2 operation with the scalar expression's bits (the square root is exact-rounded on both).
void add_output_noise(const float* var, const float* normal, float tf2, float out_var, int n,
                      float* z);

}  // namespace kirchhoff
