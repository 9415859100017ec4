// The physics and cost of one analog crossbar tile, without SystemC: programming a weight
// block into conductances, and the MVM as the hardware computes it (DAC, noisy array, ADC,
// digital rescale), with its latency and energy by category. The SystemC tile (tiles/) owns one
// and tells it the simulated time since programming.
#pragma once

#include <cstdint>
#include <vector>

#include "models/random_stream.h"
#include "models/tile_params.h"

namespace kirchhoff {

// Energy of one action by category, in pJ.
struct TileEnergy {
  double array_pj = 0.0;
  double dac_pj = 0.0;
  double adc_pj = 0.0;
  double buffer_pj = 0.0;
  double dpu_pj = 0.0;
  double programming_pj = 0.0;
  double total_pj() const {
    return array_pj + dac_pj + adc_pj + buffer_pj + dpu_pj + programming_pj;
  }
};

struct TileCost {
  double latency_ns = 0.0;
  TileEnergy energy;
};

class AnalogTileModel {
 public:
  AnalogTileModel(const TileParams& params, RandomStream rng);

  // Programs a rows_used x cols_used block (row-major: w[r * cols_used + c]; r indexes inputs,
  // c outputs) with program-and-verify; draws programming noise, drift exponents and stuck-at
  // faults. Throws std::invalid_argument if the block does not fit the crossbar.
  TileCost program(const std::vector<float>& w, int rows_used, int cols_used);

  // y[c] = sum_r W[r][c] * x[r] as the tile computes it, at t_since_programming_s seconds after
  // programming (plus ReadParams::time_since_programming_s). x has rows_used values, y gets
  // cols_used. Each call is one MVM event for the random streams.
  TileCost mvm(const float* x, float* y, double t_since_programming_s);

  // Drift-compensation calibration with the fixed calibration input (cost of the reads).
  TileCost calibrate(double t_since_programming_s);

  // Latency of one MVM from the timing laws (input phase + integration + conversion x sharing,
  // x phases); independent of the data.
  double mvm_latency_ns() const;

  int rows_used() const { return rows_used_; }
  int cols_used() const { return cols_used_; }
  bool programmed() const { return rows_used_ > 0; }
  std::uint64_t mvm_count() const { return mvm_count_; }
  const TileParams& params() const { return params_; }

 private:
  TileParams params_;
  RandomStream rng_;
  int rows_used_ = 0;
  int cols_used_ = 0;
  std::uint64_t mvm_count_ = 0;
  std::vector<float> w_;  // programmed weights (ideal path)
  float w_max_ = 1.0f;
};

}  // namespace kirchhoff
