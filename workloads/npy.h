// NumPy .npy files, little-endian, C order, header versions 1, 2 and 3 (NumPy format spec,
// numpy/lib/format.py). Dtypes: float32, float64, float16, int8/16/32/64 and uint8/16/32/64
// ('|' or '<' byte order; '>' for the one-byte types). Anything else (Fortran order, another
// dtype, big-endian, a truncated file, a shape whose size does not fit in 64 bits, a directory)
// is a WorkloadError that names the file and, for the data, the element's byte offset.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "workloads/workload_graph.h"

namespace kirchhoff {

struct NpyArray {
  enum class Dtype {
    kFloat32,
    kUint8,
    kFloat64,
    kFloat16,
    kInt8,
    kInt16,
    kInt32,
    kInt64,
    kUint16,
    kUint32,
    kUint64,
  };
  Dtype dtype = Dtype::kFloat32;
  Shape shape;                    // () for a scalar
  std::vector<float> f32;         // filled when dtype is float32
  std::vector<std::uint8_t> u8;   // filled when dtype is uint8
  std::vector<double> f64;        // filled when dtype is float64 or float16 (exact)
  std::vector<std::int64_t> i64;  // filled for the other integer dtypes (uint64 <= 2^63 - 1)
  std::size_t data_offset = 0;    // byte offset of element 0 in the file
  std::int64_t size() const { return numel(shape); }
  bool is_float() const {
    return dtype == Dtype::kFloat32 || dtype == Dtype::kFloat64 || dtype == Dtype::kFloat16;
  }
  std::size_t item_bytes() const;
  // Element i as a double (exact for every dtype but int64 beyond 2^53).
  double value(std::size_t i) const;
  // Byte offset of element i in the file, for messages.
  std::size_t byte_offset(std::size_t i) const { return data_offset + i * item_bytes(); }
};
const char* to_string(NpyArray::Dtype d);  // "float32", "uint8", ...

NpyArray read_npy(const std::string& path);
// The same from the bytes of a file; `path` names it in messages.
NpyArray read_npy_bytes(const std::string& bytes, const std::string& path);
// Reads a float32 array; throws WorkloadError when the dtype is not float32 or, when
// `expected_shape` is given, when the shape differs ("file: shape [3, 4], expected [4, 3]").
std::vector<float> read_npy_f32(const std::string& path, const Shape* expected_shape = nullptr,
                                Shape* shape_out = nullptr);

// Writes version 1.0 files (2.0 when the header needs it) under a temporary name and renames
// them into place. Throws WorkloadError when the sizes disagree or the file cannot be written.
// The .npy preamble (magic, version, header length, header dict padded to 64 bytes) of an
// array of `shape` and numpy dtype `descr` ("<f4"); the data follows it.
std::string npy_preamble(const Shape& shape, const char* descr);
void write_npy(const std::string& path, const Shape& shape, const std::vector<float>& data);
void write_npy(const std::string& path, const Shape& shape, const std::vector<std::uint8_t>& data);

}  // namespace kirchhoff
