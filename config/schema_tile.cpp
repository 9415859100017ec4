// Keys of the analog tile: crossbar size, mapping, device model, programming, converters,
// read, drift and energy. The defaults and their sources are in models/tile_params.h.
#include "config/schema.h"

namespace kirchhoff::config {
namespace {

constexpr double kBig = 1e12;

void register_device(Schema& s) {
  s.add_enum<DeviceType>("tile.device.type", "device model",
                         {{"ideal", DeviceType::kIdeal},
                          {"pcm", DeviceType::kPcm},
                          {"rram", DeviceType::kRram},
                          {"table", DeviceType::kTable}},
                         [](ChipConfig& c) -> DeviceType& { return c.tile.device.type; });
  s.add_float("tile.device.g_max_uS", "uS", 1e-3, 1e6, "conductance the largest |w| maps to",
              [](ChipConfig& c) -> double& { return c.tile.device.g_max_uS; });
  s.add_float("tile.device.g_min_uS", "uS", 0, 1e6, "off conductance",
              [](ChipConfig& c) -> double& { return c.tile.device.g_min_uS; });
  s.add_float("tile.device.stuck_at_min_fraction", "", 0, 1,
              "fraction of devices stuck at G_min (yield)",
              [](ChipConfig& c) -> double& { return c.tile.device.stuck_at_min_fraction; });
  s.add_float("tile.device.stuck_at_max_fraction", "", 0, 1,
              "fraction of devices stuck at G_max (yield)",
              [](ChipConfig& c) -> double& { return c.tile.device.stuck_at_max_fraction; });

  // PCM (Nandakumar et al. 2019 / CALIBRATION.md).
  auto pcm = [&](const char* key, const char* unit, double lo, double hi, const char* doc,
                 Schema::Accessor<double> acc) {
    s.add_float(std::string("tile.device.pcm.") + key, unit, lo, hi, doc, acc);
  };
  pcm("t0_s", "s", 1e-9, kBig, "drift reference time",
      [](ChipConfig& c) -> double& { return c.tile.device.pcm.t0_s; });
  pcm("t_read_s", "s", 1e-12, 1, "read pulse duration in the 1/f noise integral",
      [](ChipConfig& c) -> double& { return c.tile.device.pcm.t_read_s; });
  pcm("g_ref_uS", "uS", 1e-3, 1e6, "G_max the noise coefficients were fitted at",
      [](ChipConfig& c) -> double& { return c.tile.device.pcm.g_ref_uS; });
  pcm("prog_c0_uS", "uS", -kBig, kBig, "programming noise polynomial, constant term",
      [](ChipConfig& c) -> double& { return c.tile.device.pcm.prog_c0_uS; });
  pcm("prog_c1_uS", "uS", -kBig, kBig, "programming noise polynomial, linear term",
      [](ChipConfig& c) -> double& { return c.tile.device.pcm.prog_c1_uS; });
  pcm("prog_c2_uS", "uS", -kBig, kBig, "programming noise polynomial, quadratic term",
      [](ChipConfig& c) -> double& { return c.tile.device.pcm.prog_c2_uS; });
  pcm("nu_mu_a", "", -kBig, kBig, "drift exponent mean: slope in ln g",
      [](ChipConfig& c) -> double& { return c.tile.device.pcm.nu_mu_a; });
  pcm("nu_mu_b", "", -kBig, kBig, "drift exponent mean: offset",
      [](ChipConfig& c) -> double& { return c.tile.device.pcm.nu_mu_b; });
  pcm("nu_mu_min", "", 0, 10, "drift exponent mean: lower clamp",
      [](ChipConfig& c) -> double& { return c.tile.device.pcm.nu_mu_min; });
  pcm("nu_mu_max", "", 0, 10, "drift exponent mean: upper clamp",
      [](ChipConfig& c) -> double& { return c.tile.device.pcm.nu_mu_max; });
  pcm("nu_sigma_a", "", -kBig, kBig, "drift exponent sigma: slope in ln g",
      [](ChipConfig& c) -> double& { return c.tile.device.pcm.nu_sigma_a; });
  pcm("nu_sigma_b", "", -kBig, kBig, "drift exponent sigma: offset",
      [](ChipConfig& c) -> double& { return c.tile.device.pcm.nu_sigma_b; });
  pcm("nu_sigma_min", "", 0, 10, "drift exponent sigma: lower clamp",
      [](ChipConfig& c) -> double& { return c.tile.device.pcm.nu_sigma_min; });
  pcm("nu_sigma_max", "", 0, 10, "drift exponent sigma: upper clamp",
      [](ChipConfig& c) -> double& { return c.tile.device.pcm.nu_sigma_max; });
  pcm("read_q_a", "", 0, kBig, "1/f read noise: Q_s coefficient",
      [](ChipConfig& c) -> double& { return c.tile.device.pcm.read_q_a; });
  pcm("read_q_exp", "", 0, 10, "1/f read noise: Q_s exponent of g",
      [](ChipConfig& c) -> double& { return c.tile.device.pcm.read_q_exp; });
  pcm("read_q_g_min", "", 1e-12, 1, "1/f read noise: floor of g in Q_s",
      [](ChipConfig& c) -> double& { return c.tile.device.pcm.read_q_g_min; });
  pcm("read_q_max", "", 0, 10, "1/f read noise: cap of Q_s",
      [](ChipConfig& c) -> double& { return c.tile.device.pcm.read_q_max; });

  s.add_float("tile.device.rram.prog_sigma_rel", "", 0, 10, "RRAM programming noise sigma / G_max",
              [](ChipConfig& c) -> double& { return c.tile.device.rram.prog_sigma_rel; });
  s.add_float("tile.device.rram.read_sigma_rel", "", 0, 10, "RRAM read noise sigma / G",
              [](ChipConfig& c) -> double& { return c.tile.device.rram.read_sigma_rel; });
  s.add_float("tile.device.rram.drift_nu", "", 0, 1, "RRAM power-law drift exponent",
              [](ChipConfig& c) -> double& { return c.tile.device.rram.drift_nu; });
  s.add_float("tile.device.rram.t0_s", "s", 1e-9, kBig, "RRAM drift reference time",
              [](ChipConfig& c) -> double& { return c.tile.device.rram.t0_s; });

  s.add_float_list(
      "tile.device.table.levels_uS", "uS", 0, 1e6,
      "table device: programmed target levels, ascending",
      [](ChipConfig& c) -> std::vector<double>& { return c.tile.device.table.levels_uS; });
  s.add_float_list(
      "tile.device.table.mean_uS", "uS", 0, 1e6,
      "table device: measured mean conductance per level",
      [](ChipConfig& c) -> std::vector<double>& { return c.tile.device.table.mean_uS; });
  s.add_float_list(
      "tile.device.table.sigma_uS", "uS", 0, 1e6,
      "table device: measured conductance sigma per level",
      [](ChipConfig& c) -> std::vector<double>& { return c.tile.device.table.sigma_uS; });
}

void register_converters(Schema& s) {
  s.add_int("tile.dac.bits", "bit", 1, 24, "input resolution (sign bit included when signed)",
            [](ChipConfig& c) -> int& { return c.tile.dac.bits; });
  s.add_bool("tile.dac.signed", "signed inputs (else negative inputs clip at 0)",
             [](ChipConfig& c) -> bool& { return c.tile.dac.is_signed; });
  s.add_float("tile.dac.range", "", 1e-12, kBig, "input full scale: |x| <= range, else clipped",
              [](ChipConfig& c) -> double& { return c.tile.dac.range; });
  s.add_bool("tile.dac.noise_management", "scale each input vector by its abs-max",
             [](ChipConfig& c) -> bool& { return c.tile.dac.noise_management; });
  s.add_enum<DacRangeMode>(
      "tile.dac.range_mode",
      "per-layer input range: fixed (tile.dac.range), calibrated (percentile of the layer's "
      "reference inputs over the calibration samples) or abs_max (each vector scaled by its own "
      "max |x|, the scale applied digitally, its DPU cost counted)",
      {{"fixed", DacRangeMode::kFixed},
       {"calibrated", DacRangeMode::kCalibrated},
       {"abs_max", DacRangeMode::kAbsMax}},
      [](ChipConfig& c) -> DacRangeMode& { return c.tile.dac.range_mode; });
  s.add_int("tile.dac.calibration_samples", "", 1, 1000000,
            "samples of the calibration pass (first samples of the inputs or --calibration)",
            [](ChipConfig& c) -> int& { return c.tile.dac.calibration_samples; });
  s.add_float("tile.dac.calibration_percentile", "%", 1, 100,
              "percentile of |x| of a layer's inputs that becomes its range (calibrated)",
              [](ChipConfig& c) -> double& { return c.tile.dac.calibration_percentile; });
  s.add_float_list(
      "tile.dac.layer_ranges", "", 0, kBig,
      "calibrated: the input range of every weight layer (graph order; 0: tile.dac.range) from "
      "an earlier calibration, used instead of a calibration pass (config.resolved.yaml holds "
      "them)",
      [](ChipConfig& c) -> std::vector<double>& { return c.tile.dac.layer_ranges; });
  s.add_float("tile.clip_warning_fraction", "", 0, 1,
              "warn when a layer clips more than this fraction of DAC inputs or ADC outputs",
              [](ChipConfig& c) -> double& { return c.tile.clip_warning_fraction; });
  s.add_enum<InputEncoding>(
      "tile.dac.encoding", "input encoding",
      {{"pwm", InputEncoding::kPwm}, {"bit_serial", InputEncoding::kBitSerial}},
      [](ChipConfig& c) -> InputEncoding& { return c.tile.dac.encoding; });
  s.add_float("tile.dac.t_lsb_ns", "ns", 1e-6, 1e6, "PWM time per LSB (HERMES: 1 ns)",
              [](ChipConfig& c) -> double& { return c.tile.dac.t_lsb_ns; });
  s.add_int("tile.dac.phases", "", 1, 64, "MVM phases (HERMES 4-phase mode: 4)",
            [](ChipConfig& c) -> int& { return c.tile.dac.phases; });
  s.add_float("tile.dac.energy_per_row_pj", "pJ", 0, 1e6,
              "energy to drive one row for one MVM (ISAAC: 0.42 pJ)",
              [](ChipConfig& c) -> double& { return c.tile.dac.energy_per_row_pj; });

  s.add_int("tile.adc.bits", "bit", 1, 24, "output resolution (sign bit included)",
            [](ChipConfig& c) -> int& { return c.tile.adc.bits; });
  s.add_float("tile.adc.bound", "", 1e-12, kBig,
              "output full scale in normalised units (|w| <= 1 times |x| <= 1 gives 1)",
              [](ChipConfig& c) -> double& { return c.tile.adc.bound; });
  s.add_float("tile.adc.gain", "", 1e-12, kBig, "analog gain before conversion",
              [](ChipConfig& c) -> double& { return c.tile.adc.gain; });
  s.add_float("tile.adc.noise_sigma", "", 0, kBig, "additive output noise, normalised units",
              [](ChipConfig& c) -> double& { return c.tile.adc.noise_sigma; });
  s.add_enum<AdcType>(
      "tile.adc.type",
      "ADC type (sets the time and energy laws: ramp/cco power x time, sar Walden FOM, table "
      "measured)",
      {{"ramp", AdcType::kRamp},
       {"cco", AdcType::kCco},
       {"sar", AdcType::kSar},
       {"table", AdcType::kTable}},
      [](ChipConfig& c) -> AdcType& { return c.tile.adc.type; });
  s.add_float("tile.adc.t_lsb_ns", "ns", 1e-6, 1e6,
              "ramp/cco conversion time per LSB (HERMES CCO: 0.3 ns)",
              [](ChipConfig& c) -> double& { return c.tile.adc.t_lsb_ns; });
  s.add_float("tile.adc.t_bit_ns", "ns", 1e-6, 1e6, "sar conversion time per bit",
              [](ChipConfig& c) -> double& { return c.tile.adc.t_bit_ns; });
  s.add_int("tile.adc.columns_per_adc", "", 1, 4096,
            "ADC sharing: columns per ADC, multiplies conversion time",
            [](ChipConfig& c) -> int& { return c.tile.adc.columns_per_adc; });
  s.add_float("tile.adc.power_mW", "mW", 0, 1e6,
              "ramp/cco: power of one ADC while it converts (energy = power x conversion time)",
              [](ChipConfig& c) -> double& { return c.tile.adc.power_mW; });
  s.add_float("tile.adc.walden_fom_fj", "fJ", 0, 1e6,
              "sar: Walden figure of merit per conversion step (energy = FOM x 2^bits)",
              [](ChipConfig& c) -> double& { return c.tile.adc.walden_fom_fj; });
  s.add_float_list("tile.adc.table_bits", "bit", 1, 24,
                   "table: output widths of the measured energies",
                   [](ChipConfig& c) -> std::vector<double>& { return c.tile.adc.table_bits; });
  s.add_float_list(
      "tile.adc.table_energy_pj", "pJ", 0, 1e6,
      "table: measured energy per conversion at each of table_bits",
      [](ChipConfig& c) -> std::vector<double>& { return c.tile.adc.table_energy_pj; });
  s.add_float("tile.adc.table_conversion_ns", "ns", 1e-6, 1e6,
              "table: conversion time of one column",
              [](ChipConfig& c) -> double& { return c.tile.adc.table_conversion_ns; });
  s.add_float("tile.adc.energy_per_conversion_pj", "pJ", 0, 1e6,
              "fixed energy per conversion; 0 uses the law of tile.adc.type",
              [](ChipConfig& c) -> double& { return c.tile.adc.energy_per_conversion_pj; });
  s.add_enum<AdcRangeMode>(
      "tile.adc.range_mode",
      "per-layer ADC full scale: fixed (tile.adc.bound / gain) or calibrated (percentile of the "
      "column sums the layer's tiles convert over the calibration samples)",
      {{"fixed", AdcRangeMode::kFixed}, {"calibrated", AdcRangeMode::kCalibrated}},
      [](ChipConfig& c) -> AdcRangeMode& { return c.tile.adc.range_mode; });
  s.add_float("tile.adc.calibration_percentile", "%", 1, 100,
              "percentile of the |column sums| of a layer that becomes its ADC full scale",
              [](ChipConfig& c) -> double& { return c.tile.adc.calibration_percentile; });
  s.add_float_list(
      "tile.adc.layer_ranges", "", 0, kBig,
      "calibrated: the ADC full scale of every weight layer (graph order, normalised units; 0: "
      "tile.adc.bound / gain) from an earlier calibration, used instead of a calibration pass",
      [](ChipConfig& c) -> std::vector<double>& { return c.tile.adc.layer_ranges; });
}

}  // namespace

void register_tile_fields(Schema& s) {
  s.add_int("tile.rows", "", 1, 65536, "crossbar rows (inputs, word lines)",
            [](ChipConfig& c) -> int& { return c.tile.rows; });
  s.add_int("tile.cols", "", 1, 65536, "crossbar columns (outputs, bit lines)",
            [](ChipConfig& c) -> int& { return c.tile.cols; });

  s.add_int("tile.mapping.devices_per_weight", "", 2, 4,
            "devices per weight: 2 (one differential pair) or 4 (two pairs)",
            [](ChipConfig& c) -> int& { return c.tile.mapping.devices_per_weight; });
  s.add_float("tile.mapping.significance_factor", "", 1e-6, 1e6,
              "F: weight of the second pair when devices_per_weight is 4",
              [](ChipConfig& c) -> double& { return c.tile.mapping.significance_factor; });
  s.add_enum<WeightScaling>(
      "tile.mapping.scaling", "which w_max maps to G_max",
      {{"per_tile", WeightScaling::kPerTile}, {"per_column", WeightScaling::kPerColumn}},
      [](ChipConfig& c) -> WeightScaling& { return c.tile.mapping.scaling; });
  s.add_float("tile.mapping.clip_weights_sigma", "", 0, 1e3,
              "0: w_max = max|W|; >0: w_max = this many standard deviations of W",
              [](ChipConfig& c) -> double& { return c.tile.mapping.clip_weights_sigma; });
  s.add_int("tile.mapping.programmable_levels", "", 0, 1 << 20,
            "0: continuous conductances; >1: quantised to this many levels",
            [](ChipConfig& c) -> int& { return c.tile.mapping.programmable_levels; });

  register_device(s);

  s.add_int("tile.programming.verify_iterations", "", 1, 1000,
            "program-and-verify iterations per device",
            [](ChipConfig& c) -> int& { return c.tile.programming.verify_iterations; });
  s.add_float("tile.programming.pulse_ns", "ns", 0, 1e9, "duration of one program/verify pulse",
              [](ChipConfig& c) -> double& { return c.tile.programming.pulse_ns; });
  s.add_float("tile.programming.pulse_energy_pj", "pJ", 0, 1e9,
              "energy of one program pulse per device",
              [](ChipConfig& c) -> double& { return c.tile.programming.pulse_energy_pj; });
  s.add_int("tile.programming.parallel_rows", "", 1, 65536, "rows programmed at once",
            [](ChipConfig& c) -> int& { return c.tile.programming.parallel_rows; });

  register_converters(s);

  s.add_float("tile.read.v_read_V", "V", 0, 10, "read voltage (Ambrogio 2023: 0.3 V)",
              [](ChipConfig& c) -> double& { return c.tile.read.v_read_V; });
  s.add_enum<ReadNoiseMode>("tile.read.noise_mode",
                            "read noise applied output-referred (fast) or per device (reference)",
                            {{"output_referred", ReadNoiseMode::kOutputReferred},
                             {"per_device", ReadNoiseMode::kPerDevice}},
                            [](ChipConfig& c) -> ReadNoiseMode& { return c.tile.read.noise_mode; });
  s.add_float("tile.read.time_since_programming_s", "s", 0, kBig,
              "offset added to the simulated time since programming (drift)",
              [](ChipConfig& c) -> double& { return c.tile.read.time_since_programming_s; });
  s.add_float("tile.read.drift_tolerance", "", 0, 1,
              "recompute drifted conductances when the drift factor moves more than this",
              [](ChipConfig& c) -> double& { return c.tile.read.drift_tolerance; });
  s.add_enum<DriftCompensation>(
      "tile.read.compensation", "drift compensation",
      {{"none", DriftCompensation::kNone},
       {"global", DriftCompensation::kGlobal},
       {"per_column", DriftCompensation::kPerColumn}},
      [](ChipConfig& c) -> DriftCompensation& { return c.tile.read.compensation; });
  s.add_float("tile.read.recalibration_period_ns", "ns", 0, kBig,
              "drift recalibration period; 0: the scale follows the drift at no cost (as the "
              "IBM kit compensates at inference time); >0: recalibrate every period, with cost",
              [](ChipConfig& c) -> double& { return c.tile.read.recalibration_period_ns; });
  s.add_int("tile.read.calibration_reads", "reads", 1, 1024,
            "reads averaged per drift-compensation calibration pattern (each costs one MVM); "
            "default 2, design choice: the fewest whose cross products remove the read-noise "
            "bias of the squared readout",
            [](ChipConfig& c) -> int& { return c.tile.read.calibration_reads; });
  s.add_int("tile.read.calibration_inputs", "patterns", 0, 1 << 20,
            "orthogonal calibration patterns of a global drift calibration (0: all, the next "
            "power of two >= rows used, the exact least-squares factor; per_column always "
            "applies all); default 0, design choice: fewer are cheaper but less exact",
            [](ChipConfig& c) -> int& { return c.tile.read.calibration_inputs; });
  s.add_bool("tile.read.ir_drop", "first-order IR drop along the rows",
             [](ChipConfig& c) -> bool& { return c.tile.read.ir_drop; });
  s.add_float("tile.read.wire_resistance_ohm", "ohm", 0, 1e6,
              "wire resistance per cell segment (IR drop)",
              [](ChipConfig& c) -> double& { return c.tile.read.wire_resistance_ohm; });

  s.add_float("tile.energy.buffer_energy_pj_per_bit", "pJ/bit", 0, 1e6,
              "local SRAM buffer access (Horowitz 2014: 10 pJ per 64 b)",
              [](ChipConfig& c) -> double& { return c.tile.energy.buffer_energy_pj_per_bit; });
  s.add_float("tile.energy.static_power_mW", "mW", 0, 1e6, "tile leakage power",
              [](ChipConfig& c) -> double& { return c.tile.energy.static_power_mW; });
  s.add_float("tile.energy.integration_power_mW", "mW", 0, 1e6,
              "active power while the array integrates (PWM drivers, integrators, bias)",
              [](ChipConfig& c) -> double& { return c.tile.energy.integration_power_mW; });
  s.add_float("tile.energy.conversion_power_mW", "mW", 0, 1e6,
              "active power of the shared readout while the ADCs convert (besides the ADCs)",
              [](ChipConfig& c) -> double& { return c.tile.energy.conversion_power_mW; });
  s.add_enum<Readout>(
      "tile.readout",
      "serial: integrate then convert; pipelined: the next MVM integrates while this one "
      "converts (interval max(integration, conversion), latency their sum)",
      {{"serial", Readout::kSerial}, {"pipelined", Readout::kPipelined}},
      [](ChipConfig& c) -> Readout& { return c.tile.readout; });
  s.add_float("tile.energy.dpu_shift_add_pj", "pJ", 0, 1e6,
              "bit-serial shift-and-add per column per bit (Horowitz: 8-bit add)",
              [](ChipConfig& c) -> double& { return c.tile.energy.dpu_shift_add_pj; });
  register_duration_fields(s);
}

}  // namespace kirchhoff::config
