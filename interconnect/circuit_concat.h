// Concatenation in circuit switching (NocParams::switching = circuit): the outputs of several
// sources (e.g. the tiles of a layer split by columns) joined into one vector that travels on one
// reserved route, as the IBM 14 nm chip's mesh concatenates tile outputs before the next tile or
// a landing pad (Ambrogio et al., Nature 620, 768 (2023)). Network::send_concatenated
// (interconnect/circuit_concat.cpp) books it; the law (tr, tl, t_NI, t_flit as in network.h):
//  - The route tree is the union of every part's dimension-order routes to every destination,
//    with every part's injection channel and every destination's ejection channel; a link that
//    several parts (or destinations) share is one resource.
//  - The vector is the parts in order, each part starting on a flit boundary:
//      F = header_flits + sum_k ceil(bits_k / flit_bits)   (at least 1)
//    (one header for the joined vector; a single part gives the packet's flit count).
//  - H_d = max_k hops(src_k, d), H_max = max_d H_d. The transfer starts at the earliest
//    t >= inject at which every resource of the tree is free for
//      hold = (H_max + 1) tr + H_max tl + t_NI + F x t_flit
//    and holds all of them over [t, t + hold): the route is reserved for the whole joined
//    vector. Destination d has it at t + (H_d + 1) tr + H_d tl + t_NI + (F - 1) t_flit.
//    One part is exactly a circuit transfer of that packet (network.h).
//  - Energy: every link of the tree carries the header flits and the payload flits of each part
//    whose route crosses it: E = sum_links (header_flits + sum_{k on link} ceil(bits_k /
//    flit_bits)) x flit_hop_energy. A part whose source is a destination crosses no link.
// The joined vector is one transfer: it starts when every part is ready (the caller's inject).
// Pure C++ (no SystemC); the TLM tag that asks a NocModule for it: circuit_concat_extension.h.
#pragma once

#include <cstdint>
#include <vector>

namespace kirchhoff::noc {

struct ConcatPart {
  int src = 0;             // source node of this part of the vector
  std::uint64_t bits = 0;  // its payload bits
};

struct ConcatTransfer {
  std::uint64_t id = 0;
  std::vector<ConcatPart> parts;  // in vector order (>= 1)
  std::vector<int> dsts;          // destination nodes (>= 1, distinct)
  std::int64_t inject_ps = 0;     // every part is ready
  std::int32_t sample = -1;       // for traces only
  std::int32_t layer = -1;
};

}  // namespace kirchhoff::noc
