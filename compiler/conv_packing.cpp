#include "compiler/conv_packing.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace kirchhoff {

ConvPacking parse_conv_packing(const std::string& text) {
  ConvPacking p;
  if (text == "auto") {
    p.mode = ConvPacking::Mode::kAuto;
    return p;
  }
  if (text == "off") {
    p.mode = ConvPacking::Mode::kOff;
    return p;
  }
  const bool digits =
      !text.empty() && text.size() <= 9 &&
      std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
  const int n = digits ? std::stoi(text) : 0;
  if (n < 1) {
    throw std::invalid_argument("'" + text +
                                "' is not a packing; allowed: auto, off or an integer 1 .. "
                                "999999999 (copies of the kernel per crossbar)");
  }
  p.mode = ConvPacking::Mode::kCopies;
  p.copies = n;
  return p;
}

std::string to_string(const ConvPacking& p) {
  switch (p.mode) {
    case ConvPacking::Mode::kAuto:
      return "auto";
    case ConvPacking::Mode::kOff:
      return "off";
    case ConvPacking::Mode::kCopies:
      break;
  }
  return std::to_string(p.copies);
}

int conv_packing_copies(const Layer& layer, int tile_rows, int tile_cols,
                        const ConvPacking& option) {
  if (layer.op != OpKind::kConv2d || option.mode == ConvPacking::Mode::kOff) return 1;
  const Conv2dOp& c = layer.conv();
  const int k = c.patch_size(), cout = c.out_channels;
  if (k < 1 || cout < 1 || tile_rows < 1 || tile_cols < 1) return 1;
  int p = std::min({tile_rows / k, tile_cols / cout, c.patches()});
  if (option.mode == ConvPacking::Mode::kCopies) p = std::min(p, option.copies);
  return std::max(p, 1);
}

std::vector<float> block_diagonal(const std::vector<float>& m, int rows, int cols, int copies) {
  const std::size_t r = static_cast<std::size_t>(rows), c = static_cast<std::size_t>(cols),
                    n = static_cast<std::size_t>(copies);
  std::vector<float> out(r * n * c * n, 0.0f);
  for (std::size_t q = 0; q < n; ++q)
    for (std::size_t i = 0; i < r; ++i)
      std::copy(m.begin() + static_cast<std::ptrdiff_t>(i * c),
                m.begin() + static_cast<std::ptrdiff_t>((i + 1) * c),
                out.begin() + static_cast<std::ptrdiff_t>((q * r + i) * c * n + q * c));
  return out;
}

std::vector<float> packed_patches(const Conv2dOp& conv, const std::vector<float>& x, int first,
                                  int copies) {
  const std::size_t k = static_cast<std::size_t>(conv.patch_size());
  std::vector<float> v(k * static_cast<std::size_t>(copies), 0.0f);
  for (int q = 0; q < copies && first + q < conv.patches(); ++q) {
    const std::vector<float> p = conv.patch(x, first + q);
    std::copy(p.begin(), p.end(), v.begin() + static_cast<std::ptrdiff_t>(k * q));
  }
  return v;
}

}  // namespace kirchhoff
