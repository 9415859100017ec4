// .npy reader/writer: float32 and uint8 round trips (header versions 1 and 2), files written by
// numpy, and a WorkloadError naming the file for Fortran order, other dtypes, truncation.
#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>

#include "tests/common/thrown_message.h"
#include "workloads/npy.h"
#include "workloads/workload_error.h"

namespace kirchhoff {
namespace {

const std::string kData = KIRCHHOFF_TEST_DATA_DIR;

std::string tmp_path(const std::string& name) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("kirchhoff_npy_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

std::string error_of(const std::string& path) {
  return kirchhoff::test::thrown_message<WorkloadError>([&] { read_npy(path); }, "no error");
}

TEST(Npy, ReadsNumpyFloat32AndUint8) {
  const NpyArray f = read_npy(kData + "/fmnist_inputs.npy");
  EXPECT_EQ(f.dtype, NpyArray::Dtype::kFloat32);
  EXPECT_EQ(f.shape, (Shape{32, 784}));
  const NpyArray u = read_npy(kData + "/fmnist_u8.npy");
  EXPECT_EQ(u.dtype, NpyArray::Dtype::kUint8);
  EXPECT_EQ(u.shape, (Shape{32, 28, 28}));
  ASSERT_EQ(u.u8.size(), 32u * 784);
  // fmnist_inputs = fmnist_u8 / 255 (written by tools/make_test_models.py).
  for (std::size_t i = 0; i < 784; ++i) EXPECT_FLOAT_EQ(f.f32[i], u.u8[i] / 255.0f);
  const NpyArray labels = read_npy(kData + "/fmnist_labels.npy");
  EXPECT_EQ(labels.shape, (Shape{32}));
  for (auto l : labels.u8) EXPECT_LT(l, 10);
}

TEST(Npy, RoundTripsFloatAndUint8) {
  const std::vector<float> v = {1.5f, -2.0f, 3.25f, 0.0f, 7.0f, -1e-3f};
  write_npy(tmp_path("a.npy"), {2, 3}, v);
  Shape s;
  EXPECT_EQ(read_npy_f32(tmp_path("a.npy"), nullptr, &s), v);
  EXPECT_EQ(s, (Shape{2, 3}));
  const std::vector<std::uint8_t> u = {0, 1, 255};
  write_npy(tmp_path("u.npy"), {3}, u);
  EXPECT_EQ(read_npy(tmp_path("u.npy")).u8, u);
  write_npy(tmp_path("scalar.npy"), {}, std::vector<float>{4.0f});
  EXPECT_EQ(read_npy(tmp_path("scalar.npy")).shape, Shape{});
  EXPECT_FALSE(std::filesystem::exists(tmp_path("a.npy.tmp")));
}

TEST(Npy, ReadsHeaderVersion2) {
  // Version 2.0: 4-byte header length.
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
  header.append(128 - 12 - header.size() - 1, ' ');
  header += '\n';
  std::ofstream out(tmp_path("v2.npy"), std::ios::binary);
  out.write("\x93NUMPY\x02\x00", 8);
  const std::uint32_t len = static_cast<std::uint32_t>(header.size());
  out.write(reinterpret_cast<const char*>(&len), 4);
  out << header;
  const float data[2] = {1.0f, 2.0f};
  out.write(reinterpret_cast<const char*>(data), sizeof data);
  out.close();
  EXPECT_EQ(read_npy_f32(tmp_path("v2.npy")), (std::vector<float>{1.0f, 2.0f}));
}

TEST(Npy, ShapeCheckNamesFileAndShapes) {
  const Shape want = {4, 3};
  try {
    read_npy_f32(kData + "/good_3x4.npy", &want);
    FAIL() << "no error";
  } catch (const WorkloadError& e) {
    EXPECT_NE(std::string(e.what()).find("good_3x4.npy: shape [3, 4], expected [4, 3]"),
              std::string::npos)
        << e.what();
  }
}

TEST(Npy, FortranOrderIsRejected) {
  const std::string e = error_of(kData + "/bad_fortran.npy");
  EXPECT_NE(e.find("bad_fortran.npy: Fortran-order arrays are not supported"), std::string::npos)
      << e;
}

TEST(Npy, OtherDtypesAreRejected) {
  // float64 is read now (bad_float64.npy keeps its old name); complex and big-endian are not.
  const std::string e = error_of(kData + "/bad/complex64.npy");
  EXPECT_NE(e.find("complex64.npy: unsupported dtype '<c8'"), std::string::npos) << e;
  EXPECT_NE(e.find("supported, little-endian: float32 '<f4', float64 '<f8', float16 '<f2'"),
            std::string::npos)
      << e;
  EXPECT_NE(error_of(kData + "/bad/big_endian.npy").find("unsupported dtype '>f4'"),
            std::string::npos);
  // uint8 where float32 is needed.
  try {
    read_npy_f32(kData + "/fmnist_u8.npy");
    ADD_FAILURE() << "no error";
  } catch (const WorkloadError& x) {
    EXPECT_NE(std::string(x.what()).find("fmnist_u8.npy: dtype is uint8, expected float32"),
              std::string::npos)
        << x.what();
  }
}

TEST(Npy, TruncatedFileIsRejected) {
  const std::string e = error_of(kData + "/bad_truncated.npy");
  EXPECT_NE(e.find("bad_truncated.npy: truncated .npy file"), std::string::npos) << e;
  EXPECT_NE(error_of(kData + "/bad_truncated.onnx").find("not a .npy file"), std::string::npos);
  EXPECT_NE(error_of(kData + "/missing.npy").find("missing.npy: cannot open"), std::string::npos);
}

}  // namespace
}  // namespace kirchhoff
