// Keys of the host model and its ports into the chip.
#include "config/schema.h"

namespace kirchhoff::config {

void register_host_fields(Schema& s) {
  s.add_float("host.port_bandwidth_GBps", "GB/s", 1e-3, 1e6,
              "chip I/O bandwidth of one host port (estimate: PCIe 4.0 x8)",
              [](ChipConfig& c) -> double& { return c.host.port_bandwidth_GBps; });
  s.add_float("host.port_latency_ns", "ns", 0, 1e9,
              "latency of one host transaction (estimate: one PCIe round trip)",
              [](ChipConfig& c) -> double& { return c.host.port_latency_ns; });
  s.add_float("host.io_energy_pj_per_bit", "pJ/bit", 0, 1e6,
              "off-chip I/O energy (Horowitz 2014 DRAM: 1.3-2.6 nJ per 64 b)",
              [](ChipConfig& c) -> double& { return c.host.io_energy_pj_per_bit; });
  s.add_int("host.ports", "", 1, 64, "host ports on the network",
            [](ChipConfig& c) -> int& { return c.host.ports; });
  s.add_int("host.port_posted_writes", "", 1, 4096,
            "writes in flight per host port (posted writes / burst depth); 1: each write waits "
            "for its completion, so latency paces back-to-back writes",
            [](ChipConfig& c) -> int& { return c.host.port_posted_writes; });
  s.add_enum<IoFormat>(
      "host.io_format",
      "format of the inputs and outputs the host streams through the port (its bytes set the "
      "transfer time and I/O energy; weights upload as float32)",
      {{"float32", IoFormat::kFloat32}, {"int16", IoFormat::kInt16}, {"int8", IoFormat::kInt8}},
      [](ChipConfig& c) -> IoFormat& { return c.host.io_format; });
}

}  // namespace kirchhoff::config
