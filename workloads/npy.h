// NumPy .npy files: float32 and uint8 arrays, little-endian, C order, header versions 1 and 2
// (NumPy format spec, numpy/lib/format.py). Anything else (Fortran order, other dtypes,
// big-endian, a truncated file) is a WorkloadError that names the file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "workloads/workload_graph.h"

namespace kirchhoff {

struct NpyArray {
  enum class Dtype { kFloat32, kUint8 };
  Dtype dtype = Dtype::kFloat32;
  Shape shape;                   // () for a scalar
  std::vector<float> f32;        // filled when dtype is float32
  std::vector<std::uint8_t> u8;  // filled when dtype is uint8
  std::int64_t size() const { return numel(shape); }
};

NpyArray read_npy(const std::string& path);
// Reads a float32 array; throws WorkloadError when the dtype is not float32 or, when
// `expected_shape` is given, when the shape differs ("file: shape [3, 4], expected [4, 3]").
std::vector<float> read_npy_f32(const std::string& path, const Shape* expected_shape = nullptr,
                                Shape* shape_out = nullptr);

// Writes version 1.0 files (2.0 when the header needs it) under a temporary name and renames
// them into place. Throws WorkloadError when the sizes disagree or the file cannot be written.
void write_npy(const std::string& path, const Shape& shape, const std::vector<float>& data);
void write_npy(const std::string& path, const Shape& shape, const std::vector<std::uint8_t>& data);

}  // namespace kirchhoff
