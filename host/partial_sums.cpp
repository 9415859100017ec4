// WorkloadHost: the tiles' results on their way to the DPU where the row blocks meet. Each
// tile's output travels as a TLM write into the DPU's INBOX window (tiles/
// digital_processing_unit.h): over the network from the tile's node, or straight into the node's
// port when the DPU is the tile's own local DPU. The DPU node's controller then builds the
// accumulate command from what its inbox holds (see host/workload_host.h).
#include <algorithm>

#include "host/workload_host.h"
#include "interconnect/noc_extension.h"
#include "interconnect/scoped_extension.h"
#include "tiles/tlm_payload.h"

namespace kirchhoff {

using sc_core::sc_time;

sc_time WorkloadHost::send_to_dpu(const DataflowTile& t, const DataflowReplica& rep,
                                  std::size_t offset, std::size_t values, int s, int layer) {
  const TileModule& tile = chip_.tile(t.tile);
  // The tile's output register itself: the DPU's inbox copies it (nothing writes the tile
  // during this transaction).
  float* data = const_cast<float*>(tile.output().data());
  // The DPU's address as the destination node sees it: a global DPU owns its node (node-local
  // address); a local DPU shares its tile's node, whose router sends the DPU's chip-level
  // window to the DPU rather than the tile.
  const std::uint64_t base = rep.site == DpuSite::kGlobalDpu ? 0 : rep.dpu_base;
  const std::size_t bytes = std::min(values, tile.output().size()) * sizeof(float);
  PayloadPool::Lease lease = payloads_.take();
  tlm::tlm_generic_payload& trans = lease.trans();
  prepare_payload(trans, tlm::TLM_WRITE_COMMAND,
                  base + DpuAddressMap::kInbox + offset * sizeof(float), data, bytes);
  const sc_time now = sc_core::sc_time_stamp();
  const sc_time ready = tile.output_ready();
  sc_time delay = ready > now ? ready - now : sc_core::SC_ZERO_TIME;
  if (t.node == rep.dpu_node) {
    // The tile and its local DPU share the node: the result stays in it (no packet).
    to_node(t.node)->b_transport(trans, delay);
  } else {
    noc::NocExtension& ext = lease.attach_noc();
    ext.src = t.node;
    ext.dsts.push_back(rep.dpu_node);
    ext.sample = s;
    ext.layer = layer;
    ext.kind =
        rep.row_blocks.size() > 1 ? noc::PacketKind::kPartialSum : noc::PacketKind::kActivation;
    // The result leaves the tile as the ADC's codes (whole bytes of tile.adc.bits per value), or
    // a digital tile's 32-bit accumulations.
    ext.value_bits = tile.output_value_bits();
    to_network(t.node)->b_transport(trans, delay);
  }
  if (trans.is_response_error()) {
    log_->error("sample {} layer {}: result of tile {} to the DPU at node {} failed: {}", s, layer,
                t.tile, rep.dpu_node, trans.get_response_string());
    failed_ = true;
    return ready;
  }
  return dpu_of(rep).inbox_arrival();
}

std::vector<float> WorkloadHost::inbox_partial_sums(const DataflowReplica& rep, std::size_t cols,
                                                    std::size_t patches) {
  const std::size_t row_blocks = rep.row_blocks.size();
  const std::vector<float>& inbox = dpu_of(rep).inbox();
  std::vector<float> v(row_blocks * cols * patches, 0.0f);
  if (inbox.size() < v.size()) {
    log_->error("DPU at node {}: inbox holds {} floats, the partial sums need {}", rep.dpu_node,
                inbox.size(), v.size());
    failed_ = true;
    return v;
  }
  std::size_t i = 0;
  for (std::size_t rb = 0; rb < row_blocks; ++rb)
    for (std::size_t c = 0; c < cols; ++c)
      for (std::size_t p = 0; p < patches; ++p) v[i++] = inbox[(rb * patches + p) * cols + c];
  return v;
}

}  // namespace kirchhoff
