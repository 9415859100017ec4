#include "app/builtin_demo.h"

#include <cstddef>

namespace kirchhoff::embedded {  // generated sources (cmake/EmbedFile.cmake)
extern const unsigned char demo_chip_yaml[];
extern const std::size_t demo_chip_yaml_size;
extern const unsigned char demo_cnn_onnx[];
extern const std::size_t demo_cnn_onnx_size;
extern const unsigned char demo_images_npy[];
extern const std::size_t demo_images_npy_size;
extern const unsigned char demo_labels_npy[];
extern const std::size_t demo_labels_npy_size;
}  // namespace kirchhoff::embedded

namespace kirchhoff::app {
namespace {
BuiltinFile file(const char* name, const unsigned char* bytes, std::size_t size) {
  return {std::string("built-in ") + name, std::string(reinterpret_cast<const char*>(bytes), size)};
}
}  // namespace

BuiltinFile demo_chip_config() {
  return file(KIRCHHOFF_DEMO_CHIP, embedded::demo_chip_yaml, embedded::demo_chip_yaml_size);
}
BuiltinFile demo_network() {
  return file("data/fmnist/cnn.onnx", embedded::demo_cnn_onnx, embedded::demo_cnn_onnx_size);
}
BuiltinFile demo_images() {
  return file("data/fmnist/test_images_u8.npy", embedded::demo_images_npy,
              embedded::demo_images_npy_size);
}
BuiltinFile demo_labels() {
  return file("data/fmnist/test_labels_i64.npy", embedded::demo_labels_npy,
              embedded::demo_labels_npy_size);
}

}  // namespace kirchhoff::app
