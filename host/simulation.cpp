#include "host/simulation.h"

#include <chrono>
#include <stdexcept>
#include <string>

#include "chip/chip.h"
#include "host/host_model.h"
#include "host/synthetic_workload.h"

namespace kirchhoff {

SimulationResult run_simulation(const config::ChipConfig& cfg, traces::Recorder& recorder) {
  const auto wall0 = std::chrono::steady_clock::now();
  if (cfg.workload.in_features > cfg.tile.rows || cfg.workload.out_features > cfg.tile.cols) {
    throw std::invalid_argument(
        "workload " + std::to_string(cfg.workload.in_features) + "x" +
        std::to_string(cfg.workload.out_features) + " does not fit one " +
        std::to_string(cfg.tile.rows) + "x" + std::to_string(cfg.tile.cols) +
        " tile; allowed: workload.in_features <= tile.rows and workload.out_features <= "
        "tile.cols");
  }
  const SyntheticData data = make_synthetic_workload(cfg.workload, cfg.sim.seed);

  Chip chip("chip", cfg, &recorder);
  HostModel host("host", data, 0, sc_core::sc_time(cfg.sim.quantum_ns, sc_core::SC_NS), &recorder);
  host.socket.bind(chip.host_target());
  const sc_core::sc_time end = run_to_end(chip, recorder);

  SimulationResult r;
  r.host_failed = host.failed();
  r.outputs = host.outputs();
  r.reference.reserve(data.inputs.size());
  for (const auto& x : data.inputs) r.reference.push_back(reference_gemv(data.layer, x));
  r.summary = summarise(
      cfg, recorder.totals(), host.latencies_ns(), host.programming_done().to_seconds() * 1e9,
      host.finished().to_seconds() * 1e9, end.to_seconds() * 1e9, r.outputs, r.reference);
  add_tile_figures(r.summary, recorder);
  r.summary.wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  return r;
}

}  // namespace kirchhoff
