// WorkloadHost: in a circuit-switched network (noc.switching = circuit) the tiles of one row
// block (a layer split over tiles by columns) send their results as one joined vector on one
// reserved route (interconnect/circuit_concat.h), as the IBM 14 nm chip concatenates tile
// outputs: the columns in order, into the DPU's INBOX where the tiles' separate writes would have
// put them, starting when the last tile's result is ready.
#include <algorithm>

#include "host/workload_host.h"
#include "interconnect/circuit_concat_extension.h"
#include "interconnect/noc_extension.h"
#include "interconnect/scoped_extension.h"
#include "tiles/tlm_payload.h"

namespace kirchhoff {

using sc_core::sc_time;

bool WorkloadHost::joins_columns(const std::vector<DataflowTile>& tiles) const {
  if (tiles.size() < 2) return false;
  if (chip_.network().network().params().switching != noc::Switching::kCircuit) return false;
  for (std::size_t i = 1; i < tiles.size(); ++i)
    if (tiles[i].col_begin != tiles[i - 1].col_end) return false;  // not one run of columns
  return true;
}

sc_time WorkloadHost::send_joined_to_dpu(const std::vector<DataflowTile>& tiles,
                                         const DataflowReplica& rep, std::size_t offset, int s,
                                         int layer) {
  std::vector<float> data;
  sc_time ready = sc_core::SC_ZERO_TIME;
  tlm::tlm_generic_payload trans;
  ScopedExtension<noc::ConcatExtension> concat(trans);
  for (const DataflowTile& t : tiles) {
    const TileModule& tile = chip_.tile(t.tile);
    const auto values = static_cast<std::ptrdiff_t>(t.col_end - t.col_begin);
    data.insert(data.end(), tile.output().begin(), tile.output().begin() + values);
    concat->parts.push_back({t.node, static_cast<std::uint64_t>(values)});
    ready = std::max(ready, tile.output_ready());
  }
  const std::uint64_t base = rep.site == DpuSite::kGlobalDpu ? 0 : rep.dpu_base;
  prepare_payload(trans, tlm::TLM_WRITE_COMMAND,
                  base + DpuAddressMap::kInbox + offset * sizeof(float), data.data(),
                  data.size() * sizeof(float));
  const sc_time now = sc_core::sc_time_stamp();
  sc_time delay = ready > now ? ready - now : sc_core::SC_ZERO_TIME;
  {
    ScopedExtension<noc::NocExtension> ext(trans);
    ext->src = tiles.front().node;
    ext->dsts.push_back(rep.dpu_node);
    ext->sample = s;
    ext->layer = layer;
    ext->kind =
        rep.row_blocks.size() > 1 ? noc::PacketKind::kPartialSum : noc::PacketKind::kActivation;
    // As in send_to_dpu: the results leave the tiles as whole bytes of tile.adc.bits per value.
    ext->value_bits = chip_.tile(tiles.front().tile).output_value_bits();
    to_network(tiles.front().node)->b_transport(trans, delay);
  }
  if (trans.is_response_error()) {
    log_->error(
        "sample {} layer {}: joined result of tiles {}..{} to the DPU at node {} failed: {}", s,
        layer, tiles.front().tile, tiles.back().tile, rep.dpu_node, trans.get_response_string());
    failed_ = true;
    return ready;
  }
  return dpu_of(rep).inbox_arrival();
}

}  // namespace kirchhoff
