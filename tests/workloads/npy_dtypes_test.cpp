// .npy dtypes beyond float32/uint8 (files written by numpy, tools/make_bad_inputs.py) and the
// header values that used to crash or wrap: a shape beyond int64, an element or byte count that
// wraps, a directory, an empty array, a uint64 beyond int64. Each error names the file.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>

#include "tests/common/thrown_message.h"
#include "workloads/npy.h"
#include "workloads/workload_error.h"

namespace kirchhoff {
namespace {

const std::string kData = KIRCHHOFF_TEST_DATA_DIR;

std::string error_of(const std::string& path) {
  return kirchhoff::test::thrown_message<WorkloadError>([&] { read_npy(path); }, "no error");
}

std::filesystem::path tmp_dir() {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("kirchhoff_npy_dtypes_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

// A version 1.0 file with a hand-written header and raw data bytes.
std::string raw_npy(const std::string& name, const std::string& descr, const std::string& shape,
                    const std::string& data) {
  std::string header =
      "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  const std::string path = (tmp_dir() / name).string();
  std::ofstream out(path, std::ios::binary);
  out.write("\x93NUMPY\x01\x00", 8);
  const char len[2] = {static_cast<char>(header.size() & 0xff),
                       static_cast<char>(header.size() >> 8)};
  out.write(len, 2);
  out << header << data;
  return path;
}

TEST(NpyDtypes, ReadsEveryIntegerAndFloatDtypeNumpyWrites) {
  const std::vector<std::pair<std::string, NpyArray::Dtype>> files = {
      {"float64", NpyArray::Dtype::kFloat64}, {"float16", NpyArray::Dtype::kFloat16},
      {"int8", NpyArray::Dtype::kInt8},       {"int16", NpyArray::Dtype::kInt16},
      {"int32", NpyArray::Dtype::kInt32},     {"int64", NpyArray::Dtype::kInt64},
      {"uint16", NpyArray::Dtype::kUint16},   {"uint32", NpyArray::Dtype::kUint32},
      {"uint64", NpyArray::Dtype::kUint64},
  };
  for (const auto& [name, dtype] : files) {
    const NpyArray a = read_npy(kData + "/dtypes/a_" + name + ".npy");
    EXPECT_EQ(a.dtype, dtype) << name;
    EXPECT_STREQ(to_string(a.dtype), name.c_str());
    ASSERT_EQ(a.shape, (Shape{2, 3})) << name;
    for (std::size_t i = 0; i < 6; ++i) EXPECT_EQ(a.value(i), static_cast<double>(i)) << name;
    EXPECT_EQ(a.byte_offset(5), a.data_offset + 5 * a.item_bytes());
  }
  // float64 of float32 values converts back exactly.
  const NpyArray f64 = read_npy(kData + "/bad_float64.npy");
  const NpyArray f32 = read_npy(kData + "/good_3x4.npy");
  ASSERT_EQ(f64.size(), f32.size());
  for (std::size_t i = 0; i < f32.f32.size(); ++i) EXPECT_EQ(f64.value(i), f32.f32[i]);
}

TEST(NpyDtypes, Float16IsConvertedExactlyIncludingSubnormalsAndInfinity) {
  // 1.0, the smallest subnormal 2^-24, -2.0, +inf, 65504 (largest finite), 2^-14 (smallest normal)
  const unsigned char bits[] = {0x00, 0x3c, 0x01, 0x00, 0x00, 0xc0,
                                0x00, 0x7c, 0xff, 0x7b, 0x00, 0x04};
  const std::string path =
      raw_npy("half.npy", "<f2", "(6,)", std::string(reinterpret_cast<const char*>(bits), 12));
  const NpyArray a = read_npy(path);
  EXPECT_EQ(a.value(0), 1.0);
  EXPECT_EQ(a.value(1), std::ldexp(1.0, -24));
  EXPECT_EQ(a.value(2), -2.0);
  EXPECT_EQ(a.value(3), std::numeric_limits<double>::infinity());
  EXPECT_EQ(a.value(4), 65504.0);
  EXPECT_EQ(a.value(5), std::ldexp(1.0, -14));
}

TEST(NpyDtypes, ShapeDigitsBeyondInt64AreAnErrorNotAnException) {
  const std::string e = error_of(kData + "/bad/shape_digits.npy");
  EXPECT_NE(e.find("shape_digits.npy: npy shape (99999999999999999999999, 1): dimension "),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("does not fit in 64 bits; allowed: at most 2^63 - 1"), std::string::npos) << e;
}

TEST(NpyDtypes, ElementAndByteCountsThatWrapAreErrors) {
  const std::string count = error_of(kData + "/bad/count_wraps.npy");
  EXPECT_NE(count.find("count_wraps.npy: npy shape (4294967296, 4294967296): shape "
                       "[4294967296, 4294967296] has more elements than fit in a 64-bit count"),
            std::string::npos)
      << count;
  const std::string bytes = error_of(kData + "/bad/bytes_wrap.npy");
  EXPECT_NE(bytes.find("bytes_wrap.npy: npy shape (2305843009213693952, 2): "
                       "4611686018427387904 x 4 overflows a 64-bit size"),
            std::string::npos)
      << bytes;
  // A count that fits but is not backed by data: truncated, with the byte offset of the data.
  const std::string big = error_of(raw_npy("big.npy", "<f4", "(1000000000000,)", ""));
  EXPECT_NE(big.find("big.npy: truncated .npy file: shape [1000000000000] needs 4000000000000 "
                     "data bytes from byte offset 128, the file has 0"),
            std::string::npos)
      << big;
}

TEST(NpyDtypes, ADirectoryIsNotAFile) {
  const auto dir = tmp_dir() / "inputs.npy";
  std::filesystem::create_directories(dir);
  const std::string e = error_of(dir.string());
  EXPECT_NE(e.find("inputs.npy: is a directory; expected a .npy file"), std::string::npos) << e;
}

TEST(NpyDtypes, EmptyArraysReadBackEmpty) {
  // Zero elements: no data copy from a null pointer (UBSan checks memcpy's arguments).
  for (const std::string descr : {"<f4", "|u1", "<f8", "<i8"}) {
    const NpyArray a = read_npy(raw_npy("empty.npy", descr, "(0, 3)", ""));
    EXPECT_EQ(a.shape, (Shape{0, 3}));
    EXPECT_EQ(a.size(), 0);
  }
  const std::string path = (tmp_dir() / "empty_written.npy").string();
  write_npy(path, Shape{0}, std::vector<float>{});
  EXPECT_EQ(read_npy(path).size(), 0);
}

TEST(NpyDtypes, Uint64BeyondInt64NamesTheByteOffset) {
  std::string data(16, '\0');
  data[15] = static_cast<char>(0x80);  // element 1 = 2^63
  const std::string e = error_of(raw_npy("u64.npy", "<u8", "(2,)", data));
  EXPECT_NE(e.find("u64.npy: uint64 element 1 at byte offset 136 is 9223372036854775808; allowed: "
                   "at most 2^63 - 1"),
            std::string::npos)
      << e;
}

}  // namespace
}  // namespace kirchhoff
