// Keys of the on-chip network: "noc.*" (topology, routing, timing, flow control, energy).
// Defaults, units and sources are documented in interconnect/noc_params.h; the ranges here are
// the same limits validate(const NocParams&) checks.
//
// Wiring (not done here: chip_config.h and schema.{h,cpp} belong to the config layer):
//   - add `noc::NocParams noc;` to ChipConfig (include "interconnect/noc_params.h");
//   - declare `void register_noc_fields(Schema& s);` in schema.h and call it in chip_schema().
//   - the grid size is not a noc.* key: the loader should copy chip.mesh_cols / chip.mesh_rows
//     into noc.cols / noc.rows, so the mesh size has one source of truth.
// register_noc_fields registers nothing while ChipConfig has no `noc` member, so this file
// builds before and after that change.
#include <string>
#include <type_traits>
#include <utility>

#include "config/schema.h"
#include "interconnect/noc_params.h"

namespace kirchhoff::config {
namespace {

template <typename C, typename = void>
struct HasNoc : std::false_type {};
template <typename C>
struct HasNoc<C, std::void_t<decltype(std::declval<C&>().noc)>>
    : std::is_same<std::decay_t<decltype(std::declval<C&>().noc)>, noc::NocParams> {};

template <typename C>
void register_noc(Schema& s) {
  namespace lim = noc::limits;
  s.add_enum<noc::Topology>("noc.topology",
                            "network topology: 2D mesh, bidirectional ring, or one shared bus",
                            {{"mesh", noc::Topology::kMesh},
                             {"ring", noc::Topology::kRing},
                             {"bus", noc::Topology::kBus}},
                            [](C& c) -> noc::Topology& { return c.noc.topology; });
  s.add_enum<noc::Routing>("noc.routing",
                           "dimension-order routing on the mesh (x first or y first)",
                           {{"xy", noc::Routing::kXY}, {"yx", noc::Routing::kYX}},
                           [](C& c) -> noc::Routing& { return c.noc.routing; });
  s.add_enum<noc::Switching>(
      "noc.switching",
      "packet: each link is held for the flit train as the head passes; circuit: the whole route "
      "tree is reserved from set-up until the tail arrives (needs buffer_flits = 0)",
      {{"packet", noc::Switching::kPacket}, {"circuit", noc::Switching::kCircuit}},
      [](C& c) -> noc::Switching& { return c.noc.switching; });
  s.add_float("noc.clock_ghz", "GHz", 1e-6, lim::kMaxClockGhz,
              "network clock (default 1 GHz, as HERMES)",
              [](C& c) -> double& { return c.noc.clock_ghz; });
  s.add_int("noc.flit_bits", "bit", 1, lim::kMaxFlitBits, "link width = bits per flit",
            [](C& c) -> int& { return c.noc.flit_bits; });
  s.add_int("noc.header_flits", "flit", 0, lim::kMaxHeaderFlits,
            "header flits added to every packet", [](C& c) -> int& { return c.noc.header_flits; });
  s.add_int("noc.router_pipeline_cycles", "cycles", 0, lim::kMaxStageCycles,
            "router pipeline depth per hop",
            [](C& c) -> int& { return c.noc.router_pipeline_cycles; });
  s.add_int("noc.link_cycles", "cycles", 0, lim::kMaxStageCycles, "link traversal per hop",
            [](C& c) -> int& { return c.noc.link_cycles; });
  s.add_int("noc.ni_latency_cycles", "cycles", 0, lim::kMaxStageCycles,
            "network-interface latency t_NI per packet (injection + ejection)",
            [](C& c) -> int& { return c.noc.ni_latency_cycles; });
  s.add_float("noc.link_flits_per_cycle", "flit/cycle", lim::kMinFlitsPerCycle,
              lim::kMaxFlitsPerCycle,
              "router-to-router link bandwidth (0.5 = handshake link, one flit per 2 cycles)",
              [](C& c) -> double& { return c.noc.link_flits_per_cycle; });
  s.add_float("noc.ni_flits_per_cycle", "flit/cycle", lim::kMinFlitsPerCycle,
              lim::kMaxFlitsPerCycle, "injection / ejection channel bandwidth",
              [](C& c) -> double& { return c.noc.ni_flits_per_cycle; });
  s.add_int("noc.buffer_flits", "flit", 0, lim::kMaxBufferFlits,
            "FIFO input buffer per router port (credit-based wormhole); 0 = unbounded",
            [](C& c) -> int& { return c.noc.buffer_flits; });
  s.add_bool("noc.backfill",
             "let a packet use an idle gap on a link before a booking of an earlier-sent packet "
             "(needs buffer_flits = 0; rejected with finite buffers); false = grant in send order",
             [](C& c) -> bool& { return c.noc.backfill; });
  s.add_float("noc.reorder_window_ns", "ns", 0.0, lim::kMaxReorderWindowNs,
              "how far out of time order packets may be sent (default = the TLM quantum)",
              [](C& c) -> double& { return c.noc.reorder_window_ns; });
  s.add_float("noc.tile_pitch_mm", "mm", 1e-6, lim::kMaxPitchMm,
              "distance between neighbouring nodes = link length (assumed 0.5 mm)",
              [](C& c) -> double& { return c.noc.tile_pitch_mm; });
  s.add_float("noc.router_energy_fj_per_bit", "fJ/bit", 0.0, lim::kMaxEnergyFjPerBit,
              "router energy per bit per hop (ISAAC 81 fJ/bit/hop router+link, 32 nm, minus link)",
              [](C& c) -> double& { return c.noc.router_energy_fj_per_bit; });
  s.add_float("noc.wire_energy_fj_per_bit_mm", "fJ/bit/mm", 0.0, lim::kMaxEnergyFjPerBit,
              "on-chip wire energy (Dally; Keckler 2011: 100-240 fJ/bit/mm)",
              [](C& c) -> double& { return c.noc.wire_energy_fj_per_bit_mm; });
  s.add_float("noc.router_static_mw", "mW", 0.0, lim::kMaxStaticMw,
              "static power per router (no published figure: 0 by default)",
              [](C& c) -> double& { return c.noc.router_static_mw; });
  s.add_float("noc.link_static_mw", "mW", 0.0, lim::kMaxStaticMw,
              "static power per directed link of one pitch (no published figure: 0 by default)",
              [](C& c) -> double& { return c.noc.link_static_mw; });
}

template <typename C>
void register_present_noc(Schema& s) {
  if constexpr (HasNoc<C>::value) register_noc<C>(s);
  (void)s;
}

}  // namespace

// Declared here until schema.h declares it with the other parts' registration functions.
void register_noc_fields(Schema& s);

void register_noc_fields(Schema& s) {
  register_present_noc<ChipConfig>(s);
}

}  // namespace kirchhoff::config
