// The trained Fashion-MNIST networks of data/fmnist/ (written by tools/train_fmnist.py): each
// shipped ONNX file imports, and its float reference classifies the 1,000-image test subset with
// exactly the top-1 count data/fmnist/README.md records (the count torch computed when it
// trained the model). The images go in as pixel / 255 in float32, as `kirchhoff run` scales
// uint8 inputs by default.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "workloads/npy.h"
#include "workloads/onnx_importer.h"
#include "workloads/reference_model.h"

namespace kirchhoff {
namespace {

const std::string kFmnist = std::string(KIRCHHOFF_SOURCE_DIR) + "/data/fmnist";
constexpr std::size_t kImages = 1000;
constexpr std::size_t kPixels = 28 * 28;

// The int64 labels as numpy writes them (header version 1, '<i8', C order, shape (N,)); read
// here because workloads/npy.h reads float32 and uint8 only.
std::vector<std::int64_t> read_int64_labels(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_GE(bytes.size(), 10u) << path;
  if (bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0 || bytes[6] != 1) return {};
  const std::size_t header_len =
      static_cast<unsigned char>(bytes[8]) |
      (static_cast<std::size_t>(static_cast<unsigned char>(bytes[9])) << 8);
  const std::string header = bytes.substr(10, header_len);
  EXPECT_NE(header.find("'descr': '<i8'"), std::string::npos) << header;
  EXPECT_NE(header.find("'fortran_order': False"), std::string::npos) << header;
  EXPECT_NE(header.find("'shape': (" + std::to_string(kImages) + ",)"), std::string::npos)
      << header;
  const std::size_t data = 10 + header_len;
  std::vector<std::int64_t> v((bytes.size() - data) / 8);
  std::memcpy(v.data(), bytes.data() + data, v.size() * 8);  // little-endian, as the header says
  return v;
}

struct Subset {
  std::vector<std::vector<float>> images;  // pixel / 255, row-major 28 x 28
  std::vector<int> labels;
};

const Subset& subset() {
  static const Subset s = [] {
    Subset d;
    const NpyArray img = read_npy(kFmnist + "/test_images_u8.npy");
    EXPECT_EQ(img.dtype, NpyArray::Dtype::kUint8);
    EXPECT_EQ(img.shape, (Shape{kImages, 28, 28}));
    for (std::size_t n = 0; n < kImages; ++n) {
      std::vector<float> x(kPixels);
      for (std::size_t i = 0; i < kPixels; ++i)
        x[i] = static_cast<float>(img.u8.at(n * kPixels + i) * (1.0 / 255.0));
      d.images.push_back(std::move(x));
    }
    const NpyArray labels = read_npy(kFmnist + "/test_labels_u8.npy");
    d.labels.assign(labels.u8.begin(), labels.u8.end());
    return d;
  }();
  return s;
}

// Images the float reference of `model` classifies correctly.
int correct(const std::string& model, const Shape& input_shape) {
  const WorkloadGraph g = import_onnx(kFmnist + "/" + model);
  EXPECT_EQ(g.input_shape, input_shape) << model;
  const Subset& d = subset();
  int hits = 0;
  for (std::size_t n = 0; n < d.images.size(); ++n) {
    const std::vector<float> logits = run_reference(g, d.images[n]).at(g.output_layer());
    EXPECT_EQ(logits.size(), 10u) << model;
    hits += std::max_element(logits.begin(), logits.end()) - logits.begin() == d.labels[n];
  }
  return hits;
}

TEST(TrainedModels, TheSubsetIsTheFirstThousandTestImagesWithBothLabelFiles) {
  const Subset& d = subset();
  ASSERT_EQ(d.labels.size(), kImages);
  const std::vector<std::int64_t> i64 = read_int64_labels(kFmnist + "/test_labels_i64.npy");
  ASSERT_EQ(i64.size(), kImages);
  std::vector<int> per_class(10, 0);
  for (std::size_t n = 0; n < kImages; ++n) {
    EXPECT_EQ(i64[n], d.labels[n]) << "label " << n;
    ASSERT_LT(d.labels[n], 10);
    ++per_class[d.labels[n]];
  }
  // The first t10k images and labels of Fashion-MNIST: label 9 (ankle boot), 2 (pullover), 1
  // (trouser), 1; every class is present.
  EXPECT_EQ(std::vector<int>(d.labels.begin(), d.labels.begin() + 4),
            (std::vector<int>{9, 2, 1, 1}));
  for (int c = 0; c < 10; ++c) EXPECT_GT(per_class[c], 70) << "class " << c;
}

// The counts are those data/fmnist/README.md lists (printed by tools/train_fmnist.py).
TEST(TrainedModels, MlpFloatReference) {
  EXPECT_EQ(correct("mlp.onnx", {1, 784}), 897);
}

TEST(TrainedModels, CnnFloatReference) {
  EXPECT_EQ(correct("cnn.onnx", {1, 1, 28, 28}), 903);
}

TEST(TrainedModels, LstmFloatReference) {
  EXPECT_EQ(correct("lstm.onnx", {28, 1, 28}), 874);
}

TEST(TrainedModels, HardwareAwareMlpFloatReference) {
  EXPECT_EQ(correct("mlp_hwa.onnx", {1, 784}), 896);
}

TEST(TrainedModels, HardwareAwareCnnFloatReference) {
  EXPECT_EQ(correct("cnn_hwa.onnx", {1, 1, 28, 28}), 899);
}

TEST(TrainedModels, HardwareAwareLstmFloatReference) {
  EXPECT_EQ(correct("lstm_hwa.onnx", {28, 1, 28}), 871);
}

}  // namespace
}  // namespace kirchhoff
