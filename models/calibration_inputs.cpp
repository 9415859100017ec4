#include "models/calibration_inputs.h"

#include <bitset>
#include <stdexcept>

#include "models/random_stream.h"

namespace kirchhoff {

int calibration_input_count(int rows) {
  if (rows < 1 || rows > (1 << 30)) throw std::invalid_argument("calibration: rows out of range");
  int n = 1;
  while (n < rows) n <<= 1;
  return n;
}

namespace {

// The signs of `rows` rows, drawn once per thread for the last row count asked for (every
// calibration read of every tile asks again: one Philox call per four rows, not per row).
const std::vector<float>& cached_signs(int rows) {
  thread_local std::vector<float> signs;
  if (signs.size() != static_cast<std::size_t>(rows)) {
    const RandomStream rng(kCalibrationSeed, "calibration input");
    std::vector<double> u(static_cast<std::size_t>(rows));
    rng.uniforms(0, 0, u.data(), u.size());  // the same numbers as uniform(0, r)
    signs.resize(u.size());
    for (std::size_t r = 0; r < u.size(); ++r) signs[r] = u[r] < 0.5 ? -1.0f : 1.0f;
  }
  return signs;
}

}  // namespace

std::vector<float> calibration_signs(int rows) {
  return cached_signs(rows);
}

std::vector<float> calibration_input(int k, int rows, double amplitude, bool is_signed) {
  const std::vector<float>& s = cached_signs(rows);
  std::vector<float> x(static_cast<std::size_t>(rows));
  for (int r = 0; r < rows; ++r) {
    const bool odd = std::bitset<32>(static_cast<unsigned>(k & r)).count() % 2 != 0;
    const float h = odd ? -s[r] : s[r];
    x[r] = is_signed || h > 0.0f ? static_cast<float>(amplitude) * h : 0.0f;
  }
  return x;
}

std::vector<float> calibration_outputs(const std::vector<float>& m, int rows, int cols,
                                       double amplitude, bool is_signed) {
  const int n = calibration_input_count(rows);
  const std::size_t w = static_cast<std::size_t>(cols);
  const std::vector<float> s = calibration_signs(rows);
  std::vector<float> out(static_cast<std::size_t>(n) * w, 0.0f);
  for (int r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < w; ++c) out[r * w + c] = s[r] * m[r * w + c];
  }
  // In-place Walsh-Hadamard transform along the rows: after it, row k holds
  // sum_r (-1)^popcount(k & r) s_r m[r].
  for (int len = 1; len < n; len <<= 1) {
    for (int i = 0; i < n; i += 2 * len) {
      for (int j = i; j < i + len; ++j) {
        float* a = out.data() + static_cast<std::size_t>(j) * w;
        float* b = a + static_cast<std::size_t>(len) * w;
        for (std::size_t c = 0; c < w; ++c) {
          const float u = a[c], v = b[c];
          a[c] = u + v;
          b[c] = u - v;
        }
      }
    }
  }
  if (is_signed) {
    const float amp = static_cast<float>(amplitude);
    for (float& v : out) v *= amp;
    return out;
  }
  // Unsigned: x_k = amplitude (1 + h_k) / 2, so the output is amplitude (colsum + H m) / 2.
  std::vector<double> colsum(w, 0.0);
  for (int r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < w; ++c) colsum[c] += m[r * w + c];
  }
  for (int k = 0; k < n; ++k) {
    float* o = out.data() + static_cast<std::size_t>(k) * w;
    for (std::size_t c = 0; c < w; ++c)
      o[c] = static_cast<float>(0.5 * amplitude * (colsum[c] + o[c]));
  }
  return out;
}

}  // namespace kirchhoff
