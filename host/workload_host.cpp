#include "host/workload_host.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <queue>
#include <stdexcept>
#include <string>

#include "chip/chip_address_map.h"
#include "chip/host_port.h"
#include "compiler/conv_packing.h"
#include "compiler/sparsity.h"
#include "interconnect/noc_extension.h"
#include "interconnect/packet.h"
#include "interconnect/scoped_extension.h"
#include "logging/log.h"
#include "tiles/sim_time.h"
#include "tiles/tile_address_map.h"
#include "tiles/tlm_payload.h"

namespace kirchhoff {
namespace {

using sc_core::sc_time;
using sc_core::SC_ZERO_TIME;

void softmax_in_place(std::vector<float>& v) {
  if (v.empty()) return;
  const float mx = *std::max_element(v.begin(), v.end());
  double sum = 0;
  for (float& e : v) {
    e = std::exp(e - mx);
    sum += e;
  }
  for (float& e : v) e = static_cast<float>(e / sum);
}

}  // namespace

// One step of one sample: stage k's input is ready at `time` (kStage), or the network output
// of sample s is ready in the last DPU (kRead).
struct WorkloadHost::Step {
  enum class Kind { kStage, kRead };
  sc_time time;
  std::uint64_t seq = 0;  // ties broken in creation order
  Kind kind = Kind::kStage;
  int sample = 0;
  int stage = 0;
  int src = -1;  // node holding the input (-1: the host)
  std::vector<float> x;
  bool operator>(const Step& o) const { return time != o.time ? time > o.time : seq > o.seq; }
};

WorkloadHost::WorkloadHost(sc_core::sc_module_name name, Chip& chip, const WorkloadGraph& graph,
                           const MappingPlan& plan, const std::vector<std::vector<float>>& inputs,
                           sc_time sample_interval, traces::Recorder* recorder)
    : sc_core::sc_module(name),
      socket("socket"),
      chip_(chip),
      graph_(graph),
      plan_(plan),
      inputs_(inputs),
      interval_(sample_interval),
      stages_(make_dataflow_stages(graph, plan, true)),
      log_(logging::get("host")),
      recorder_(recorder) {
  if (recorder_) {
    const auto id = recorder_->add_component(this->name(), "host");
    in_flight_counter_ = recorder_->add_counter(id, "samples_in_flight");
    // Events carry the layer's index in the graph; the sinks print its name.
    for (std::size_t i = 0; i < graph_.layers.size(); ++i)
      recorder_->set_layer_name(static_cast<std::int32_t>(i), graph_.layers[i].name);
  }
  bind_controller_sockets();
  SC_THREAD(run);
}

void WorkloadHost::tag_tiles(const DataflowReplica& rep, int s, int layer) {
  for (const auto& row_block : rep.row_blocks) {
    for (const DataflowTile& t : row_block) {
      chip_.tile(t.tile).tag(static_cast<std::uint32_t>(s), static_cast<std::uint32_t>(layer));
    }
  }
}

void WorkloadHost::count_in_flight(int change, sc_time at) {
  in_flight_ += change;
  if (recorder_) recorder_->record_counter(in_flight_counter_, to_ps(at), in_flight_);
}

void WorkloadHost::bind_controller_socket(std::map<int, std::unique_ptr<ControllerSocket>>& sockets,
                                          int node, const char* kind,
                                          Chip::TargetSocket& (Chip::*target)(int)) {
  if (sockets.count(node) != 0) return;
  const std::string n = std::string(kind) + "_node" + std::to_string(node);
  auto socket = std::make_unique<ControllerSocket>(n.c_str());
  socket->bind((chip_.*target)(node));
  sockets.emplace(node, std::move(socket));
}

void WorkloadHost::bind_controller_sockets() {
  // Network sends leave a DPU's node (multicasts to the next tiles, a first convolution's
  // patches, an LSTM's h) or a tile's node (its result); DPU commands and a tile's result for its
  // own local DPU enter the DPU's node.
  auto add = [&](std::map<int, std::unique_ptr<ControllerSocket>>& sockets, int node,
                 const char* kind, Chip::TargetSocket& (Chip::*target)(int)) {
    bind_controller_socket(sockets, node, kind, target);
  };
  for (const DataflowStage& st : stages_) {
    for (const DataflowReplica& rep : st.replicas) {
      add(to_network_, rep.dpu_node, "to_network", &Chip::controller_network_target);
      add(to_node_, rep.dpu_node, "to_node", &Chip::controller_node_target);
      for (const auto& row_block : rep.row_blocks)
        for (const DataflowTile& t : row_block)
          add(to_network_, t.node, "to_network", &Chip::controller_network_target);
    }
  }
}

void WorkloadHost::set_upstream(SampleInbox* inbox, int edge_node, std::int64_t host_values) {
  upstream_ = inbox;
  upstream_node_ = edge_node;
  host_values_ = host_values;
  // The off-chip port's router multicasts the arriving values to the first layer's tiles.
  bind_controller_socket(to_network_, edge_node, "to_network", &Chip::controller_network_target);
}

void WorkloadHost::set_downstream(Forward forward, int edge_node) {
  forward_ = std::move(forward);
  downstream_node_ = edge_node;
}

void WorkloadHost::host_access(tlm::tlm_command cmd, std::uint64_t addr, void* data,
                               std::size_t bytes, sc_time& delay, int s, int layer,
                               sc_time* completed) {
  PayloadPool::Lease lease = payloads_.take();
  tlm::tlm_generic_payload& t = lease.trans();
  prepare_payload(t, cmd, addr, data, bytes);
  ScopedExtension<HostIoTag> tag(t);
  tag->sample = s;
  tag->layer = layer;
  tag->activations = s >= 0;  // a sample's inputs and outputs travel in host.io_format
  socket->b_transport(t, delay);
  if (completed != nullptr) *completed = tag->completed;
  if (t.is_response_error()) {
    log_->error("host access to {:#x} failed: {}", addr, t.get_response_string());
    failed_ = true;
  }
}

void WorkloadHost::program() {
  if (recorder_) recorder_->begin_programming();
  sc_time d = SC_ZERO_TIME;
  // Programming is done when the last write has completed at its tile (posted writes return
  // earlier), program-and-verify included.
  sc_time done = SC_ZERO_TIME;
  auto write = [&](std::uint64_t a, void* data, std::size_t bytes) {
    sc_time completed = SC_ZERO_TIME;
    host_access(tlm::TLM_WRITE_COMMAND, a, data, bytes, d, -1, -1, &completed);
    done = std::max(done, completed);
  };
  auto put32 = [&](std::uint64_t a, std::uint32_t v) { write(a, &v, sizeof v); };
  for (const DataflowStage& st : stages_) {
    const MappedLayer& ml = plan_.layers.at(static_cast<std::size_t>(st.mapped_layer));
    // A packed convolution's tile holds the block-diagonal matrix of its (dense) kernel copies;
    // any other layer its sparsity-packed matrix (compiler/sparsity.h).
    const int matrix_cols = st.cols * st.packing;
    const std::vector<float> m =
        st.packing > 1
            ? block_diagonal(graph_.layers.at(st.layer).matrix(), st.rows, st.cols, st.packing)
            : packed_matrix(graph_.layers.at(st.layer), ml);
    const float dac_range = ml.dac_range;
    const float adc_range = ml.adc_range;
    for (const DataflowReplica& rep : st.replicas) {
      for (const auto& row_block : rep.row_blocks) {
        for (const DataflowTile& t : row_block) {
          const int rows = t.row_end - t.row_begin, cols = t.col_end - t.col_begin;
          std::vector<float> block(static_cast<std::size_t>(rows) * cols);
          for (int r = 0; r < rows; ++r)
            for (int c = 0; c < cols; ++c)
              block[static_cast<std::size_t>(r) * cols + c] =
                  m[static_cast<std::size_t>(t.row_begin + r) * matrix_cols + t.col_begin + c];
          const std::uint64_t b = chip_map::tile_base(t.tile);
          put32(b + tile_map::kRowsUsed, static_cast<std::uint32_t>(rows));
          put32(b + tile_map::kColsUsed, static_cast<std::uint32_t>(cols));
          write(b + tile_map::kWeights, block.data(), block.size() * sizeof(float));
          put32(b + tile_map::kCtrl, tile_map::kCmdProgram);
          put32(b + tile_map::kLayer, static_cast<std::uint32_t>(st.layer));
          put32(b + tile_map::kAutoStart, 1);
          if (dac_range > 0.0f) {  // the layer's calibrated input range
            std::uint32_t bits = 0;
            std::memcpy(&bits, &dac_range, sizeof bits);
            put32(b + tile_map::kDacRange, bits);
          }
          if (ml.readout_activation != DurationActivation::kNone)  // compiler/readout_activation.h
            put32(b + tile_map::kReadoutActivation,
                  static_cast<std::uint32_t>(ml.readout_activation));
          if (adc_range > 0.0f) {  // the layer's calibrated output range
            std::uint32_t bits = 0;
            std::memcpy(&bits, &adc_range, sizeof bits);
            put32(b + tile_map::kAdcRange, bits);
          }
        }
      }
    }
  }
  const sc_time now = sc_core::sc_time_stamp();
  wait(std::max(d, done > now ? done - now : SC_ZERO_TIME));
  if (start_barrier_ != nullptr) start_barrier_->arrive_and_wait();  // the system's last chip
  programming_done_ = sc_core::sc_time_stamp();
  if (recorder_) recorder_->begin_inference(to_ps(programming_done_));
  log_->info("programmed {} tiles in {}", plan_.tiles_used, programming_done_.to_string());
}

DigitalProcessingUnit& WorkloadHost::dpu_of(const DataflowReplica& rep) {
  return rep.site == DpuSite::kGlobalDpu ? chip_.dpu(rep.dpu) : chip_.local_dpu(rep.dpu);
}

sc_time WorkloadHost::dpu_command(const DataflowReplica& rep, const DpuCommandHeader& h,
                                  const std::vector<float>& operands, sc_time at) {
  PayloadPool::Lease lease = payloads_.take();
  // A nested command (none today: the DPU does not call back) gets bytes of its own.
  std::vector<unsigned char> nested;
  std::vector<unsigned char>& bytes = payloads_.depth() > 1 ? nested : command_bytes_;
  encode_dpu_command(h, operands, bytes);
  tlm::tlm_generic_payload& t = lease.trans();
  // The DPU's chip-level address: at a tile node, the node's router sends it to the local DPU.
  prepare_payload(t, tlm::TLM_WRITE_COMMAND, rep.dpu_base + DpuAddressMap::kCommand, bytes.data(),
                  bytes.size());
  const int node = rep.dpu_node;
  const sc_time now = sc_core::sc_time_stamp();
  sc_time delay = at > now ? at - now : SC_ZERO_TIME;
  // The command is issued by the DPU node's own controller: it enters the node's port directly,
  // not the network.
  to_node(node)->b_transport(t, delay);
  if (t.is_response_error()) {
    log_->error("DPU command at node {} failed: {}", node, t.get_response_string());
    failed_ = true;
  }
  return now + delay;
}

std::vector<float> WorkloadHost::patch(const DataflowStage& st, const std::vector<float>& x,
                                       int p) const {
  if (!st.conv) return x;
  return st.geometry.patch(x, p);
}

sc_time WorkloadHost::run_stage(int s, int k, int src, const std::vector<float>& x,
                                std::vector<float>& y) {
  const DataflowStage& st = stages_[static_cast<std::size_t>(k)];
  const DataflowReplica& rep = st.replicas[static_cast<std::size_t>(s) % st.replicas.size()];
  tag_tiles(rep, s, st.layer);
  const sc_time now = sc_core::sc_time_stamp();
  if (st.lstm) return run_lstm_stage(s, k, src, x, y);
  const std::size_t patches = static_cast<std::size_t>(st.patches);
  const std::size_t row_blocks = rep.row_blocks.size();
  sc_time arrival = now;
  mvm_done_ = now;
  sc_time send = SC_ZERO_TIME;  // the sender's next free time, relative to now
  // A convolution fed by the host: the host writes the image once into the inbox of the stage's
  // DPU (after the region of its partial sums), and that node streams the im2col patches to the
  // tiles over the network, like the DPU of a previous layer does for a later convolution.
  std::vector<float> image;
  if (st.conv && src < 0) {
    const std::size_t at = row_blocks * patches * static_cast<std::size_t>(st.cols);
    image = x;
    // The DPU node streams the patches once the image is in its inbox (a posted write returns
    // before it has arrived).
    sc_time in_inbox = now;
    host_access(tlm::TLM_WRITE_COMMAND, rep.dpu_base + DpuAddressMap::kInbox + at * sizeof(float),
                image.data(), image.size() * sizeof(float), send, s, st.layer, &in_inbox);
    host_free_ = now + send;
    if (in_inbox > now + send) send = in_inbox - now;
    const std::vector<float>& inbox = dpu_of(rep).inbox();
    if (inbox.size() >= at + x.size()) {
      image.assign(inbox.begin() + static_cast<std::ptrdiff_t>(at),
                   inbox.begin() + static_cast<std::ptrdiff_t>(at + x.size()));
    }
    src = rep.dpu_node;
  }
  const std::vector<float>& input = image.empty() ? x : image;
  // A packed convolution computes `packing` pixels per MVM: their patches end to end
  // (compiler/conv_packing.h). Otherwise only the kept inputs of a sparsity-packed layer travel
  // to the tiles (compiler/sparsity.h).
  const std::size_t packing = static_cast<std::size_t>(st.packing);
  // A replicated convolution spreads its pixels over its copies: MVM g of sample s runs on the
  // tiles of replica (s + g) % R (each copy has its own input buffers), its result goes to the
  // sample's replica's DPU, which assembles the whole map.
  const std::size_t copies = st.conv ? st.replicas.size() : 1;
  for (std::size_t p = 0, g = 0; p < patches; p += packing, ++g) {
    const DataflowReplica& on =
        copies > 1 ? st.replicas[(static_cast<std::size_t>(s) + g) % copies] : rep;
    if (copies > 1) tag_tiles(on, s, st.layer);
    const std::vector<float> v =
        packing > 1 ? packed_patches(st.geometry, input, static_cast<int>(p), st.packing)
                    : gather_rows(st.kept_rows, patch(st, input, static_cast<int>(p)));
    const std::size_t pixels = std::min(packing, patches - p);
    // 1. The input slices reach the tiles, which fire when their slice is complete. The tile's
    // input is double-buffered: the next patch is sent once the tile has started this one (with
    // spread pixels also the first: the copy may still hold another sample's patch).
    for (const auto& row_block : on.row_blocks) {
      for (const DataflowTile& t : row_block) {
        const TileModule& tile = chip_.tile(t.tile);
        const sc_time& mvm = mvm_time(t.tile);
        if ((p > 0 || copies > 1) && tile.output_ready() > now + send + mvm)
          send = tile.output_ready() - mvm - now;
      }
      // The row block's slice of the input, sent from v itself (the targets copy it).
      float* slice = const_cast<float*>(v.data()) + row_block.front().row_begin;
      const std::size_t slice_values =
          static_cast<std::size_t>(row_block.front().row_end - row_block.front().row_begin);
      if (src < 0) {
        for (const DataflowTile& t : row_block) {
          host_access(tlm::TLM_WRITE_COMMAND, chip_map::tile_base(t.tile) + tile_map::kInput, slice,
                      slice_values * sizeof(float), send, s, st.layer);
        }
      } else {
        send_multicast(src, row_block, tile_map::kInput, slice, slice_values, s, st.layer, send);
      }
    }
    // 2. Each tile's result travels to the layer's DPU inbox, injected when the tile's MVM
    // ends: one write at its place in the patch-major layout (partial_sums.cpp); a packed MVM's
    // pixels are consecutive patches, so its outputs are one contiguous run there.
    for (std::size_t rb = 0; rb < row_blocks; ++rb) {
      if (packing == 1 && joins_columns(on.row_blocks[rb])) {  // one joined vector (circuit)
        for (const DataflowTile& t : on.row_blocks[rb])
          mvm_done_ = std::max(mvm_done_, chip_.tile(t.tile).output_ready());
        const std::size_t offset = (rb * patches + p) * static_cast<std::size_t>(st.cols) +
                                   static_cast<std::size_t>(on.row_blocks[rb].front().col_begin);
        arrival =
            std::max(arrival, send_joined_to_dpu(on.row_blocks[rb], rep, offset, s, st.layer));
        continue;
      }
      for (const DataflowTile& t : on.row_blocks[rb]) {
        mvm_done_ = std::max(mvm_done_, chip_.tile(t.tile).output_ready());
        const std::size_t offset =
            (rb * patches + p) * static_cast<std::size_t>(st.cols) + t.col_begin;
        const std::size_t values = packing > 1 ? pixels * static_cast<std::size_t>(st.cols)
                                               : static_cast<std::size_t>(t.col_end - t.col_begin);
        arrival = std::max(arrival, send_to_dpu(t, rep, offset, values, s, st.layer));
      }
    }
  }
  input_done_ = now + send;
  if (k == 0 && copies > 1) image_free_.at(static_cast<std::size_t>(s) % copies) = input_done_;

  // 3. The DPU adds the partial sums (read from its inbox, one C x P map per row block, CHW)
  // and the bias, then runs the post-ops.
  std::vector<float> operands = inbox_partial_sums(rep, static_cast<std::size_t>(st.cols), patches);
  for (float b : st.bias) operands.insert(operands.end(), patches, b);
  DpuCommandHeader h = make_dpu_command(DpuOp::kAccumulate);
  h.num_inputs = static_cast<std::uint32_t>(row_blocks + (st.bias.empty() ? 0 : 1));
  h.length = static_cast<std::uint32_t>(st.cols * patches);
  h.sample = s;
  h.layer = st.layer;
  Chain chain;
  chain.ready[st.layer] = dpu_command(rep, h, operands, arrival);
  // The kept outputs go to their places in the layer's output; a dropped one is its bias.
  chain.value[st.layer] = scatter_cols(st.kept_cols, st.matrix_cols, static_cast<int>(patches),
                                       dpu_of(rep).last_result(), st.matrix_bias);
  return run_post_ops(s, k, rep, chain, y);
}

sc_time WorkloadHost::run_lstm_stage(int s, int k, int src, const std::vector<float>& x,
                                     std::vector<float>& y) {
  const DataflowStage& st = stages_[static_cast<std::size_t>(k)];
  const DataflowReplica& rep = st.replicas[static_cast<std::size_t>(s) % st.replicas.size()];
  tag_tiles(rep, s, st.layer);
  const LstmOp& m = st.recurrence;
  const int in = m.input_size, hid = m.hidden_size;
  const sc_time now = sc_core::sc_time_stamp();
  std::vector<float> h(static_cast<std::size_t>(hid), 0.0f), c = h, seq;
  sc_time ready = now;  // h_{t-1} ready in the DPU
  sc_time send = SC_ZERO_TIME;
  mvm_done_ = now;
  auto run_op = [&](DpuOp op, std::vector<float> operands, std::size_t length) {
    DpuCommandHeader ph = make_dpu_command(op);
    ph.length = static_cast<std::uint32_t>(length);
    ph.sample = s;
    ph.layer = st.layer;
    ready = dpu_command(rep, ph, operands, ready);
    return dpu_of(rep).last_result();
  };
  for (int t = 0; t < m.seq_len; ++t) {
    const auto xt_begin = x.begin() + static_cast<std::ptrdiff_t>(t) * in;
    std::vector<float> xt(xt_begin, xt_begin + in);
    // 1. x_t reaches the tiles' rows [0, I) (from the host or the previous layer's DPU), then
    // the gate DPU multicasts h_{t-1} into rows [I, I+H) once x_t is in place: that write
    // completes the input and fires the tiles.
    sc_time x_in = now;
    for (const auto& row_block : rep.row_blocks) {
      const DataflowTile& f = row_block.front();
      if (f.row_begin < in) {
        std::vector<float> part(xt.begin() + f.row_begin, xt.begin() + std::min(f.row_end, in));
        sc_time d = send;
        if (src < 0) {
          for (const DataflowTile& tl : row_block) {
            sc_time completed = now;
            host_access(tlm::TLM_WRITE_COMMAND, chip_map::tile_base(tl.tile) + tile_map::kInput,
                        part.data(), part.size() * sizeof(float), d, s, st.layer, &completed);
            x_in = std::max(x_in, completed);  // posted: in place after the write completes
          }
        } else {
          send_multicast(src, row_block, tile_map::kInput, part, s, st.layer, d);
        }
        send = d;
        x_in = std::max(x_in, now + d);
      }
    }
    for (const auto& row_block : rep.row_blocks) {
      const DataflowTile& f = row_block.front();
      if (f.row_end > in) {
        const int h0 = std::max(f.row_begin, in) - in, h1 = f.row_end - in;
        std::vector<float> part(h.begin() + h0, h.begin() + h1);
        const sc_time at = std::max(ready, x_in);
        sc_time d = at - sc_core::sc_time_stamp();
        send_multicast(
            rep.dpu_node, row_block,
            tile_map::kInput + static_cast<std::uint64_t>(in + h0 - f.row_begin) * sizeof(float),
            part, s, st.layer, d);
      }
    }
    // 2. The 4H pre-activations (partial sums per row block) travel to the gate DPU's inbox.
    sc_time arrival = ready;
    const std::size_t cols = static_cast<std::size_t>(st.cols);
    for (std::size_t rb = 0; rb < rep.row_blocks.size(); ++rb) {
      if (joins_columns(rep.row_blocks[rb])) {  // one joined vector (circuit)
        for (const DataflowTile& tl : rep.row_blocks[rb])
          mvm_done_ = std::max(mvm_done_, chip_.tile(tl.tile).output_ready());
        const std::size_t at =
            rb * cols + static_cast<std::size_t>(rep.row_blocks[rb].front().col_begin);
        arrival = std::max(arrival, send_joined_to_dpu(rep.row_blocks[rb], rep, at, s, st.layer));
        continue;
      }
      for (const DataflowTile& tl : rep.row_blocks[rb]) {
        mvm_done_ = std::max(mvm_done_, chip_.tile(tl.tile).output_ready());
        arrival = std::max(
            arrival, send_to_dpu(tl, rep, rb * cols + tl.col_begin,
                                 static_cast<std::size_t>(tl.col_end - tl.col_begin), s, st.layer));
      }
    }
    // 3. Gates in the DPU (ONNX order i, o, f, c): c = f * c + i * tanh(g_c), h = o * tanh(c).
    std::vector<float> operands = inbox_partial_sums(rep, cols, 1);
    operands.insert(operands.end(), st.bias.begin(), st.bias.end());
    DpuCommandHeader acc = make_dpu_command(DpuOp::kAccumulate);
    acc.num_inputs = static_cast<std::uint32_t>(rep.row_blocks.size() + (st.bias.empty() ? 0 : 1));
    acc.length = static_cast<std::uint32_t>(st.cols);
    acc.sample = s;
    acc.layer = st.layer;
    ready = dpu_command(rep, acc, operands, arrival);
    const std::vector<float> g = dpu_of(rep).last_result();
    const auto H = static_cast<std::ptrdiff_t>(hid);
    const std::vector<float> sig =
        run_op(DpuOp::kSigmoid, std::vector<float>(g.begin(), g.begin() + 3 * H), 3 * hid);
    const std::vector<float> cc =
        run_op(DpuOp::kTanh, std::vector<float>(g.begin() + 3 * H, g.end()), hid);
    auto pair = [&](const std::vector<float>& a, std::ptrdiff_t a0, const std::vector<float>& b,
                    std::ptrdiff_t b0) {
      std::vector<float> v(a.begin() + a0, a.begin() + a0 + H);
      v.insert(v.end(), b.begin() + b0, b.begin() + b0 + H);
      return v;
    };
    const std::vector<float> fc = run_op(DpuOp::kMultiply, pair(sig, 2 * H, c, 0), hid);
    const std::vector<float> ic = run_op(DpuOp::kMultiply, pair(sig, 0, cc, 0), hid);
    c = run_op(DpuOp::kAdd, pair(fc, 0, ic, 0), hid);
    const std::vector<float> tc = run_op(DpuOp::kTanh, c, hid);
    h = run_op(DpuOp::kMultiply, pair(sig, H, tc, 0), hid);
    if (m.output == LstmOp::Output::kSequence) seq.insert(seq.end(), h.begin(), h.end());
  }
  input_done_ = now + send;
  y = m.output == LstmOp::Output::kSequence ? seq : h;
  Chain chain;
  chain.value[st.layer] = y;
  chain.ready[st.layer] = ready;
  return run_post_ops(s, k, rep, chain, y);
}

std::uint32_t WorkloadHost::dpu_value_bits_at(int node) const {
  const Floorplan& fp = plan_.floorplan;
  for (std::size_t i = 0; i < fp.dpu_nodes.size(); ++i)
    if (fp.dpu_nodes[i] == node)
      return static_cast<std::uint32_t>(
          chip_.dpu(static_cast<int>(i)).params().format.total_bits());
  for (std::size_t t = 0; t < fp.tile_nodes.size(); ++t)
    if (fp.tile_nodes[t] == node)
      return static_cast<std::uint32_t>(
          chip_.local_dpu(static_cast<int>(t)).params().format.total_bits());
  return 8 * sizeof(float);  // not a DPU's node: float32 (the plan never sends from one)
}

void WorkloadHost::send_multicast(int src, const std::vector<DataflowTile>& tiles,
                                  std::uint64_t address, const float* data, std::size_t values,
                                  int s, int layer, sc_time& delay) {
  // One payload for all destinations: the network hands each the same (read-only) data.
  PayloadPool::Lease lease = payloads_.take();
  tlm::tlm_generic_payload& t = lease.trans();
  prepare_payload(t, tlm::TLM_WRITE_COMMAND, address, const_cast<float*>(data),
                  values * sizeof(float));
  {
    noc::NocExtension& ext = lease.attach_noc();
    ext.src = src;
    for (const DataflowTile& tile : tiles) ext.dsts.push_back(tile.node);
    ext.sample = s;
    ext.layer = layer;
    ext.kind = noc::PacketKind::kActivation;
    ext.value_bits = dpu_value_bits_at(src);
    to_network(src)->b_transport(t, delay);
  }
  if (t.is_response_error()) {
    log_->error("sample {} layer {}: multicast from node {} failed", s, layer, src);
    failed_ = true;
  }
}

sc_time WorkloadHost::send_packet(int src, int dst, std::size_t floats, sc_time ready, int s,
                                  int layer) {
  if (src == dst) return ready;  // the tile and its local DPU share the node
  noc::Packet pk;
  pk.id = next_packet_id_++;
  pk.src = src;
  pk.dsts.push_back(dst);
  pk.bits = static_cast<std::uint64_t>(floats) * dpu_value_bits_at(src);
  pk.inject_ps = to_ps(ready);
  pk.sample = s;
  pk.layer = layer;
  sc_time arrival = ready;
  const noc::PacketResult res = chip_.network().network().send(pk);
  for (const noc::Delivery& d : res.deliveries)
    arrival = std::max(arrival, from_ps(d.delivered_ps));
  return arrival;
}

SampleRecord& WorkloadHost::record(int s) {
  auto it = records_.find(s);
  if (it == records_.end()) {
    it = records_.emplace(s, SampleRecord{}).first;
    it->second.stage_outputs.resize(stages_.size());
    it->second.stage_latencies_ns.assign(stages_.size(), 0.0);
    max_records_held_ = std::max(max_records_held_, records_.size());
  }
  return it->second;
}

void WorkloadHost::flush_incomplete_samples() {
  for (auto& [s, rec] : records_)
    if (on_sample_) on_sample_(s, std::move(rec));
  records_.clear();
}

void WorkloadHost::complete_sample(int s, std::vector<float> output, double read_ns) {
  SampleRecord& rec = record(s);
  rec.stage_outputs.back() = output;
  rec.output = std::move(output);
  rec.output_read_ns = read_ns;
  rec.complete = true;
  const auto it = records_.find(s);
  if (on_sample_) on_sample_(s, std::move(it->second));
  records_.erase(it);
  sample_input_.erase(s);
}

void WorkloadHost::run() {
  const std::size_t samples = inputs_.size();
  const std::size_t in_size = static_cast<std::size_t>(numel(graph_.input_shape));
  latencies_ns_.assign(samples, 0.0);
  for (std::size_t s = 0; s < samples && upstream_ == nullptr; ++s) {
    if (inputs_[s].size() != in_size) {
      log_->error("sample {} has {} values, the graph input {} needs {}", s, inputs_[s].size(),
                  shape_str(graph_.input_shape), in_size);
      failed_ = true;
      return;
    }
  }
  program();
  const DataflowStage& first = stages_.front();
  if (first.conv && first.replicas.size() > 1)
    image_free_.assign(first.replicas.size(), programming_done_);
  started_.assign(samples, SC_ZERO_TIME);
  std::vector<sc_time>& started = started_;
  finished_ = programming_done_;
  if (samples == 0) {
    if (recorder_) recorder_->end_inference(to_ps(finished_));
    return;
  }

  std::priority_queue<Step, std::vector<Step>, std::greater<Step>> queue;
  std::uint64_t seq = 0;
  // Sample s enters the first stage at its admission time (the first stage can take it) and,
  // with an upstream chip, once its values are at the off-chip port.
  std::size_t next_sample = 0;  // the next sample to enter
  sc_time next_admission = programming_done_;
  auto admit = [&]() {
    if (next_sample >= samples) return;
    if (upstream_ == nullptr) {
      queue.push({next_admission, seq++, Step::Kind::kStage, static_cast<int>(next_sample), 0, -1,
                  host_stage_input(graph_, first, inputs_[next_sample])});
    } else {
      SampleInbox::Arrival a;
      if (!upstream_->take(static_cast<int>(next_sample), a)) return;
      std::vector<float>& in = sample_input_[static_cast<int>(next_sample)];
      if (host_values_ > 0) in = inputs_[next_sample];  // the host's part comes first
      in.insert(in.end(), a.values.begin(), a.values.end());
      queue.push({std::max(next_admission, a.at), seq++, Step::Kind::kStage,
                  static_cast<int>(next_sample), 0, input_source(first.host_pre_ops),
                  host_stage_input(graph_, first, in)});
    }
    ++next_sample;
  };
  admit();
  bool admission_pending = next_sample == 0;  // sample next_sample's admission time is known
  const int last = static_cast<int>(stages_.size()) - 1;
  while (!queue.empty() || admission_pending) {
    if (admission_pending) {
      // Waiting for the upstream chip's next sample: wake on its delivery or the next step.
      const sc_time now = sc_core::sc_time_stamp();
      if (queue.empty()) {
        wait(upstream_->event());
      } else if (queue.top().time > now) {
        wait(queue.top().time - now, upstream_->event());
      }
      const std::size_t before = next_sample;
      admit();
      admission_pending = next_sample == before;
      if (queue.empty() || queue.top().time > sc_core::sc_time_stamp()) continue;
    }
    Step step = queue.top();
    queue.pop();
    const sc_time now = sc_core::sc_time_stamp();
    if (step.time > now) wait(step.time - now);
    const int s = step.sample;
    if (step.kind == Step::Kind::kRead) {
      const DataflowStage& st = stages_.back();
      if (forward_) {
        // To the next chip: from the last DPU over the network to the off-chip port's node.
        if (st.host_softmax) softmax_in_place(step.x);
        const sc_time at_port =
            send_packet(step.src, downstream_node_, step.x.size(), now, s, st.layer);
        forward_(s, step.x, at_port);
        complete_sample(s, std::move(step.x), (at_port - now).to_seconds() * 1e9);
        latencies_ns_[static_cast<std::size_t>(s)] =
            (at_port - started[static_cast<std::size_t>(s)]).to_seconds() * 1e9;
        finished_ = std::max(finished_, at_port);
        count_in_flight(-1, at_port);
        continue;
      }
      // The host reads the result from the last layer's DPU through the host port.
      const DataflowReplica& rep = st.replicas[static_cast<std::size_t>(s) % st.replicas.size()];
      std::vector<float> buf(step.x.size());
      sc_time d = SC_ZERO_TIME;
      host_access(tlm::TLM_READ_COMMAND, rep.dpu_base + DpuAddressMap::kResult, buf.data(),
                  buf.size() * sizeof(float), d, s, st.layer);
      // The DPU's result register may already hold a later sample's op (the steps run in time
      // order); the values are those the DPU produced for this sample.
      if (st.host_softmax) softmax_in_place(step.x);
      const sc_time done = sc_core::sc_time_stamp() + d;
      complete_sample(s, std::move(step.x), d.to_seconds() * 1e9);
      latencies_ns_[static_cast<std::size_t>(s)] =
          (done - started[static_cast<std::size_t>(s)]).to_seconds() * 1e9;
      finished_ = std::max(finished_, done);
      count_in_flight(-1, done);
      continue;
    }
    const int k = step.stage;
    if (k == 0) {
      started[static_cast<std::size_t>(s)] = sc_core::sc_time_stamp();
      count_in_flight(+1, started[static_cast<std::size_t>(s)]);
      send_input_operands(s, started[static_cast<std::size_t>(s)]);
    }
    std::vector<float> y;
    const sc_time out = run_stage(s, k, step.src, step.x, y);
    SampleRecord& rec = record(s);
    rec.stage_latencies_ns[static_cast<std::size_t>(k)] =
        (out - sc_core::sc_time_stamp()).to_seconds() * 1e9;
    rec.stage_outputs[static_cast<std::size_t>(k)] = y;
    if (k == 0 && static_cast<std::size_t>(s) + 1 < samples) {
      // The next sample enters as soon as the host port is free and the first layer's tiles can
      // take it: its input is written while they finish this one (double-buffered input).
      const sc_time t0 = sc_core::sc_time_stamp();
      const sc_time write = input_done_ - t0;
      sc_time next = input_done_;
      if (!image_free_.empty()) {
        // A first convolution spread over its copies: the next image goes into its own
        // replica's DPU inbox once the host port is free and that inbox's previous image has
        // been streamed; its patches wait for the tiles (run_stage).
        next =
            std::max(host_free_, image_free_[static_cast<std::size_t>(s + 1) % image_free_.size()]);
      } else if (mvm_done_ > t0 + write) {
        next = std::max(next, mvm_done_ - write);
      }
      next = std::max(next, programming_done_ + interval_ * static_cast<double>(s + 1));
      next_admission = next;
      const std::size_t before = next_sample;
      admit();
      admission_pending = next_sample == before;
    }
    const DataflowStage& st = stages_[static_cast<std::size_t>(k)];
    const int node = st.replicas[static_cast<std::size_t>(s) % st.replicas.size()].dpu_node;
    if (k < last && stages_[static_cast<std::size_t>(k) + 1].host_fed) {
      // A later branch of the graph input: the host writes it once this stage is done.
      const DataflowStage& next = stages_[static_cast<std::size_t>(k) + 1];
      queue.push({out, seq++, Step::Kind::kStage, s, k + 1, input_source(next.host_pre_ops),
                  host_stage_input(graph_, next, sample_input(s))});
    } else if (k < last) {
      queue.push({out, seq++, Step::Kind::kStage, s, k + 1, node, std::move(y)});
    } else {
      queue.push({out, seq++, Step::Kind::kRead, s, k, node, std::move(y)});
    }
  }
  if (recorder_) recorder_->end_inference(to_ps(finished_));
  const sc_time now = sc_core::sc_time_stamp();
  if (finished_ > now) wait(finished_ - now);
}

}  // namespace kirchhoff
