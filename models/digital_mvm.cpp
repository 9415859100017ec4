#include "models/digital_mvm.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "models/numeric_format.h"

namespace kirchhoff {

const char* to_string(TileKind k) {
  return k == TileKind::kAnalog ? "analog" : "digital";
}

const char* to_string(DigitalFormat f) {
  switch (f) {
    case DigitalFormat::kInt8:
      return "int8";
    case DigitalFormat::kInt4:
      return "int4";
    case DigitalFormat::kFp16:
      return "fp16";
  }
  return "?";
}

int weight_bits(DigitalFormat f) {
  return f == DigitalFormat::kInt8 ? 8 : f == DigitalFormat::kInt4 ? 4 : 16;
}

int activation_bits(DigitalFormat f) {
  return f == DigitalFormat::kFp16 ? 16 : 8;
}

double default_mac_energy_pj(DigitalFormat f) {
  // [M] 8b x 8b: 2 ops / 22.25 TOPS/W (89 / 4); int4 weights x int8 inputs: half of it;
  // fp16 from [H]: (3.7 + 0.9) pJ / 4 at 45 nm, x 22 / 45 (models/digital_tile_params.h).
  constexpr double kInt8Pj = 2.0 / (89.0 / 4.0);
  switch (f) {
    case DigitalFormat::kInt8:
      return kInt8Pj;
    case DigitalFormat::kInt4:
      return kInt8Pj / 2.0;
    case DigitalFormat::kFp16:
      return (3.7 + 0.9) / 4.0 * 22.0 / 45.0;
  }
  return kInt8Pj;
}

double mac_energy_pj(const DigitalTileParams& p) {
  return p.mac_energy_pj > 0.0 ? p.mac_energy_pj : default_mac_energy_pj(p.weight_format);
}

namespace {

int qmax(DigitalFormat f) {
  return f == DigitalFormat::kInt4 ? 7 : 127;
}

std::int32_t quantise(float v, float scale, int q) {
  const float r = std::nearbyint(v / scale);  // default rounding mode: ties to even
  return static_cast<std::int32_t>(std::clamp(r, static_cast<float>(-q), static_cast<float>(q)));
}

}  // namespace

DigitalBlock store_weights(const float* w, int rows, int cols, DigitalFormat f) {
  DigitalBlock b;
  b.format = f;
  b.rows = rows;
  b.cols = cols;
  const std::size_t n = static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols);
  if (f == DigitalFormat::kFp16) {
    const NumericFormat h = NumericFormat::fp16();
    b.h.resize(n);
    for (std::size_t i = 0; i < n; ++i) b.h[i] = h.round(w[i]);
    return b;
  }
  float m = 0.0f;
  for (std::size_t i = 0; i < n; ++i) m = std::max(m, std::fabs(w[i]));
  const int q = qmax(f);
  b.scale = m > 0.0f ? m / static_cast<float>(q) : 1.0f;
  b.q.resize(n);
  for (std::size_t i = 0; i < n; ++i) b.q[i] = quantise(w[i], b.scale, q);
  return b;
}

std::uint64_t digital_mvm(const DigitalBlock& b, const float* x, float range, float* y) {
  std::uint64_t nonzero = 0;
  const std::size_t cols = static_cast<std::size_t>(b.cols);
  if (b.format == DigitalFormat::kFp16) {
    const NumericFormat h = NumericFormat::fp16();
    std::vector<float> acc(cols, 0.0f);
    for (int r = 0; r < b.rows; ++r) {
      const float xh = h.round(x[r]);
      if (xh == 0.0f) continue;
      const float* row = b.h.data() + static_cast<std::size_t>(r) * cols;
      for (std::size_t c = 0; c < cols; ++c) {
        const float prod = xh * row[c];
        acc[c] = acc[c] + prod;
        nonzero += row[c] != 0.0f ? 1u : 0u;
      }
    }
    std::copy(acc.begin(), acc.end(), y);
    return nonzero;
  }
  float full_scale = range;
  if (!(full_scale > 0.0f)) {
    full_scale = 0.0f;
    for (int r = 0; r < b.rows; ++r) full_scale = std::max(full_scale, std::fabs(x[r]));
  }
  const float sx = full_scale > 0.0f ? full_scale / 127.0f : 1.0f;
  std::vector<std::int32_t> acc(cols, 0);
  for (int r = 0; r < b.rows; ++r) {
    const std::int32_t qx = quantise(x[r], sx, 127);
    if (qx == 0) continue;
    const std::int32_t* row = b.q.data() + static_cast<std::size_t>(r) * cols;
    for (std::size_t c = 0; c < cols; ++c) {
      acc[c] += qx * row[c];
      nonzero += row[c] != 0 ? 1u : 0u;
    }
  }
  const double scale = static_cast<double>(sx) * static_cast<double>(b.scale);
  for (std::size_t c = 0; c < cols; ++c) {
    y[c] = static_cast<float>(static_cast<double>(acc[c]) * scale);
  }
  return nonzero;
}

TileCost digital_mvm_cost(const DigitalTileParams& p, int rows_used, int cols_used,
                          std::uint64_t nonzero_macs) {
  if (p.macs_per_cycle < 1 || !(p.clock_ghz > 0.0)) {
    throw std::invalid_argument("digital tile: macs_per_cycle and clock_ghz must be > 0");
  }
  const std::uint64_t all = static_cast<std::uint64_t>(rows_used) * cols_used;
  const std::uint64_t charged = p.zero_skipping ? nonzero_macs : all;
  const std::uint64_t timed = p.zero_skipping && p.zero_skipping_time ? nonzero_macs : all;
  const std::uint64_t per = static_cast<std::uint64_t>(p.macs_per_cycle);
  const double cycles = static_cast<double>((timed + per - 1) / per + p.pipeline_cycles);
  TileCost c;
  c.latency_ns = cycles / p.clock_ghz;
  c.interval_ns = c.latency_ns;
  c.energy.array_pj = static_cast<double>(charged) * mac_energy_pj(p);
  c.energy.buffer_pj =
      (static_cast<double>(rows_used) * activation_bits(p.weight_format) + cols_used * 32.0) *
          p.activation_access_energy_pj_per_bit +
      static_cast<double>(charged) * weight_bits(p.weight_format) *
          p.weight_access_energy_pj_per_bit;
  return c;
}

TileCost digital_program_cost(const DigitalTileParams& p, int rows_used, int cols_used) {
  TileCost c;
  c.latency_ns = rows_used * p.write_ns_per_row;
  c.interval_ns = c.latency_ns;
  c.energy.programming_pj = static_cast<double>(rows_used) * cols_used *
                            weight_bits(p.weight_format) * p.write_energy_pj_per_bit;
  return c;
}

double digital_peak_tops(const DigitalTileParams& p, int rows, int cols) {
  const TileCost c = digital_mvm_cost(p, rows, cols, 0);
  return 2.0 * rows * cols / (c.interval_ns * 1e-9) / 1e12;
}

double digital_tile_area_mm2(const DigitalTileParams& p, int rows, int cols) {
  if (p.area_mm2 > 0.0) return p.area_mm2;
  // [M]: 16.3 TOPS/mm^2 at 4b x 4b, scaled by input bits x weight bits.
  const double tops_per_mm2 =
      16.3 * 16.0 / (weight_bits(p.weight_format) * activation_bits(p.weight_format));
  const DigitalTileParams no_skip = [&] {
    DigitalTileParams q = p;
    q.zero_skipping = false;
    return q;
  }();
  return digital_peak_tops(no_skip, rows, cols) / tops_per_mm2;
}

}  // namespace kirchhoff
