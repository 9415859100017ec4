// Parameters of the on-chip network (NoC): topology, routing, timing, flow control and energy.
//
// A plain struct with defaults; every field carries its unit in its name and, in its comment,
// the allowed range and where the default comes from. The network is modelled at transaction
// level (cost per packet, never per clock cycle); the clock only converts cycles to time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kirchhoff::noc {

enum class Topology : std::uint8_t {
  kMesh,  // 2D mesh, cols x rows, node id = y * cols + x, links to the 4 neighbours
  kRing,  // bidirectional ring over node ids 0..N-1, shortest direction (ties go clockwise)
  kBus,   // one shared bus: every packet holds the single medium for its flit count
};

enum class Routing : std::uint8_t {
  kXY,  // dimension order: first along x (columns), then along y (rows)
  kYX,  // dimension order: first along y, then along x
};

// How a transfer holds the network. packet: each resource is held for the flit train as the head
// passes it (store-and-forward of the train, pipelined hop by hop). circuit: the whole route
// (injection channel, every link of the tree, every ejection channel) is reserved at once, from
// the start of the set-up until the tail has arrived at the farthest destination, as in the
// circuit-switched mesh of the IBM 14 nm chip (Ambrogio 2023) (interconnect/network.h).
enum class Switching : std::uint8_t { kPacket, kCircuit };

std::string_view to_string(Topology t);
std::string_view to_string(Routing r);
std::optional<Topology> parse_topology(std::string_view s);  // "mesh" | "ring" | "bus"
std::optional<Routing> parse_routing(std::string_view s);    // "xy" | "yx"

// Allowed ranges of the fields below (validate() and the config schema both use them); the reasons
// are given next to each field.
namespace limits {
inline constexpr int kMaxGridSide = 1024;
inline constexpr double kMaxClockGhz = 100.0;
inline constexpr int kMaxFlitBits = 4096;
inline constexpr int kMaxHeaderFlits = 16;
inline constexpr int kMaxStageCycles = 64;
inline constexpr int kMaxBufferFlits = 65536;
inline constexpr double kMaxPitchMm = 100.0;
inline constexpr double kMaxEnergyFjPerBit = 10000.0;
inline constexpr double kMaxStaticMw = 1000.0;
inline constexpr double kMaxReorderWindowNs = 1e9;
inline constexpr double kMinFlitsPerCycle = 1.0 / 64;  // a handshake link of 64 cycles per flit
inline constexpr double kMaxFlitsPerCycle = 64.0;
}  // namespace limits

struct NocParams {
  Topology topology = Topology::kMesh;
  Routing routing = Routing::kXY;  // used by the mesh only
  // Default packet [every preset before the 14 nm chip]; circuit needs buffer_flits = 0.
  Switching switching = Switching::kPacket;

  // Grid size in nodes. Nodes are tiles, DPUs or host ports: the network only knows ids
  // 0..cols*rows-1 at (x, y) = (id % cols, id / cols). Range 1..1024 each; the ring and the bus
  // use cols*rows nodes in id order. Default 4 x 4 [assumed: small test chip].
  int cols = 4;
  int rows = 4;

  // Network clock in GHz; range (0, 100]. One cycle is rounded to whole picoseconds
  // (1 GHz -> 1000 ps exactly). Default 1 GHz [HERMES runs its cores at 1 GHz, CALIBRATION.md].
  double clock_ghz = 1.0;

  // Link width = bits per flit; range 1..4096. Default 64 bits [assumed; a common flit width].
  int flit_bits = 64;
  // Header flits prepended to every packet (routing information, destination set, metadata);
  // range 0..16. A packet of B payload bits has header_flits + ceil(B / flit_bits) flits, at
  // least 1. Default 1 [assumed: one head flit, as in most wormhole routers].
  int header_flits = 1;

  // Router pipeline depth in cycles (route compute, allocation, switch traversal); range 0..64.
  // Default 1 [assumed: single-cycle router, the usual textbook reference].
  int router_pipeline_cycles = 1;
  // Link traversal in cycles; range 0..64 (at least one of router and link must be > 0 for a
  // non-zero hop latency). Default 1 [assumed].
  int link_cycles = 1;
  // Network-interface latency t_NI in cycles: packetisation at the source plus depacketisation
  // at the destination, charged once per packet after the tail leaves the destination router
  // (a pipeline delay, not a shared resource); range 0..64. Zero-load latency of an H-hop packet
  // of F flits: (H + 1) x router_pipeline_cycles + H x link_cycles + ni_latency_cycles
  // + (F - 1) / flits_per_cycle of the slowest link on the path. Default 0 [assumed: no source
  // in CALIBRATION.md pins it; the tiles' own I/O timing covers (de)packetisation].
  int ni_latency_cycles = 0;

  // Link bandwidth in flits per cycle, per link class; range [1/64, 64]. 1 = one flit per cycle;
  // 0.5 = a handshake link carrying one flit every two cycles; 2 = a double-pumped link. A
  // packet holds each resource for F / flits_per_cycle cycles, and its flits travel at the rate
  // of the slowest class on its path. Default 1 [the textbook reference, Dally & Towles].
  double link_flits_per_cycle = 1.0;  // router-to-router links (and the bus)
  double ni_flits_per_cycle = 1.0;    // injection (NI -> router) and ejection (router -> NI)

  // Flow control. 0 = unbounded input buffers: each link is held by a packet for exactly its
  // flit count (an output-queued ideal: a blocked head never stalls upstream links or its
  // source). > 0 = credit-based wormhole with a FIFO input buffer of this many flits per router
  // input (one virtual channel): a flit enters a buffer only when the flit buffer_flits places
  // ahead of it (its own packet's or an earlier packet's) has left; a head leaves a buffer only
  // after the previous packet's tail (head-of-line blocking), so a blocked packet holds its
  // upstream links and, through the injection port, its source. Range 0..65536. Default 0.
  int buffer_flits = 0;

  // Resource arbitration (see resource_calendar.h). true: a packet may use an idle gap on a
  // link before a booking made by an earlier-sent packet that reaches the link later (oldest
  // packet keeps its slot, younger ones fill the gaps). false: every resource is granted in send
  // order (busy-until). Backfill needs unbounded buffers: validate() rejects backfill = true with
  // buffer_flits > 0 (a FIFO input buffer cannot be overtaken). Default true: without it, long
  // paths (a ring) book links far ahead and saturate well below the bisection bound.
  bool backfill = true;
  // How far out of time order packets may be sent, in ns; range [0, 1e9]. Bookings that ended
  // this long before the latest injection time are forgotten (bounded memory); a packet sent
  // with an older injection time may then use a link that was in fact busy. Default 1000 ns
  // [= the default TLM quantum, sim.quantum_ns].
  double reorder_window_ns = 1000.0;

  // Distance between neighbouring nodes in mm (= length of one mesh or ring link); range
  // (0, 100]. The shared bus runs past every node: (cols*rows - 1) pitches long.
  // Default 0.5 mm [assumed; no source in CALIBRATION.md pins the tile pitch].
  double tile_pitch_mm = 0.5;

  // Router (buffer write/read, crossbar, arbitration) energy per bit per hop in fJ; range
  // [0, 10000]. Default 31 fJ/bit [D: ISAAC (Shafiee 2016) quotes ~81 fJ per bit per hop for
  // router + link at 32 nm; minus the 50 fJ/bit of a 0.5 mm link at 100 fJ/bit/mm below].
  double router_energy_fj_per_bit = 31.0;
  // On-chip wire energy per bit per mm in fJ; range [0, 10000]. Default 100 fJ/bit/mm
  // [Dally; Keckler 2011: 100-240 fJ/bit/mm; low end chosen so router + link = 81 fJ/bit/hop].
  double wire_energy_fj_per_bit_mm = 100.0;

  // Static (leakage + clock) power per router in mW; range [0, 1000]. Default 0
  // [no source in CALIBRATION.md pins it; set it in the chip preset].
  double router_static_mw = 0.0;
  // Static power per directed link of one tile pitch in mW; range [0, 1000]. Default 0 [no
  // source in CALIBRATION.md pins it]. The bus counts as (cols*rows - 1) pitch segments.
  double link_static_mw = 0.0;

  int num_nodes() const { return cols * rows; }
};

// Human-readable messages for every out-of-range field (empty when the params are valid).
// Each message names the field, the value and the allowed range.
std::vector<std::string> validate(const NocParams& p);

}  // namespace kirchhoff::noc
