// Parameters of one analog crossbar tile: mapping, device, converters, timing and energy.
// Every physical number has its unit in its name and a default with its source; the YAML
// config binds each field (config/schema_tile.cpp), so the comments here are the reference.
#pragma once

#include <string>
#include <vector>

namespace kirchhoff {

// ---- weight -> conductance mapping --------------------------------------------------------
enum class WeightScaling { kPerTile, kPerColumn };

struct MappingParams {
  int devices_per_weight = 2;        // 2: one differential pair (G+, G-); 4: two pairs
  double significance_factor = 1.0;  // F: the second pair's weight (devices_per_weight 4)
  WeightScaling scaling = WeightScaling::kPerTile;  // which w_max maps to G_max
  double clip_weights_sigma = 0.0;  // 0: w_max = max|W|; >0: w_max = this many std of W
  int programmable_levels = 0;      // 0: continuous; >1: G quantised to this many levels
};

// ---- device models -------------------------------------------------------------------------
enum class DeviceType { kIdeal, kPcm, kRram, kTable };

// PCM statistical model (Nandakumar et al. 2019, as in IBM's analog hardware kit); defaults are
// the published coefficients listed in shared/CALIBRATION.md.
struct PcmParams {
  double t0_s = 20.0;        // drift reference time
  double t_read_s = 250e-9;  // read pulse duration for the 1/f noise integral
  double g_ref_uS = 25.0;    // G_max the coefficients were fitted at
  // programming noise sigma_prog = (c0 + c1 g + c2 g^2) uS, g = G/G_max
  double prog_c0_uS = 0.26348;
  double prog_c1_uS = 1.9650;
  double prog_c2_uS = -1.1731;
  // drift exponent: mu = clamp(a ln g + b, lo, hi); sigma = clamp(c ln g + d, lo, hi)
  double nu_mu_a = -0.0155, nu_mu_b = 0.0244, nu_mu_min = 0.049, nu_mu_max = 0.1;
  double nu_sigma_a = -0.0125, nu_sigma_b = -0.0059, nu_sigma_min = 0.008, nu_sigma_max = 0.045;
  // 1/f read noise: Q_s = min(q_a / max(g, q_g_min)^q_exp, q_max)
  double read_q_a = 0.0088, read_q_exp = 0.65, read_q_g_min = 1e-3, read_q_max = 0.2;
};

// RRAM (HfOx-class) model: Gaussian programming noise relative to the conductance range, read
// noise relative to G, optional weak power-law drift.
struct RramParams {
  double prog_sigma_rel = 0.05;  // sigma_prog / G_max
  double read_sigma_rel = 0.01;  // sigma_read / G (per read)
  double drift_nu = 0.0;         // power-law exponent (0: no drift)
  double t0_s = 1.0;             // drift reference time
};

// Measured device: mean and sigma of the read conductance per programmed level.
struct TableParams {
  std::vector<double> levels_uS;  // target level, ascending
  std::vector<double> mean_uS;    // measured mean of the programmed conductance
  std::vector<double> sigma_uS;   // measured sigma (programming + read)
};

struct DeviceParams {
  DeviceType type = DeviceType::kIdeal;
  double g_max_uS = 25.0;              // conductance that the largest |w| maps to
  double g_min_uS = 0.0;               // off conductance
  double stuck_at_min_fraction = 0.0;  // yield: fraction of devices stuck at G_min
  double stuck_at_max_fraction = 0.0;  // yield: fraction of devices stuck at G_max
  PcmParams pcm;
  RramParams rram;
  TableParams table;
};

// ---- programming ---------------------------------------------------------------------------
struct ProgrammingParams {
  int verify_iterations = 1;      // program-and-verify iterations per device
  double pulse_ns = 100.0;        // duration of one program or verify pulse
  double pulse_energy_pj = 10.0;  // energy of one program pulse per device
  int parallel_rows = 1;          // rows programmed at once (columns in parallel)
};

// ---- converters ------------------------------------------------------------------------------
enum class InputEncoding { kPwm, kBitSerial };

struct DacParams {
  int bits = 8;  // input resolution including the sign bit when signed
  bool is_signed = true;
  double range = 1.0;             // |x| <= range maps to full scale; larger inputs clip
  bool noise_management = false;  // scale each vector by its abs-max before the DAC
  InputEncoding encoding = InputEncoding::kPwm;
  double t_lsb_ns = 1.0;            // PWM time per LSB (HERMES: 1 ns/LSB)
  int phases = 1;                   // multi-phase MVM (HERMES 4-phase mode: 4)
  double energy_per_row_pj = 0.42;  // driving one row for one MVM (ISAAC 1-bit DAC row drive)
};

enum class AdcType { kRamp, kCco, kSar };

struct AdcParams {
  int bits = 8;              // output resolution including the sign bit
  double bound = 12.0;       // full scale in normalised units (|w|<=1 times |x|<=1 is 1)
  double gain = 1.0;         // analog gain before conversion
  double noise_sigma = 0.0;  // additive output noise, normalised units
  AdcType type = AdcType::kCco;
  double t_lsb_ns = 0.3;                  // ramp/cco: per LSB (HERMES CCO: 300 ps/LSB)
  double t_bit_ns = 1.0;                  // sar: per bit
  int columns_per_adc = 1;                // ADC sharing ratio, multiplies conversion time
  double fom_db = 175.0;                  // Schreier FOM for E = 1/(2*10^((FOM-SNDR)/10)) (Murmann)
  double energy_per_conversion_pj = 0.0;  // >0 overrides the FOM law
};

// ---- read noise, drift, compensation --------------------------------------------------------
enum class ReadNoiseMode { kOutputReferred, kPerDevice };
enum class DriftCompensation { kNone, kGlobal, kPerColumn };

struct ReadParams {
  double v_read_V = 0.3;  // read voltage (Ambrogio 2023: 0.3 V)
  ReadNoiseMode noise_mode = ReadNoiseMode::kOutputReferred;
  double time_since_programming_s = 0.0;  // offset added to simulated time
  double drift_tolerance = 1e-3;          // recompute G(t) when the drift factor moves more
  DriftCompensation compensation = DriftCompensation::kGlobal;
  double recalibration_period_ns = 0.0;  // 0: calibrate once after programming
  bool ir_drop = false;                  // first-order IR drop (see models/ir_drop.h)
  double wire_resistance_ohm = 1.0;      // per cell segment, for the IR-drop model
};

// ---- energy and timing of the periphery ------------------------------------------------------
struct TileEnergyParams {
  double buffer_energy_pj_per_bit = 0.156;  // SRAM read, 8 KB: 10 pJ per 64 b (Horowitz 2014)
  double static_power_mW = 1.0;             // leakage of the whole tile
  double dpu_shift_add_pj = 0.03;           // one 8-bit add per column per bit (Horowitz)
};

struct TileParams {
  int rows = 256;  // crossbar inputs (word lines)
  int cols = 256;  // crossbar outputs (bit lines)
  MappingParams mapping;
  DeviceParams device;
  ProgrammingParams programming;
  DacParams dac;
  AdcParams adc;
  ReadParams read;
  TileEnergyParams energy;
};

}  // namespace kirchhoff
