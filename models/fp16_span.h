// Rounding a run of floats to IEEE binary16 values (round_to_fp16 of each, numeric_format.h),
// eight at a time with F16C where the processor has it: the DPU rounds every operand it loads,
// and one call per element was the largest single item of a whole-chip CNN run's profile.
// The same values as round_to_fp16 element by element, NaN included (a block holding a NaN
// takes the scalar path, which makes it the canonical quiet NaN); KIRCHHOFF_SIMD=sse2 forces the
// scalar path, as for round_to_fp16.
#pragma once

#include <cstddef>

namespace kirchhoff {

// out[i] = round_to_fp16(in[i]) for i < n; `out` may be `in`.
void round_floats_to_fp16(const float* in, float* out, std::size_t n);
// acc[i] = round_to_fp16(double(acc[i]) + round_to_fp16(x[i])) for i < n (the DPU's accumulate;
// acc holds binary16 values). The sum is taken in float when it is exact there (checked per
// element with Knuth's two-sum: a block with any inexact, infinite or NaN sum goes the scalar
// way), so its one rounding to binary16 is the double sum's.
void accumulate_fp16(float* acc, const float* x, std::size_t n);

}  // namespace kirchhoff
