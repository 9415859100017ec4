// NoC model speed: delivered packets per wall-clock second on the 8 x 8 mesh under uniform
// random traffic with 8-flit packets, at 0.01 and 0.05 packets/node/cycle, plus the 4 x 4 and
// 8 x 8 latency-load tables. Target: >= 1 million packets/s at 0.01.
#include <chrono>
#include <cstdio>
#include <ctime>

#include "interconnect/traffic.h"

namespace {

using kirchhoff::noc::NocParams;
using kirchhoff::noc::TrafficOptions;
using kirchhoff::noc::TrafficPoint;

NocParams mesh(int k) {
  NocParams p;
  p.cols = k;
  p.rows = k;
  return p;
}

void print_table(int k, const std::vector<double>& rates) {
  TrafficOptions o;
  o.rates_packets_per_node_cycle = rates;
  o.packet_flits = 8;
  o.cycles = 20000;
  o.warmup_cycles = 2000;
  o.seed = 1;
  const auto r = kirchhoff::noc::run_traffic(mesh(k), o);
  std::printf(
      "\n%dx%d mesh, uniform, XY, 8-flit packets, %lld cycles (warm-up %lld); bound %.3f "
      "flits/node/cycle\n",
      k, k, static_cast<long long>(o.cycles), static_cast<long long>(o.warmup_cycles), 4.0 / k);
  std::printf("%8s %9s %9s %9s %9s %9s %10s %10s %12s %8s\n", "rate", "offered", "accepted",
              "mean_cyc", "p99_cyc", "mean_ns", "injected", "delivered", "energy_pJ", "wall_ms");
  for (const TrafficPoint& pt : r.points) {
    std::printf("%8.4f %9.4f %9.4f %9.2f %9.1f %9.2f %10llu %10llu %12.4g %8.2f\n",
                pt.rate_packets_per_node_cycle, pt.offered_flits_per_node_cycle,
                pt.accepted_flits_per_node_cycle, pt.mean_latency_cycles, pt.p99_latency_cycles,
                pt.mean_latency_ns, static_cast<unsigned long long>(pt.packets_injected),
                static_cast<unsigned long long>(pt.packets_delivered), pt.energy_pj,
                pt.wall_seconds * 1e3);
  }
}

}  // namespace

int main() {
  std::printf("bench_noc: delivered packets per wall-clock second, 8x8 mesh, uniform, 8 flits\n");
  constexpr long long kCycles = 400000;
  // Unbounded buffers with and without backfill, and 4-flit wormhole buffers (send order).
  struct Flow {
    bool backfill;
    int buffer;
  };
  for (const Flow f : {Flow{true, 0}, Flow{false, 0}, Flow{false, 4}}) {
    const bool backfill = f.backfill;
    const int buffer = f.buffer;
    for (const double rate : {0.01, 0.05}) {
      if (buffer > 0 && rate > 0.02) continue;  // past the wormhole saturation (0.125 flits)
      TrafficOptions o;
      o.rates_packets_per_node_cycle = {rate};
      o.packet_flits = 8;
      o.cycles = kCycles;
      o.warmup_cycles = 0;
      o.seed = 1;
      NocParams p = mesh(8);
      p.backfill = backfill;
      p.buffer_flits = buffer;
      const auto t0 = std::chrono::steady_clock::now();
      const std::clock_t c0 = std::clock();
      const auto r = kirchhoff::noc::run_traffic(p, o);
      const double cpu_s = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      const TrafficPoint& pt = r.points[0];
      const double n = static_cast<double>(pt.packets_simulated);
      std::printf(
          "backfill %d, buffer %d, rate %.2f packets/node/cycle: %llu packets simulated to "
          "delivery in %.3f s wall (%.3f s CPU) -> %.3g packets/s wall, %.3g packets/CPU-s "
          "(target >= 1e6 at 0.01)\n",
          backfill ? 1 : 0, buffer, rate, static_cast<unsigned long long>(pt.packets_simulated), s,
          cpu_s, n / s, n / cpu_s);
    }
  }
  print_table(4, {0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.09, 0.10, 0.11, 0.12, 0.13, 0.15});
  print_table(8, {0.005, 0.01, 0.02, 0.03, 0.04, 0.045, 0.05, 0.055, 0.06, 0.065, 0.08});
  return 0;
}
