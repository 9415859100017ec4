// Keys of the digital processing units (DPUs): clock, numeric format, pipeline, per-op
// throughput and energy, static power. Defaults and their sources are in models/dpu_cost.h.
//
// Wiring (not done here: chip_config.h and schema.{h,cpp} belong to the config layer):
//   - a chip-level (global) DPU: add `DpuParams dpu;` to ChipConfig -> keys "dpu.*";
//   - a tile-local DPU: add `DpuParams dpu;` to TileParams -> keys "tile.dpu.*";
//   - declare `void register_dpu_fields(Schema& s);` in schema.h and call it in chip_schema().
// register_dpu_fields registers the keys of whichever of the two members exists, and nothing
// while neither does, so this file builds before and after that change.
//
// The per-op energy defaults are those of the default format (fp16). A config that changes
// `format` should also set the energies, or the loader can reset them with
// kirchhoff::default_dpu_op_params(format) before applying explicit keys.
#include <string>
#include <type_traits>
#include <utility>

#include "config/schema.h"
#include "models/dpu_cost.h"
#include "models/dpu_ops.h"
#include "models/numeric_format.h"

namespace kirchhoff::config {
namespace {

// Ranges of the keys; validate(const DpuParams&) checks the same limits after loading.
constexpr double kMinClockGhz = 1e-6;
constexpr double kMaxClockGhz = 10.0;
constexpr double kMaxPipelineCycles = 10000.0;
constexpr double kMinThroughput = 1e-6;
constexpr double kMaxThroughput = 65536.0;
constexpr double kMaxEnergyPj = 1000.0;
constexpr double kMaxStaticPowerMw = 100000.0;
constexpr double kMaxFracBits = 15.0;  // int16; int8 allows 7, checked by validate()

template <typename C, typename = void>
struct HasChipDpu : std::false_type {};
template <typename C>
struct HasChipDpu<C, std::void_t<decltype(std::declval<C&>().dpu)>>
    : std::is_same<std::decay_t<decltype(std::declval<C&>().dpu)>, DpuParams> {};

template <typename C, typename = void>
struct HasTileDpu : std::false_type {};
template <typename C>
struct HasTileDpu<C, std::void_t<decltype(std::declval<C&>().tile.dpu)>>
    : std::is_same<std::decay_t<decltype(std::declval<C&>().tile.dpu)>, DpuParams> {};

// `Where` selects the DpuParams inside a ChipConfig (a captureless accessor, so that every
// field accessor below stays a plain function pointer as Schema requires).
template <typename Where, std::size_t Op>
void register_op(Schema& s, const std::string& prefix) {
  const std::string key = prefix + ".ops." + std::string(to_string(static_cast<DpuOp>(Op)));
  s.add_float(
      key + ".throughput_elements_per_cycle", "elements/cycle", kMinThroughput, kMaxThroughput,
      "element-operations issued per clock cycle (lanes)",
      [](ChipConfig& c) -> double& { return Where::get(c).ops[Op].throughput_elements_per_cycle; });
  s.add_float(key + ".energy_pj_per_element", "pJ", 0.0, kMaxEnergyPj,
              "energy per element-operation (default: Horowitz ISSCC 2014, 45 nm)",
              [](ChipConfig& c) -> double& { return Where::get(c).ops[Op].energy_pj_per_element; });
}

template <typename Where, std::size_t... Ops>
void register_ops(Schema& s, const std::string& prefix, std::index_sequence<Ops...>) {
  (register_op<Where, Ops>(s, prefix), ...);
}

template <typename Where>
void register_dpu(Schema& s, const std::string& prefix) {
  s.add_float(prefix + ".clock_ghz", "GHz", kMinClockGhz, kMaxClockGhz,
              "DPU clock (HERMES cores: 1 GHz)",
              [](ChipConfig& c) -> double& { return Where::get(c).clock_ghz; });
  s.add_enum<NumberKind>(prefix + ".format", "numeric format of every DPU value",
                         {{"fp32", NumberKind::kFp32},
                          {"fp16", NumberKind::kFp16},
                          {"int8", NumberKind::kInt8},
                          {"int16", NumberKind::kInt16}},
                         [](ChipConfig& c) -> NumberKind& { return Where::get(c).format.kind; });
  s.add_int(prefix + ".frac_bits", "bit", 0, kMaxFracBits,
            "fractional bits of int8 (0..7) / int16 (0..15) fixed point; 0 for floats",
            [](ChipConfig& c) -> int& { return Where::get(c).format.frac_bits; });
  s.add_uint64(
      prefix + ".pipeline_latency_cycles", "cycles", 0, kMaxPipelineCycles,
      "pipeline latency added to every op (assumption: 4)",
      [](ChipConfig& c) -> std::uint64_t& { return Where::get(c).pipeline_latency_cycles; });
  s.add_float(prefix + ".static_power_mw", "mW", 0.0, kMaxStaticPowerMw,
              "leakage power (no published figure: 0 by default)",
              [](ChipConfig& c) -> double& { return Where::get(c).static_power_mw; });
  register_ops<Where>(s, prefix, std::make_index_sequence<kNumDpuOps>{});
}

template <typename C>
struct ChipDpu {
  static DpuParams& get(C& c) { return c.dpu; }
};
template <typename C>
struct TileDpu {
  static DpuParams& get(C& c) { return c.tile.dpu; }
};

template <typename C>
void register_present_dpus(Schema& s) {
  if constexpr (HasChipDpu<C>::value) register_dpu<ChipDpu<C>>(s, "dpu");
  if constexpr (HasTileDpu<C>::value) register_dpu<TileDpu<C>>(s, "tile.dpu");
  (void)s;
}

}  // namespace

// Declared here until schema.h declares it with the other parts' registration functions.
void register_dpu_fields(Schema& s);

void register_dpu_fields(Schema& s) {
  register_present_dpus<ChipConfig>(s);
}

}  // namespace kirchhoff::config
