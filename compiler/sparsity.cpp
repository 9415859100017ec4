#include "compiler/sparsity.h"

#include <algorithm>
#include <cstdint>

namespace kirchhoff {
namespace {

int ceil_div(int a, int b) {
  return static_cast<int>((static_cast<std::int64_t>(a) + b - 1) / b);
}

void set_blocks(MappedLayer& m, int rows, int cols, int tile_rows, int tile_cols) {
  m.row_blocks = ceil_div(rows, tile_rows);
  m.col_blocks = ceil_div(cols, tile_cols);
  m.row_utilisation = static_cast<double>(rows) / (static_cast<double>(m.row_blocks) * tile_rows);
  m.col_utilisation = static_cast<double>(cols) / (static_cast<double>(m.col_blocks) * tile_cols);
  m.cell_utilisation = m.row_utilisation * m.col_utilisation;
}

}  // namespace

void pack_sparse_layer(const Layer& l, config::SparsityMode mode, int tile_rows, int tile_cols,
                       MappedLayer& m) {
  m.kept_rows.clear();
  m.kept_cols.clear();
  set_blocks(m, m.rows, m.cols, tile_rows, tile_cols);
  m.dense_blocks = m.blocks();
  const std::vector<float> w = l.matrix();
  m.nonzero_weights = 0;
  for (float v : w) m.nonzero_weights += v != 0.0f ? 1 : 0;
  if (mode == config::SparsityMode::kOff || l.op == OpKind::kLstm) return;
  std::vector<char> row_used(static_cast<std::size_t>(m.rows), 0);
  std::vector<char> col_used(static_cast<std::size_t>(m.cols), 0);
  for (int r = 0; r < m.rows; ++r) {
    const float* row = w.data() + static_cast<std::size_t>(r) * m.cols;
    for (int c = 0; c < m.cols; ++c) {
      if (row[c] != 0.0f) {
        row_used[static_cast<std::size_t>(r)] = 1;
        col_used[static_cast<std::size_t>(c)] = 1;
      }
    }
  }
  std::vector<int> rows, cols;
  for (int r = 0; r < m.rows; ++r)
    if (row_used[static_cast<std::size_t>(r)]) rows.push_back(r);
  for (int c = 0; c < m.cols; ++c)
    if (col_used[static_cast<std::size_t>(c)]) cols.push_back(c);
  const bool all_kept =
      static_cast<int>(rows.size()) == m.rows && static_cast<int>(cols.size()) == m.cols;
  if (rows.empty() || all_kept) return;  // all zero, or nothing to drop: dense
  m.kept_rows = std::move(rows);
  m.kept_cols = std::move(cols);
  set_blocks(m, m.packed_rows(), m.packed_cols(), tile_rows, tile_cols);
}

std::vector<float> packed_matrix(const Layer& l, const MappedLayer& m) {
  std::vector<float> w = l.matrix();
  if (m.kept_rows.empty()) return w;
  const std::size_t pc = m.kept_cols.size();
  std::vector<float> p(m.kept_rows.size() * pc);
  for (std::size_t r = 0; r < m.kept_rows.size(); ++r) {
    const float* row = w.data() + static_cast<std::size_t>(m.kept_rows[r]) * m.cols;
    for (std::size_t c = 0; c < pc; ++c) p[r * pc + c] = row[m.kept_cols[c]];
  }
  return p;
}

std::vector<float> gather_rows(const std::vector<int>& kept_rows, const std::vector<float>& x) {
  if (kept_rows.empty()) return x;
  std::vector<float> g(kept_rows.size());
  for (std::size_t i = 0; i < kept_rows.size(); ++i)
    g[i] = x.at(static_cast<std::size_t>(kept_rows[i]));
  return g;
}

std::vector<float> gather_rows(const MappedLayer& m, const std::vector<float>& x) {
  return gather_rows(m.kept_rows, x);
}

std::vector<float> scatter_cols(const std::vector<int>& kept_cols, int cols, int patches,
                                const std::vector<float>& packed, const std::vector<float>& bias) {
  if (kept_cols.empty()) return packed;
  const std::size_t P = static_cast<std::size_t>(patches);
  std::vector<float> full(static_cast<std::size_t>(cols) * P, 0.0f);
  if (!bias.empty()) {
    for (int c = 0; c < cols; ++c)
      std::fill_n(full.begin() + static_cast<std::ptrdiff_t>(c * P), P,
                  bias[static_cast<std::size_t>(c)]);
  }
  for (std::size_t i = 0; i < kept_cols.size(); ++i) {
    std::copy_n(packed.begin() + static_cast<std::ptrdiff_t>(i * P), P,
                full.begin() + static_cast<std::ptrdiff_t>(kept_cols[i] * P));
  }
  return full;
}

void packed_row_range(const MappedLayer& m, int r0, int r1, int& p0, int& p1) {
  if (m.kept_rows.empty()) {
    p0 = r0;
    p1 = r1;
    return;
  }
  p0 = static_cast<int>(std::lower_bound(m.kept_rows.begin(), m.kept_rows.end(), r0) -
                        m.kept_rows.begin());
  p1 = static_cast<int>(std::lower_bound(m.kept_rows.begin(), m.kept_rows.end(), r1) -
                        m.kept_rows.begin());
}

void matrix_col_range(const MappedLayer& m, int c0, int c1, int& f0, int& f1) {
  if (m.kept_cols.empty()) {
    f0 = c0;
    f1 = c1;
    return;
  }
  f0 = m.kept_cols[static_cast<std::size_t>(c0)];
  f1 = m.kept_cols[static_cast<std::size_t>(c1 - 1)] + 1;
}

}  // namespace kirchhoff
