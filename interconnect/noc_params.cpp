#include "interconnect/noc_params.h"

#include <cmath>
#include <sstream>
#include <string>

namespace kirchhoff::noc {
namespace {

using namespace limits;  // NOLINT: the allowed ranges, documented in noc_params.h

template <typename T>
void check_range(std::vector<std::string>& out, const char* name, T value, T lo, T hi,
                 bool lo_open = false) {
  const bool bad_lo = lo_open ? !(value > lo) : !(value >= lo);
  if (bad_lo || !(value <= hi)) {
    std::ostringstream os;
    os << "noc." << name << " = " << value << " is out of range; allowed " << (lo_open ? "(" : "[")
       << lo << ", " << hi << "]";
    out.push_back(os.str());
  }
}

}  // namespace

std::string_view to_string(Topology t) {
  switch (t) {
    case Topology::kMesh:
      return "mesh";
    case Topology::kRing:
      return "ring";
    case Topology::kBus:
      return "bus";
  }
  return "?";
}

std::string_view to_string(Routing r) {
  switch (r) {
    case Routing::kXY:
      return "xy";
    case Routing::kYX:
      return "yx";
  }
  return "?";
}

std::optional<Topology> parse_topology(std::string_view s) {
  if (s == "mesh") return Topology::kMesh;
  if (s == "ring") return Topology::kRing;
  if (s == "bus") return Topology::kBus;
  return std::nullopt;
}

std::optional<Routing> parse_routing(std::string_view s) {
  if (s == "xy") return Routing::kXY;
  if (s == "yx") return Routing::kYX;
  return std::nullopt;
}

std::vector<std::string> validate(const NocParams& p) {
  std::vector<std::string> out;
  check_range(out, "cols", p.cols, 1, kMaxGridSide);
  check_range(out, "rows", p.rows, 1, kMaxGridSide);
  check_range(out, "clock_ghz", p.clock_ghz, 0.0, kMaxClockGhz, /*lo_open=*/true);
  check_range(out, "flit_bits", p.flit_bits, 1, kMaxFlitBits);
  check_range(out, "header_flits", p.header_flits, 0, kMaxHeaderFlits);
  check_range(out, "router_pipeline_cycles", p.router_pipeline_cycles, 0, kMaxStageCycles);
  check_range(out, "link_cycles", p.link_cycles, 0, kMaxStageCycles);
  check_range(out, "ni_latency_cycles", p.ni_latency_cycles, 0, kMaxStageCycles);
  check_range(out, "link_flits_per_cycle", p.link_flits_per_cycle, kMinFlitsPerCycle,
              kMaxFlitsPerCycle);
  check_range(out, "ni_flits_per_cycle", p.ni_flits_per_cycle, kMinFlitsPerCycle,
              kMaxFlitsPerCycle);
  check_range(out, "buffer_flits", p.buffer_flits, 0, kMaxBufferFlits);
  if (p.switching == Switching::kCircuit && p.buffer_flits > 0) {
    out.push_back(
        "noc.switching = circuit with noc.buffer_flits = " + std::to_string(p.buffer_flits) +
        ": a circuit holds its whole route, flits never wait in router buffers; "
        "allowed: buffer_flits = 0 with circuit switching");
  }
  if (p.backfill && p.buffer_flits > 0) {
    out.push_back("noc.backfill = true with noc.buffer_flits = " + std::to_string(p.buffer_flits) +
                  ": backfill lets a packet overtake earlier ones, which a FIFO input buffer "
                  "cannot; allowed: backfill = false with buffer_flits > 0, or buffer_flits = 0");
  }
  check_range(out, "tile_pitch_mm", p.tile_pitch_mm, 0.0, kMaxPitchMm, /*lo_open=*/true);
  check_range(out, "router_energy_fj_per_bit", p.router_energy_fj_per_bit, 0.0, kMaxEnergyFjPerBit);
  check_range(out, "wire_energy_fj_per_bit_mm", p.wire_energy_fj_per_bit_mm, 0.0,
              kMaxEnergyFjPerBit);
  check_range(out, "reorder_window_ns", p.reorder_window_ns, 0.0, kMaxReorderWindowNs);
  check_range(out, "router_static_mw", p.router_static_mw, 0.0, kMaxStaticMw);
  check_range(out, "link_static_mw", p.link_static_mw, 0.0, kMaxStaticMw);
  if (p.router_pipeline_cycles + p.link_cycles == 0 && p.cols * p.rows > 1) {
    out.push_back(
        "noc.router_pipeline_cycles + noc.link_cycles = 0: a hop must take at least one cycle");
  }
  return out;
}

}  // namespace kirchhoff::noc
