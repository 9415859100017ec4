// Sparsity-aware mapping: the mapper's pass that drops every all-zero row and column of a weight
// layer's matrix and cuts only the remaining "packed" matrix into crossbar blocks.
//
// A row of a layer matrix is one input (a Dense input feature, a Conv patch position
// c * kh * kw + i, see Layer::matrix()); a column is one output (feature or channel). A row whose
// weights are all zero adds nothing to any output, and a column whose weights are all zero
// produces only its bias. With mapper.sparsity = auto the layer keeps the rows and columns that
// hold a non-zero weight (MappedLayer::kept_rows / kept_cols, ascending), the tiles hold the
// packed matrix kept_rows x kept_cols, and:
//  - the host (the nodes' network-interface controllers) gathers the kept inputs of every
//    input vector (im2col patch, dense input) before it slices them into row blocks: the
//    dropped inputs never reach a crossbar (no DAC conversion, no array energy);
//  - the DPU's accumulate runs on the kept outputs (their bias included) and the controller
//    scatters them into the layer's full output; a dropped column is its bias (0 without one),
//    which is what a crossbar column of zero weights gives with ideal devices.
// Pruned output channels (zero columns), pruned input channels or features (zero rows, a Conv's
// kh * kw rows per channel) and N:M patterns whose mask is shared by the layer's outputs (rows
// zero in every column) all become fewer rows or columns, hence fewer blocks. Scattered zeros
// (unstructured pruning, an N:M mask per output) leave every row and column in use: no tile is
// saved. LSTM layers are always mapped dense (their recurrent rows are fed by the layer
// itself), as is a layer whose weights are all zero. Pure C++, no SystemC.
#pragma once

#include <vector>

#include "compiler/mapper.h"
#include "config/mapper_params.h"
#include "workloads/workload_graph.h"

namespace kirchhoff {

// Sets m.kept_rows / m.kept_cols of layer `l` (both empty: dense; otherwise both filled) and
// m.dense_blocks, and recomputes m.row_blocks, m.col_blocks and the utilisations over the
// packed matrix. m.rows / m.cols stay the layer matrix's.
void pack_sparse_layer(const Layer& l, config::SparsityMode mode, int tile_rows, int tile_cols,
                       MappedLayer& m);

// The packed matrix, row-major [m.packed_rows()][m.packed_cols()] (Layer::matrix() when dense).
std::vector<float> packed_matrix(const Layer& l, const MappedLayer& m);

// The kept entries of `x`, one per matrix row (x itself when dense).
std::vector<float> gather_rows(const MappedLayer& m, const std::vector<float>& x);
std::vector<float> gather_rows(const std::vector<int>& kept_rows, const std::vector<float>& x);

// `packed`, m.packed_cols() channels of `patches` values each (CHW), scattered into the full
// m.cols channels; a dropped channel is `bias` of it (0 when bias is empty).
std::vector<float> scatter_cols(const std::vector<int>& kept_cols, int cols, int patches,
                                const std::vector<float>& packed, const std::vector<float>& bias);

// Packed rows [p0, p1) that hold matrix rows [r0, r1) (p0 == p1 when none is kept).
void packed_row_range(const MappedLayer& m, int r0, int r1, int& p0, int& p1);

// The matrix columns [f0, f1) spanned by packed columns [c0, c1) (c0 < c1).
void matrix_col_range(const MappedLayer& m, int c0, int c1, int& f0, int& f1);

}  // namespace kirchhoff
