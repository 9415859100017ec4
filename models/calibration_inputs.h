// The fixed inputs of a drift-compensation calibration: a randomised Walsh-Hadamard set. For a
// tile using `rows` inputs there are N = the smallest power of two >= rows patterns; pattern k
// drives input r with
//   h_k(r) = s_r * (-1)^popcount(k & r)          (+-1, "full scale")
// where s_r = +-1 is a fixed pseudo-random sign per input (seed kCalibrationSeed). The patterns
// are mutually orthogonal over the used inputs (sum_k h_k(r) h_k(r') = N [r == r']), so for any
// two weight columns a, b
//   sum_k (h_k . a) (h_k . b) = N (a . b):
// a least-squares fit over the N calibration reads equals the fit over the whole weight column,
// i.e. over all inputs with independent entries. The random signs keep any one pattern from
// lining up with the structure of a weight column (all-ones on a zero-mean column reads ~0, and
// pattern 0 of a plain Hadamard set is all-ones). With an unsigned DAC the -1 entries are
// applied as 0.
#pragma once

#include <cstdint>
#include <vector>

namespace kirchhoff {

constexpr std::uint64_t kCalibrationSeed = 0x43414c4942ULL;  // "CALIB": fixed, design choice

// N: the smallest power of two >= rows (rows >= 1).
int calibration_input_count(int rows);

// The fixed signs s_r of inputs 0 .. rows-1.
std::vector<float> calibration_signs(int rows);

// Pattern k (0 <= k < calibration_input_count(rows)) times amplitude, `rows` values; with
// is_signed false the -1 entries are 0.
std::vector<float> calibration_input(int k, int rows, double amplitude, bool is_signed);

// The noise-free outputs of every pattern on a row-major rows x cols matrix m:
// out[k * cols + c] = sum_r x_k(r) m[r * cols + c] with x_k = calibration_input(k, ...), by a
// fast Walsh-Hadamard transform (N log N x cols operations instead of N x rows x cols).
std::vector<float> calibration_outputs(const std::vector<float>& m, int rows, int cols,
                                       double amplitude, bool is_signed);

}  // namespace kirchhoff
