// An example virtual platform that embeds Kirchhoff: its own sc_main, its own CPU-like TLM-2.0
// initiator (cpu.h), and two Kirchhoff components bound to it:
//   (a) one kirchhoff::AnalogTile built from TileParams in code, at addresses 0.. of its CPU;
//   (b) a whole kirchhoff::Chip built from a config file (config::load_config), whose host port
//       decodes the chip address map (tile i at 0x1_0000_0000 + i * 0x100_0000).
// Each CPU programs weights, writes an input, starts the MVM and reads the result through the
// register map; the results are printed against a float GEMV and must lie within the error
// bound of the tiles' converters (gemv_check.h). Every binding is checked against the TLM-2.0
// base protocol (protocol/tlm_protocol_checker.h): a checker between each CPU and what it drives,
// and the chip's own on every internal binding (sim.check_protocol); any violation fails the run.
//
// Usage: virtual_platform [CHIP_CONFIG.yaml]   (default: vp_chip.yaml next to this file)
// Exit: 0 all results within their bounds and no protocol violation, 1 a result outside, a bus
// error or a violation, 2 bad config.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include <systemc>

#include "chip/chip.h"
#include "chip/chip_address_map.h"
#include "chip/sanitizer_stack.h"
#include "config/config_loader.h"
#include "cpu.h"
#include "gemv_check.h"
#include "protocol/tlm_protocol_checker.h"
#include "tiles/analog_tile.h"
#include "traces/recorder.h"

namespace {

// Deterministic, sign-mixed data in [-1, 1] so the runs are reproducible.
vp::MvmJob make_job(std::string name, std::uint64_t base, int rows, int cols, double phase) {
  vp::MvmJob job;
  job.name = std::move(name);
  job.base = base;
  job.rows = rows;
  job.cols = cols;
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c)
      job.weights.push_back(static_cast<float>(0.8 * std::sin(0.7 * r + 1.3 * c + phase)));
    job.input.push_back(static_cast<float>(0.9 * std::cos(0.45 * r + phase)));
  }
  return job;
}

enum class Verdict { kWithinBound, kOutsideBound, kNotChecked };

// Prints one job against the float GEMV and says whether it is within its converter bound.
Verdict report(const vp::MvmJob& job, const kirchhoff::TileParams& params) {
  namespace map = kirchhoff::tile_map;
  const std::vector<double> ref = vp::float_gemv(job.weights, job.rows, job.cols, job.input);
  const std::vector<double> bound =
      vp::converter_error_bound(params, job.weights, job.rows, job.cols);
  double max_err = 0.0, max_bound = 0.0;
  bool within = true;
  for (int c = 0; c < job.cols; ++c) {
    const double err = std::fabs(job.output[c] - ref[c]);
    max_err = std::max(max_err, err);
    max_bound = std::max(max_bound, bound[c]);
    within = within && err <= bound[c];
  }
  const int shown = std::min(job.cols, 4);
  std::printf("%-12s %2d x %-2d  y:", job.name.c_str(), job.rows, job.cols);
  for (int c = 0; c < shown; ++c) std::printf(" %8.4f", job.output[c]);
  std::printf("   float:");
  for (int c = 0; c < shown; ++c) std::printf(" %8.4f", ref[c]);
  std::printf("%s\n", shown < job.cols ? " ..." : "");
  std::printf("%-12s max |y - y_float| = %.3e, bound (%d-bit DAC, %d-bit ADC) %.3e, at %.1f ns\n",
              "", max_err, params.dac.bits, params.adc.bits, max_bound,
              job.done_at.to_seconds() * 1e9);
  const std::uint32_t want = map::kStatusProgrammed | map::kStatusOutputValid;
  if ((job.status & want) != want || (job.status & map::kStatusBusy)) {
    std::printf("%-12s STATUS = 0x%x, expected programmed and output valid, not busy\n", "",
                job.status);
    return Verdict::kOutsideBound;
  }
  std::string why_not = vp::bound_does_not_apply(params);
  if (why_not.empty() && vp::adc_clips(params, job.weights, job.rows, job.cols, job.input))
    why_not = "the ADC clips (raise adc.bound)";
  if (!why_not.empty()) {
    std::printf("%-12s bound not checked: %s\n", "", why_not.c_str());
    return Verdict::kNotChecked;
  }
  if (!within) std::printf("%-12s OUTSIDE the converter bound\n", "");
  return within ? Verdict::kWithinBound : Verdict::kOutsideBound;
}

}  // namespace

int sc_main(int argc, char* argv[]) {
  const std::string config_path = argc > 1 ? argv[1] : VP_DEFAULT_CONFIG;
  kirchhoff::config::ChipConfig chip_cfg;
  try {
    chip_cfg = kirchhoff::config::load_config(config_path);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "virtual_platform: %s\n", e.what());
    return 2;
  }

  // (a) A stand-alone tile: parameters in code, the CPU's socket bound straight to it.
  kirchhoff::TileParams tile_params;
  tile_params.rows = 16;
  tile_params.cols = 8;
  tile_params.device.type = kirchhoff::DeviceType::kIdeal;
  tile_params.dac.bits = 8;
  tile_params.adc.bits = 8;
  tile_params.adc.bound = 12.0;
  kirchhoff::traces::Recorder recorder;  // energy and event totals; no trace files
  kirchhoff::AnalogTile tile("tile", tile_params, /*seed=*/1, &recorder);
  // Every binding goes through a TLM-2.0 base-protocol checker (protocol/): the platform's own
  // two, and the chip's internal ones (sim.check_protocol).
  kirchhoff::protocol::TlmProtocolChecker check0("check_cpu0_tile");
  vp::Cpu cpu0("cpu0");
  cpu0.socket.bind(check0.target);
  check0.initiator.bind(tile.target);
  cpu0.jobs.push_back(make_job("tile", 0, 16, 8, 0.0));

  // (b) A whole chip from its config file: the CPU talks to the chip's host port.
  chip_cfg.sim.check_protocol = true;
  kirchhoff::Chip chip("chip", chip_cfg, &recorder);
  kirchhoff::protocol::TlmProtocolChecker check1("check_cpu1_chip");
  vp::Cpu cpu1("cpu1");
  cpu1.socket.bind(check1.target);
  check1.initiator.bind(chip.host_target());
  const int rows = std::min(24, chip_cfg.tile.rows), cols = std::min(12, chip_cfg.tile.cols);
  for (int i = 0; i < chip.num_tiles() && i < 2; ++i) {
    cpu1.jobs.push_back(make_job("chip.tile" + std::to_string(i), kirchhoff::chip_map::tile_base(i),
                                 rows, cols, 0.5 + i));
  }

  sc_core::sc_start();
  // Under ASan, after sc_start() returns: restores this thread's stack bounds (a no-op
  // otherwise; chip/sanitizer_stack.h says why a platform that runs SystemC needs it).
  kirchhoff::clear_stale_stack_poison();

  bool bus_ok = true;
  for (const vp::Cpu* cpu : {&cpu0, &cpu1}) {
    if (!cpu->bus_error.empty()) {
      std::printf("bus error: %s\n", cpu->bus_error.c_str());
      bus_ok = false;
    }
  }
  int within = 0, outside = 0, unchecked = 0;
  if (bus_ok) {
    std::vector<Verdict> verdicts = {report(cpu0.jobs[0], tile_params)};
    for (const vp::MvmJob& job : cpu1.jobs) verdicts.push_back(report(job, chip_cfg.tile));
    for (Verdict v : verdicts) {
      within += v == Verdict::kWithinBound;
      outside += v == Verdict::kOutsideBound;
      unchecked += v == Verdict::kNotChecked;
    }
  }
  const std::uint64_t checkers = chip.protocol_checkers().size() + 2;
  const std::uint64_t transactions =
      chip.protocol_transactions() + check0.transactions() + check1.transactions();
  const std::uint64_t violations =
      chip.protocol_violations() + check0.violation_count() + check1.violation_count();
  std::printf(
      "virtual_platform: protocol check: %llu checkers, %llu transactions, %llu violations\n",
      static_cast<unsigned long long>(checkers), static_cast<unsigned long long>(transactions),
      static_cast<unsigned long long>(violations));
  const bool ok = bus_ok && outside == 0 && violations == 0;
  std::printf(
      "virtual_platform: %s: %d MVMs within their converter bounds, %d outside, %d not "
      "checked (%.1f ns simulated)\n",
      ok ? "PASS" : "FAIL", within, outside, unchecked,
      sc_core::sc_time_stamp().to_seconds() * 1e9);
  return ok ? 0 : 1;
}
