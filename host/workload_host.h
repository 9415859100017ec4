// The workload host: a TLM initiator (SC_THREAD) that programs every tile of a MappingPlan
// through the host port, then streams samples through the chip layer by layer and reads the
// network's output back. It also plays the part of the nodes' network-interface controllers
// (the dataflow firmware), which the chip does not model yet:
//  - a layer's input reaches its tiles as one multicast packet per row block over the network
//    (from the previous layer's DPU node; a first dense or LSTM layer's input comes from the
//    host through the host port); the tiles fire by themselves (AUTO_START);
//  - each tile's result (a partial sum when the layer has several row blocks) travels as data
//    to the replica's DPU (dataflow_stage.h: a global DPU, or a tile's local DPU when the plan
//    reduces there or the layer is a single block): one TLM write of the tile's output floats
//    from the tile's node through the NocModule (one packet per tile, injected when the tile's
//    result is ready, each value in the ADC's output format: tile.adc.bits rounded up to whole
//    bytes, e.g. 1 byte for 8 bits; what a DPU sends travels in its dpu.format) into the DPU's
//    INBOX window (tiles/digital_processing_unit.h), at float (rb * P + p) * cols + c for row
//    block rb, patch p of P, output column c. In a circuit-switched network the column blocks
//    of one row block send one joined vector instead (joined_results.cpp). A result for the local
//    DPU of its own node is written straight into the node's port: no packet. A write for a tile's
//    local DPU carries the DPU's chip-level address, which the node's AddressRouter sends to the
//    DPU rather than the tile;
//  - when the last of them has arrived in the inbox, the DPU node runs an accumulate command
//    whose operands it reads from its inbox (the row blocks' partial sums, CHW, plus the bias)
//    and one command per post-op (Relu, Sigmoid, Tanh, Add/Mul by a constant or of two
//    activations, ...) as TLM writes into the DPU, and multicasts the result to the next
//    layer's tiles. The controller (this thread) still sequences the DPU commands; only the
//    tiles' results arrive as data;
//  - a residual operand (an Add/Mul whose second input is an earlier layer's value) is sent by
//    the earlier layer's DPU to the later layer's DPU as soon as it is computed (one packet
//    booked on the network core, tagged with the Add/Mul's graph layer: only its timing
//    travels, the controller keeps the value); the later DPU runs the op once both operands
//    are there;
//  - a convolution runs by im2col: every output pixel is one MVM of its patch, or, packed
//    (DataflowStage::packing P > 1), every P consecutive pixels are one MVM of their P patches
//    end to end on the block-diagonal crossbar (the patches are sent one after the other, each
//    once the tiles have started the previous one: the input is double-buffered); the DPU node
//    places each patch's result in a C x H x W map, then adds, adds the bias and runs BatchNorm
//    (affine), Relu, pooling as DPU commands; a first layer that is a convolution gets the image
//    written once by the host into its DPU's inbox (after the partial sums' region), and that DPU's
//    node multicasts the patches;
//  - an LSTM runs one MVM of [x_t, h_{t-1}] per time step: x_t reaches rows [0, I), the gate DPU
//    multicasts h_{t-1} into the recurrent rows once x_t is in place (that write completes the
//    input and fires the tiles) and applies the gates (accumulate + bias, sigmoid, tanh,
//    multiply, add) as DPU commands;
//  - the last layer's result is read by the host through the host port from its DPU's window
//    (a final Softmax is applied by the host: the DPU has no softmax op).
// The controllers' transactions go through TLM sockets of the host, one pair per node they run
// on, bound to the chip's controller sockets (Chip::controller_network_target / _node_target):
// the network sends (multicasts, tile results) enter the node's network interface, the DPU
// commands and a tile's result for its own node's DPU enter the node itself. (A residual operand
// is only booked on the network core: no transaction, no data.)
// Timing comes only from the modules' annotated delays (busy-until of tiles, DPUs, network
// resources, host port). The host processes the steps of all samples in time order (a queue
// keyed by the time a step's input is ready, with wait() up to it), so several samples are in
// flight at once: sample s+1 enters the first layer as soon as the host port and the first
// layer's tiles can take it, while sample s is in later layers.
// Replication: sample s runs on replica s % R of each layer; a replicated convolution also
// spreads every sample's pixels (MVMs) round-robin over all R copies, each with its own input
// buffers, and the results meet in the sample's replica's DPU, so a convolution's pixel
// throughput rises with its copies, the first layer's included (each copy's DPU inbox holds its
// own image).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <tuple>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>
#include <tlm_utils/simple_initiator_socket.h>
#include <systemc>
#include <tlm>

#include "chip/chip.h"
#include "compiler/mapper.h"
#include "host/dataflow_stage.h"
#include "host/sample_inbox.h"
#include "host/sample_results.h"
#include "host/start_barrier.h"
#include "interconnect/payload_pool.h"
#include "traces/recorder.h"
#include "workloads/workload_graph.h"

namespace kirchhoff {

class WorkloadHost : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<WorkloadHost> socket;

  // `inputs`: one flattened sample each (the graph input). `sample_interval`: earliest spacing
  // of sample injections (zero: back to back). `recorder` (optional) gets the host's
  // samples_in_flight counter. All references must outlive the simulation.
  WorkloadHost(sc_core::sc_module_name name, Chip& chip, const WorkloadGraph& graph,
               const MappingPlan& plan, const std::vector<std::vector<float>>& inputs,
               sc_core::sc_time sample_interval, traces::Recorder* recorder = nullptr);

  // Called with (s, its record) as soon as the host has read sample s's output (samples may
  // complete out of order): the network output, every stage's output and latency
  // (host/sample_results.h). The host keeps a sample's record only while the sample is in
  // flight. It must not throw.
  void set_sample_callback(std::function<void(int, SampleRecord&&)> f) {
    on_sample_ = std::move(f);
  }
  // After the simulation: hands the records of the samples that never completed (a failed run)
  // to the callback, in sample order.
  void flush_incomplete_samples();
  // The most sample records held at once (the samples in flight).
  std::size_t max_records_held() const { return max_records_held_; }
  const std::vector<DataflowStage>& stages() const { return stages_; }
  // latencies_ns()[s]: sample s's latency, from its start to its output read. Sample s's stage
  // latencies (SampleRecord::stage_latencies_ns: from the time a stage's input was ready, the
  // previous stage's output in its DPU, or the sample's start, to the time its output was ready
  // in its DPU) plus its output read add up to it.
  const std::vector<double>& latencies_ns() const { return latencies_ns_; }
  sc_core::sc_time programming_done() const { return programming_done_; }
  sc_core::sc_time finished() const { return finished_; }
  bool failed() const { return failed_; }
  // started()[s]: when sample s entered the first stage.
  const std::vector<sc_core::sc_time>& started() const { return started_; }

  // Multi-chip pipelines (system/). With an upstream, sample s's input is what the chips before
  // delivered into `inbox` at this chip's off-chip port, on the router of node `edge_node`,
  // after its first `host_values` values, which are `inputs[s]` (the graph input, written by
  // this host through its host port; `inputs` otherwise only gives the number of samples).
  // The sample starts when all of it has arrived (host/sample_inbox.h); a stage (or an Add/Mul
  // operand: host/dataflow_stage.h kInputOperand) fed from the input takes its values from the
  // host port when they lie in the host's part, else from the off-chip port's node.
  // With a downstream, sample s's output is not read by the host: it travels from the last DPU
  // over the network to the off-chip port's node `edge_node` and is handed to `forward` with
  // the time it is there (the sample's latency on this chip ends then). Call during elaboration.
  void set_upstream(SampleInbox* inbox, int edge_node, std::int64_t host_values = 0);
  using Forward = std::function<void(int, const std::vector<float>&, sc_core::sc_time)>;
  void set_downstream(Forward forward, int edge_node);
  // Inference starts when every party of `barrier` is programmed (host/start_barrier.h).
  void set_start_barrier(StartBarrier* barrier) { start_barrier_ = barrier; }

 private:
  struct Step;
  // The values a stage's DPU computed for one sample, by graph layer, and when each was ready.
  struct Chain {
    std::map<int, std::vector<float>> value;
    std::map<int, sc_core::sc_time> ready;
  };
  // A residual operand that reached a later stage's DPU.
  struct Operand {
    std::vector<float> value;
    sc_core::sc_time arrival;
  };
  SC_HAS_PROCESS(WorkloadHost);
  void run();
  void program();
  // Runs stage `k` of sample `s` whose input `x` is ready now at node `src` (-1: the host).
  // Returns the time the stage's output is ready in its DPU and the output.
  sc_core::sc_time run_stage(int s, int k, int src, const std::vector<float>& x,
                             std::vector<float>& y);
  // An LSTM layer: one MVM of [x_t, h_{t-1}] per time step, the gates in the DPU.
  sc_core::sc_time run_lstm_stage(int s, int k, int src, const std::vector<float>& x,
                                  std::vector<float>& y);
  // Runs stage k's post-ops on `chain` (holding the weight layer's output) in the replica's DPU,
  // sends the residual operands on, and returns the stage's output `y` and its ready time.
  sc_core::sc_time run_post_ops(int s, int k, const DataflowReplica& rep, Chain& chain,
                                std::vector<float>& y);
  DigitalProcessingUnit& dpu_of(const DataflowReplica& rep);
  // Bits per value of what the DPU at `node` sends: its numeric format (dpu.format); tiles'
  // results travel in their ADC's format (partial_sums.cpp).
  std::uint32_t dpu_value_bits_at(int node) const;
  // A multicast write of `data` to `address` (local to each node) of `tiles`, from node `src`
  // (a DPU's node: the values travel in that DPU's format).
  void send_multicast(int src, const std::vector<DataflowTile>& tiles, std::uint64_t address,
                      const float* data, std::size_t values, int s, int layer,
                      sc_core::sc_time& delay);
  void send_multicast(int src, const std::vector<DataflowTile>& tiles, std::uint64_t address,
                      const std::vector<float>& data, int s, int layer, sc_core::sc_time& delay) {
    send_multicast(src, tiles, address, data.data(), data.size(), s, layer, delay);
  }
  // Tile t's result (its first `values` output floats) written into the INBOX of the replica's
  // DPU at float `offset`, injected when the tile's MVM ends: a write over the network from the
  // tile's node (one packet), or straight into the node's port when the DPU is the tile's own local
  // DPU (no packet). Returns its arrival in the inbox. (partial_sums.cpp)
  sc_core::sc_time send_to_dpu(const DataflowTile& t, const DataflowReplica& rep,
                               std::size_t offset, std::size_t values, int s, int layer);
  // Circuit switching: the tiles of one row block (consecutive column blocks, >= 2) send their
  // results as one joined vector (interconnect/circuit_concat.h) into the DPU's INBOX at float
  // `offset` (the first tile's place), once the last is ready; returns its arrival in the inbox.
  // joins_columns: whether `tiles` go that way (joined_results.cpp).
  bool joins_columns(const std::vector<DataflowTile>& tiles) const;
  sc_core::sc_time send_joined_to_dpu(const std::vector<DataflowTile>& tiles,
                                      const DataflowReplica& rep, std::size_t offset, int s,
                                      int layer);
  // The accumulate operands read from the replica's DPU inbox, whose layout is patch-major
  // (float (rb * patches + p) * cols + c): one C x P map (CHW) per row block, one after the other.
  std::vector<float> inbox_partial_sums(const DataflowReplica& rep, std::size_t cols,
                                        std::size_t patches);
  // A packet of `floats` values from node `src` to node `dst` injected at `ready`, booked on the
  // network core (no data carried: residual operands); returns its arrival (`ready` itself when
  // src == dst: the data stays in the node).
  sc_core::sc_time send_packet(int src, int dst, std::size_t floats, sc_core::sc_time ready, int s,
                               int layer);
  // The im2col patch `p` of a convolution's CHW input (a dense layer: x itself).
  std::vector<float> patch(const DataflowStage& st, const std::vector<float>& x, int p) const;
  // A command written into the replica's DPU by its node's controller at `at`.
  sc_core::sc_time dpu_command(const DataflowReplica& rep, const DpuCommandHeader& h,
                               const std::vector<float>& operands, sc_core::sc_time at);
  // A transfer through the host port; `s` and `layer` tag its host-I/O event (-1: none).
  // `delay` returns when the host may send again (with posted writes, before the write has
  // completed); `completed` (optional) gets the time the data is at the chip.
  void host_access(tlm::tlm_command cmd, std::uint64_t addr, void* data, std::size_t bytes,
                   sc_core::sc_time& delay, int s = -1, int layer = -1,
                   sc_core::sc_time* completed = nullptr);
  // Tile t's MVM latency as an sc_time, built once per latency value (host/mvm_time.cpp).
  const sc_core::sc_time& mvm_time(int tile);
  // Samples in flight change by `change` at `at` (the recorder's counter).
  void count_in_flight(int change, sc_core::sc_time at);
  // Sets the SAMPLE/LAYER tag of every tile of `rep` before sample s's input reaches them, so
  // their MVM events carry the sample and layer (several samples are in flight).
  void tag_tiles(const DataflowReplica& rep, int s, int layer);

  Chip& chip_;
  const WorkloadGraph& graph_;
  const MappingPlan& plan_;
  const std::vector<std::vector<float>>& inputs_;
  sc_core::sc_time interval_;
  std::vector<DataflowStage> stages_;
  std::shared_ptr<spdlog::logger> log_;
  std::uint64_t next_packet_id_ = 1ULL << 62;  // ids apart from the NocModule's
  // The controllers' transactions, reused (interconnect/payload_pool.h); the last DPU command's
  // bytes; each tile's MVM latency (mvm_time).
  PayloadPool payloads_;
  std::vector<unsigned char> command_bytes_;
  std::vector<std::pair<double, sc_core::sc_time>> mvm_time_;

  std::function<void(int, SampleRecord&&)> on_sample_;
  std::map<int, SampleRecord> records_;  // the samples in flight
  std::size_t max_records_held_ = 0;
  SampleRecord& record(int s);
  // Sample s's output is in hand (read by the host, or at the off-chip port after `read_ns`):
  // its record is complete and handed to the sample callback.
  void complete_sample(int s, std::vector<float> output, double read_ns);
  std::vector<double> latencies_ns_;
  std::map<std::tuple<int, int, int>, Operand> operands_;  // (sample, stage, graph layer)
  sc_core::sc_time programming_done_;
  sc_core::sc_time finished_;
  // Last stage run: its inputs all sent (host writes, or a first convolution's patches from its
  // DPU node, whose image buffer is single: the next sample's image waits for it).
  sc_core::sc_time input_done_;
  sc_core::sc_time mvm_done_;  // last stage run: its tiles' MVMs done
  // A first convolution fed by the host: when the host port is free after its last image write,
  // and, spread over R > 1 copies, when each replica's DPU inbox has streamed its image.
  sc_core::sc_time host_free_;
  std::vector<sc_core::sc_time> image_free_;
  bool failed_ = false;
  traces::Recorder* recorder_ = nullptr;
  std::uint32_t in_flight_counter_ = 0;
  int in_flight_ = 0;

  // The node controllers' sockets, by node id: into the network as that node, into the node.
  using ControllerSocket = tlm_utils::simple_initiator_socket<WorkloadHost>;
  std::map<int, std::unique_ptr<ControllerSocket>> to_network_;
  std::map<int, std::unique_ptr<ControllerSocket>> to_node_;
  void bind_controller_sockets();
  void bind_controller_socket(std::map<int, std::unique_ptr<ControllerSocket>>& sockets, int node,
                              const char* kind, Chip::TargetSocket& (Chip::*target)(int));
  SampleInbox* upstream_ = nullptr;
  std::int64_t host_values_ = 0;
  std::map<int, std::vector<float>> sample_input_;  // with an upstream: in-flight samples' input
  const std::vector<float>& sample_input(int s) const;
  // Where the values `views` read from the input come from: -1 (the host) or the edge node.
  int input_source(const std::vector<int>& views) const;
  // The Add/Mul operands that are views of sample s's input, sent to their DPUs at `at`
  // (input_operands.cpp).
  void send_input_operands(int s, sc_core::sc_time at);
  StartBarrier* start_barrier_ = nullptr;
  int upstream_node_ = -1;
  Forward forward_;
  int downstream_node_ = -1;
  std::vector<sc_core::sc_time> started_;
  ControllerSocket& to_network(int node) { return *to_network_.at(node); }
  ControllerSocket& to_node(int node) { return *to_node_.at(node); }
};

}  // namespace kirchhoff
