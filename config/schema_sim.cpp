// Keys of the run itself, the chip layout and the built-in synthetic workload.
#include "config/schema.h"

namespace kirchhoff::config {

void register_sim_fields(Schema& s) {
  s.add_uint64("sim.seed", "", 0, 9007199254740991.0,
               "root seed of every random stream (counter-based, per component)",
               [](ChipConfig& c) -> std::uint64_t& { return c.sim.seed; });
  s.add_float("sim.quantum_ns", "ns", 1, 1e9, "temporal-decoupling quantum of the TLM initiators",
              [](ChipConfig& c) -> double& { return c.sim.quantum_ns; });
  s.add_bool("sim.check_protocol",
             "insert a TLM-2.0 base-protocol checker (protocol/tlm_protocol_checker.h) on every "
             "socket binding of the chip; each violation is a warning, the run logs the totals",
             [](ChipConfig& c) -> bool& { return c.sim.check_protocol; });
  s.add_int("sim.threads", "", 1, 256,
            "threads that program a tile's devices (parallel_for over runs of devices; "
            "counter-based random streams keyed by device, so results are bit-identical for "
            "any count)",
            [](ChipConfig& c) -> int& { return c.sim.threads; });

  s.add_string("chip.name", "name of the chip preset, printed in reports",
               [](ChipConfig& c) -> std::string& { return c.chip.name; });
  s.add_int("chip.tiles", "", 1, 65536, "analog tiles on the chip",
            [](ChipConfig& c) -> int& { return c.chip.tiles; });
  s.add_int("chip.global_dpus", "", 0, 4096,
            "global digital processing units, each its own network node",
            [](ChipConfig& c) -> int& { return c.chip.global_dpus; });
  s.add_int("chip.mesh_cols", "nodes", 1, 256, "network mesh width",
            [](ChipConfig& c) -> int& { return c.chip.mesh_cols; });
  s.add_int("chip.mesh_rows", "nodes", 1, 256, "network mesh height",
            [](ChipConfig& c) -> int& { return c.chip.mesh_rows; });
  register_landing_pad_fields(s);
  s.add_bool("chip.power_gate_unused_tiles",
             "power-gate the tiles that hold no weights: they and their local DPUs (unless it ran "
             "operations) record no static or active energy; false: every tile leaks",
             [](ChipConfig& c) -> bool& { return c.chip.power_gate_unused_tiles; });

  s.add_int("workload.in_features", "", 1, 1 << 20,
            "--workload dense: input vector length (crossbar rows used)",
            [](ChipConfig& c) -> int& { return c.workload.in_features; });
  s.add_int("workload.out_features", "", 1, 1 << 20,
            "--workload dense: output vector length (crossbar columns used)",
            [](ChipConfig& c) -> int& { return c.workload.out_features; });
  s.add_int("workload.samples", "", 1, 1 << 24, "--workload dense: input vectors streamed",
            [](ChipConfig& c) -> int& { return c.workload.samples; });
  s.add_float("workload.weight_std", "", 1e-9, 1e9,
              "--workload dense: weights drawn from N(0, weight_std^2)",
              [](ChipConfig& c) -> double& { return c.workload.weight_std; });
  s.add_float("workload.input_max", "", 1e-9, 1e9,
              "--workload dense: inputs drawn from U(-input_max, input_max)",
              [](ChipConfig& c) -> double& { return c.workload.input_max; });
}

}  // namespace kirchhoff::config
