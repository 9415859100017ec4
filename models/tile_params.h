// Parameters of one analog crossbar tile: mapping, device, converters, timing and energy.
// Every physical number has its unit in its name and a default with its source; the YAML
// config binds each field (config/schema_tile.cpp), so the comments here are the reference.
#pragma once

#include <string>
#include <vector>

#include "models/digital_tile_params.h"
#include "models/duration_readout_params.h"

namespace kirchhoff {

// ---- weight -> conductance mapping --------------------------------------------------------
enum class WeightScaling { kPerTile, kPerColumn };

// Design choices rather than physical constants (see models/weight_mapping.h for the law).
struct MappingParams {
  // 2: one differential pair (G+, G-), the minimal signed cell; 4: two pairs (HERMES, Le Gallo
  // 2023: 2 devices per polarity; Ambrogio 2023: G+, g+, G-, g- with significance F).
  int devices_per_weight = 2;
  // F (dimensionless): W ∝ (G+ - G-) + F (g+ - g-). 1 = both pairs equal (HERMES sums them).
  double significance_factor = 1.0;
  WeightScaling scaling = WeightScaling::kPerTile;  // which w_max maps to G_max - G_min
  double clip_weights_sigma = 0.0;  // 0: w_max = max|W|; >0: w_max = this many std of W
  int programmable_levels = 0;      // 0: continuous; >=2: each G quantised to this many levels
};

// ---- device models -------------------------------------------------------------------------
enum class DeviceType { kIdeal, kPcm, kRram, kTable };

// PCM statistical model (Nandakumar et al. 2019, as in IBM's analog hardware kit); defaults are
// the published coefficients listed in docs/published_figures.md.
// Units: t0_s, t_read_s in s; *_uS in uS; nu_* and read_q_* dimensionless (per ln g where
// multiplied by ln g).
struct PcmParams {
  double t0_s = 20.0;        // s, drift reference time
  double t_read_s = 250e-9;  // s, read pulse duration for the 1/f noise integral
  double g_ref_uS = 25.0;    // uS, G_max the coefficients were fitted at
  // programming noise sigma_prog = (c0 + c1 g + c2 g^2) * G_max / g_ref uS, g = G_target/G_max
  double prog_c0_uS = 0.26348;
  double prog_c1_uS = 1.9650;
  double prog_c2_uS = -1.1731;
  // drift exponent: mu = clamp(a ln g + b, lo, hi); sigma = clamp(c ln g + d, lo, hi)
  double nu_mu_a = -0.0155, nu_mu_b = 0.0244, nu_mu_min = 0.049, nu_mu_max = 0.1;
  double nu_sigma_a = -0.0125, nu_sigma_b = -0.0059, nu_sigma_min = 0.008, nu_sigma_max = 0.045;
  // 1/f read noise: Q_s = min(q_a / max(g, q_g_min)^q_exp, q_max)
  double read_q_a = 0.0088, read_q_exp = 0.65, read_q_g_min = 1e-3, read_q_max = 0.2;
};

// RRAM (HfOx-class) model: Gaussian programming noise relative to G_max, read noise relative
// to G, optional weak power-law drift (models/rram_device.h).
struct RramParams {
  // sigma_prog / G_max (dimensionless). Milo et al., IRPS 2021 (HfO2 1T1R, 50-225 uS, iterative
  // program-and-verify), Fig. 4 as fitted in Sandia's CrossSim (RRAMMilo): sigma = 4.78 uS -
  // 0.0091 G, i.e. 4.33 uS at 50 uS = 0.019 of G_max = 225 uS; the largest sigma of that range
  // is taken for every level (conservative).
  double prog_sigma_rel = 0.019;
  // sigma_read / |G| per read (dimensionless). Estimate, no source pinned: read (random
  // telegraph) fluctuations of HfOx cells are commonly of order 1 % of G; an assumption.
  double read_sigma_rel = 0.01;
  // Power-law drift exponent (dimensionless). 0: Milo 2021 reports no drift model and RRAM
  // drifts little next to PCM (an assumption); set > 0 to study weak relaxation.
  double drift_nu = 0.0;
  double t0_s = 1.0;  // s, drift reference time; only used when drift_nu > 0 (assumption)
};

// Measured device: mean and sigma of the read conductance per programmed level.
struct TableParams {
  std::vector<double> levels_uS;  // target level, ascending
  std::vector<double> mean_uS;    // measured mean of the programmed conductance
  std::vector<double> sigma_uS;   // measured sigma (programming + read)
};

struct DeviceParams {
  DeviceType type = DeviceType::kIdeal;
  double g_max_uS = 25.0;  // uS, conductance that the largest |w| maps to (PCM reference G_max,
                           // Nandakumar 2019 / docs/published_figures.md)
  double g_min_uS = 0.0;   // uS, off conductance (0 as in the IBM kit's PCM mapping)
  // Yield (fractions of devices, dimensionless): stuck at G_min / G_max, no drift. Default 0
  // (perfect yield); set from a measured fault map.
  double stuck_at_min_fraction = 0.0;
  double stuck_at_max_fraction = 0.0;
  PcmParams pcm;
  RramParams rram;
  TableParams table;
};

// ---- programming ---------------------------------------------------------------------------
// Cost only: the noise of the resulting conductances is the device model's.
struct ProgrammingParams {
  // Program-and-verify iterations per device. 1 (one program + one verify pass) is a lower
  // bound; iterative schemes need several, set it from the programming algorithm.
  int verify_iterations = 1;
  // ns, one program or verify pulse. Estimate: a PCM SET pulse is of order 100 ns (Wong et al.,
  // "Phase change memory", Proc. IEEE 98, 2201 (2010)).
  double pulse_ns = 100.0;
  // pJ per device per program pulse. Estimate: PCM RESET/SET energies span ~1-100 pJ with cell
  // size (Wong et al. 2010); 10 pJ is the middle of that range on a log scale.
  double pulse_energy_pj = 10.0;
  int parallel_rows = 1;  // rows programmed at once, all columns in parallel (design choice)
};

// ---- converters ------------------------------------------------------------------------------
enum class InputEncoding { kPwm, kBitSerial };
// How each layer's DAC full scale is chosen (default calibrated). fixed: tile.dac.range for every
// layer; calibrated: the compiler sets each layer's range from the float reference's inputs of that
// layer over the first calibration_samples samples (the calibration_percentile of |x|), and the
// host programs it into the layer's tiles (DAC_RANGE); the tile rescales its output by it after the
// ADC, the digital input scale of IBM's analog hardware kit (input range learning / calibration).
// abs_max: per-vector noise management (IBM's kit's NoiseManagementType.ABS_MAX): every input
// vector is scaled by its own max |x| to the DAC full scale and the scale is applied digitally to
// the outputs; the tile charges the max-reduction (one compare per input) and the multiply (one
// per output) with the DPU's cost model (dpu.*). noise_management = true is the same mode.
enum class DacRangeMode { kFixed, kCalibrated, kAbsMax };
// How each layer's ADC full scale is chosen. fixed: tile.adc.bound for every layer; calibrated:
// the compiler sets each layer's full scale (the normalised column value that converts to the
// largest code) from the float reference over the calibration samples (calibration_percentile of
// the |column sums| each tile of the layer would convert), and the host programs it (ADC_RANGE).
enum class AdcRangeMode { kFixed, kCalibrated };

struct DacParams {
  int bits = 8;  // input resolution including the sign bit when signed (HERMES: 8-bit PWM)
  bool is_signed = true;
  double range = 1.0;             // input units; |x| <= range maps to full scale, larger clip
  bool noise_management = false;  // scale each vector by its abs-max before the DAC
  DacRangeMode range_mode = DacRangeMode::kCalibrated;
  int calibration_samples = 64;         // samples of the calibration pass (calibrated mode)
  double calibration_percentile = 100;  // percentile of |x| per layer (100: the largest |x|)
  // Per mapped weight layer (graph order): the ranges of a calibration done before (a run's
  // config.resolved.yaml records them); non-empty, calibrated mode uses them instead of a
  // calibration pass. 0: tile.dac.range.
  std::vector<double> layer_ranges;
  InputEncoding encoding = InputEncoding::kPwm;  // Ambrogio 2023 / HERMES: PWM inputs
  // ns, PWM time per LSB (HERMES: 1 ns/LSB); bit_serial: the pulse of one bit.
  double t_lsb_ns = 1.0;
  // Multi-phase MVM (HERMES 4-phase mode: 4): latency and periphery energy repeat per phase.
  int phases = 1;
  double energy_per_row_pj = 0.42;  // pJ, one row for one read (ISAAC 1-bit DAC row drive)
};

// Conversion laws per type (models/adc.h, models/adc_energy.h):
//   ramp, cco: time 2^bits * t_lsb_ns; energy = power_mW * time (the converter is on while it
//              counts: a time-proportional converter)
//   sar:       time bits * t_bit_ns; energy = Walden FOM * 2^bits
//   table:     time table_conversion_ns; energy looked up by bits in a measured table
enum class AdcType { kRamp, kCco, kSar, kTable };

struct AdcParams {
  int bits = 8;  // output resolution including the sign bit (HERMES: 8-bit outputs)
  // Full scale in normalised units (|w|<=1 times |x|<=1 is 1); 12 is the IBM analog hardware
  // kit's default output bound.
  double bound = 12.0;
  double gain = 1.0;  // analog gain before conversion (dimensionless; HERMES trims it per ADC)
  // Additive output noise, normalised units. 0 = ideal; the IBM kit uses 0.04-0.06
  // (docs/published_figures.md).
  double noise_sigma = 0.0;
  AdcType type = AdcType::kCco;  // HERMES: time-based CCO ADCs
  double t_lsb_ns = 0.3;         // ns, ramp/cco per LSB (HERMES CCO: 300 ps/LSB)
  double t_bit_ns = 1.0;         // ns, sar per bit. Estimate: one SAR cycle at 1 GHz
  int columns_per_adc = 1;       // ADC sharing ratio, multiplies conversion time (HERMES: 1)
  // mW drawn by one ramp/cco converter while it converts. Derived for HERMES (docs/validation.md):
  // the 256 8-bit CCO ADCs taken as 40 % of a core's 13.4 nJ MVM (an assumption: no per-ADC
  // power is published) -> 5.4 nJ / 256 / 76.8 ns = 0.27 mW, 20.7 pJ per conversion.
  double power_mW = 0.27;
  // fJ per conversion step, sar: E = walden_fom_fj * 2^bits. 8-bit SAR ADCs in 28-65 nm are
  // typically 1-10 fJ/step (Murmann ADC survey, docs/published_figures.md); 3 fJ is the middle of
  // that range on a log scale (0.77 pJ at 8 bit). Typical, not the frontier.
  double walden_fom_fj = 3.0;
  // table: measured energy per conversion (pJ) by output width (bits), equal-length lists; bits
  // must be one of table_bits. Conversion time table_conversion_ns.
  std::vector<double> table_bits;
  std::vector<double> table_energy_pj;
  double table_conversion_ns = 1.0;
  double energy_per_conversion_pj = 0.0;  // pJ; > 0 overrides the law of the type
  AdcRangeMode range_mode = AdcRangeMode::kFixed;
  double calibration_percentile = 100;  // percentile of |column sum| per layer (calibrated)
  // Per mapped weight layer, like DacParams::layer_ranges (normalised units; 0: bound / gain).
  std::vector<double> layer_ranges;
};

// ---- read noise, drift, compensation --------------------------------------------------------
enum class ReadNoiseMode { kOutputReferred, kPerDevice };
enum class DriftCompensation { kNone, kGlobal, kPerColumn };

struct ReadParams {
  double v_read_V = 0.3;  // V, read voltage (Ambrogio 2023: 0.3 V)
  // Output-referred: one Gaussian per column with variance sum_r sigma_rc^2 x_r^2 (fast);
  // per-device: every device read once per MVM (reference, slow).
  ReadNoiseMode noise_mode = ReadNoiseMode::kOutputReferred;
  double time_since_programming_s = 0.0;  // s, offset added to simulated time
  // Relative change of the fastest device's drift factor (t/t0)^-nu that triggers a recompute
  // of G(t) (dimensionless). Design choice: 0.1 %, well below HERMES's ~2 % MVM error.
  double drift_tolerance = 1e-3;
  DriftCompensation compensation = DriftCompensation::kGlobal;  // IBM kit default: global
  // ns. 0: the compensation scale follows the drift cache at no cost (as the IBM kit
  // compensates at the inference time); > 0: the scale changes only when calibrate() runs
  // (the SystemC tile calls it every period and charges its cost).
  double recalibration_period_ns = 0.0;
  // Reads of each drift-compensation calibration input, averaged (models/drift_compensation.h).
  // Design choice: 2, the fewest whose cross products estimate the noise-free squared readout
  // (one read biases the factor low by the read-noise power); each read costs one MVM.
  int calibration_reads = 2;
  // Calibration patterns of a global calibration: the first of the orthogonal set, 0 = all N
  // (the exact least-squares factor; per-column compensation always applies all N). Design
  // choice: 0. Fewer patterns leave cross terms between rows: on a 256 x 64 PCM tile after a
  // year 16 patterns put the factor up to 1.2 % from the best, all 256 within 0.06 %
  // (tests/models/drift_compensation_test.cpp).
  int calibration_inputs = 0;
  bool ir_drop = false;  // first-order IR drop (assumptions in models/ir_drop.h)
  // Ohm per cell segment of a word or bit line. Estimate: Cu line with size-effect resistivity
  // ~4e-8 ohm m, 50 nm x 100 nm cross-section, ~0.2 um cell pitch -> ~1.6 ohm; order 1 ohm.
  double wire_resistance_ohm = 1.0;
};

// ---- energy and timing of the periphery ------------------------------------------------------
// Pipelined readout: the integrators of the next MVM work while the ADCs convert the current
// one (double-buffered integration capacitors; HERMES overlaps them, Le Gallo 2023: ~130 ns per
// MVM with a 128 ns PWM window and 76.8 ns conversions). Laws (models/tile_cost.h):
//   latency  = phases * bit_phases * (integration + conversion)           (input to output)
//   interval = phases * bit_phases * max(integration, conversion)  pipelined (MVM to next MVM)
//   interval = latency                                             serial
enum class Readout { kSerial, kPipelined };

struct TileEnergyParams {
  double buffer_energy_pj_per_bit = 0.156;  // pJ/bit, SRAM read, 8 KB: 10 pJ per 64 b (Horowitz)
  // mW, leakage of the whole tile while it is powered (not gated). Derived estimate: ~1 % of a
  // HERMES core's active power (1.008 TOPS at 10.5 TOPS/W -> 96 mW, JSSC 2022); no paper
  // reports the leakage share.
  double static_power_mW = 1.0;
  double dpu_shift_add_pj = 0.03;  // pJ, one 8-bit add per column per partial (Horowitz 2014)
  // mW, time-proportional power of the tile while its array integrates (PWM modulators and
  // source-line drivers, integrators, bias and references), drawn for each read's integration
  // window. Derived for HERMES (docs/validation.md): of a core's 13.4 nJ per 1-phase MVM (9.76
  // TOPS/W, Le Gallo 2023), what array, DAC, buffers, ADCs and leakage do not explain on the
  // peak workload, over the 128 ns window: 6.4 nJ / 128 ns = 50 mW.
  double integration_power_mW = 50.0;
  // mW, time-proportional power of the tile's shared readout while its ADCs convert (ramp
  // generators, counters, reference and control shared by the converters; the ADCs' own power is
  // tile.adc.power_mW each). HERMES: 0 (the CCO ADCs carry their own counters; an assumption).
  double conversion_power_mW = 0.0;
};

struct TileParams {
  // analog: the crossbar below; digital: an SRAM-CIM / MAC-array tile of the same rows x cols
  // with the parameters of `digital` (models/digital_tile_params.h), same TLM address map.
  TileKind kind = TileKind::kAnalog;
  DigitalTileParams digital;
  // Fraction of a layer's DAC inputs clipped or ADC outputs saturated above which a run warns
  // (design choice: 1 %).
  double clip_warning_fraction = 0.01;
  int rows = 256;  // crossbar inputs (word lines); HERMES: 256 x 256 unit cells
  int cols = 256;  // crossbar outputs (bit lines)
  MappingParams mapping;
  DeviceParams device;
  ProgrammingParams programming;
  DacParams dac;
  AdcParams adc;
  ReadParams read;
  Readout readout = Readout::kSerial;  // presets that overlap set pipelined (HERMES)
  // adc: the converters of `adc` (HERMES); duration: the ramp comparators of `duration` (the
  // 14 nm chip, no per-tile ADC). Either way tile.adc.bound / gain (or the calibrated ADC range)
  // is the output full scale and tile.adc.noise_sigma the output noise.
  OutputConversion output_conversion = OutputConversion::kAdc;
  DurationReadoutParams duration;
  TileEnergyParams energy;
  // Threads of one tile's programming (models/parallel_for.h): not a tile.* key, the chip sets
  // it from sim.threads. The programmed devices are the same bits whatever it is.
  int programming_threads = 1;
};

}  // namespace kirchhoff
