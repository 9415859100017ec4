// Patch packing of convolutions: when a convolution's kernel matrix (K = kh*kw*cin rows x cout
// columns) is much smaller than the crossbar, P copies of it sit block-diagonally in one
// crossbar (copy q at rows [q*K, (q+1)*K) and columns [q*cout, (q+1)*cout), zeros elsewhere),
// so one MVM of P im2col patches laid end to end computes P output pixels: pixel q of the MVM
// comes out at columns [q*cout, (q+1)*cout). With ideal devices and fixed converter ranges the
// packed result equals the unpacked one (the other copies' rows add exact zeros), and the
// layer needs ceil(patches / P) MVMs per sample instead of patches.
//
// P <= min(tile.rows / K, tile.cols / cout) (copies that fit, 0 when the kernel matrix needs
// more than one crossbar block) and P <= patches (no empty copies).
//   auto: the largest such P;
//   off:  P = 1 (one output pixel per MVM; the default: with PCM the off-diagonal devices hold
//         weight 0 with their programming noise and drift and read the other pixels' inputs,
//         which costs accuracy: hermes64, data/fmnist/cnn.onnx, 1000 images, top-1 0.863 at
//         P = 1, 0.867 at 4, 0.854 at 8, 0.817 at auto = 28);
//   N:    min(N, the largest P) for every convolution (a layer that fits fewer copies takes
//         fewer).
// Dense and LSTM layers are never packed.
#pragma once

#include <string>
#include <vector>

#include "workloads/workload_graph.h"

namespace kirchhoff {

struct ConvPacking {
  enum class Mode { kAuto, kOff, kCopies };
  Mode mode = Mode::kOff;
  int copies = 0;  // kCopies: the requested P (>= 1)
};

// "auto", "off" or a positive integer; throws std::invalid_argument naming the text and what is
// allowed.
ConvPacking parse_conv_packing(const std::string& text);
std::string to_string(const ConvPacking& p);

// Copies of `layer`'s kernel matrix that one tile of tile_rows x tile_cols holds under `option`
// (1 for a layer that is not a convolution or does not fit twice).
int conv_packing_copies(const Layer& layer, int tile_rows, int tile_cols,
                        const ConvPacking& option);

// The block-diagonal matrix of `copies` copies of the row-major rows x cols matrix `m`:
// (copies*rows) x (copies*cols), row-major.
std::vector<float> block_diagonal(const std::vector<float>& m, int rows, int cols, int copies);

// The crossbar input of the packed MVM that starts at output pixel `first`: the im2col patches
// first .. first+copies-1 end to end (copies * patch_size values), zeros for pixels past the
// last one.
std::vector<float> packed_patches(const Conv2dOp& conv, const std::vector<float>& x, int first,
                                  int copies);

}  // namespace kirchhoff
