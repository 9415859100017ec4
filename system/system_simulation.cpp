#include "system/system_simulation.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <sstream>
#include <stdexcept>

#include <tlm_utils/simple_initiator_socket.h>

#include "chip/chip.h"
#include "chip/sanitizer_stack.h"
#include "host/chip_run_figures.h"
#include "host/dataflow_stage.h"
#include "host/sample_results.h"
#include "host/workload_host.h"
#include "system/system_topology.h"
#include "tiles/sim_time.h"
#include "tiles/tlm_payload.h"
#include "workloads/reference_model.h"
#include "workloads/workload_error.h"

namespace kirchhoff {
namespace {

using sc_core::sc_time;

int argmax(const std::vector<float>& v) {
  return static_cast<int>(std::max_element(v.begin(), v.end()) - v.begin());
}

// The system's SystemC hierarchy: system.<chip>.<...>, system.<chip>_host, system.link_<a>_<b>.
// Each link direction is a TLM target; the sender's side is an initiator socket per direction.
class SystemModule : public sc_core::sc_module {
 public:
  using Socket = tlm_utils::simple_initiator_socket<SystemModule>;
  SystemModule(sc_core::sc_module_name name, const config::SystemConfig& sys,
               const SystemTopology& topo, const WorkloadGraph& g, SystemPartition& partition,
               const std::vector<std::vector<float>>& inputs,
               const std::vector<std::vector<std::vector<float>>>& ref_all,
               const std::vector<int>* labels, const WorkloadRunOptions& options,
               std::vector<std::unique_ptr<traces::Recorder>>& recorders)
      : sc_core::sc_module(name), topo_(topo), partition_(partition) {
    (void)g;
    const std::size_t n = partition.shares.size();
    placeholders_.assign(inputs.size(), {});
    for (std::size_t d = 0; d < topo.directions.size(); ++d) {
      const auto& [a, b] = topo.directions[d];
      const std::string ln = "link_" + topo.node_names[static_cast<std::size_t>(a)] + "_" +
                             topo.node_names[static_cast<std::size_t>(b)];
      links_.push_back(std::make_unique<ChipLink>(ln.c_str(), sys.link,
                                                  topo.direction_name(static_cast<int>(d))));
      sockets_.push_back(std::make_unique<Socket>(("to_" + ln).c_str()));
      sockets_.back()->bind(links_.back()->socket);
    }
    // A share's inputs from other chips arrive in its inbox, one part each; the graph input
    // comes from its own host (compiler/system_cuts.h).
    std::vector<int> link_parts(n, 0);
    for (std::size_t k = 0; k < n; ++k)
      for (const CrossingTensor& t : partition.shares[k].inputs)
        if (t.from_share >= 0) ++link_parts[k];
    for (std::size_t k = 0; k < n; ++k) {
      ChipShare& sh = partition.shares[k];
      const config::SystemChip& sc = sys.chips.at(static_cast<std::size_t>(sh.chip));
      const bool host_input = link_parts[k] == 0 || sh.host_values > 0;
      chips_.push_back(std::make_unique<Chip>(sc.name.c_str(), sc.config, recorders[k].get()));
      hosts_.push_back(std::make_unique<WorkloadHost>(
          (sc.name + "_host").c_str(), *chips_.back(), sh.graph, sh.plan,
          host_input ? inputs : placeholders_,
          sc_time(host_input ? options.sample_interval_ns : 0.0, sc_core::SC_NS),
          recorders[k].get()));
      hosts_.back()->socket.bind(chips_.back()->host_target());
      inboxes_.push_back(std::make_unique<SampleInbox>(std::max(1, link_parts[k])));
    }
    barrier_ = std::make_unique<StartBarrier>(static_cast<int>(n));
    for (std::size_t k = 0; k < n; ++k) {
      hosts_[k]->set_start_barrier(barrier_.get());
      const ChipShare& sh = partition.shares[k];
      const int edge = sh.plan.host_node;
      if (link_parts[k] > 0) hosts_[k]->set_upstream(inboxes_[k].get(), edge, sh.host_values);
      if (sh.to_shares.empty()) continue;
      // Sample s's output goes to every later share that reads it, along the topology's route,
      // into that share's inbox as the part of its input it is.
      struct Destination {
        std::vector<int> route;
        std::vector<std::uint32_t> tracks;
        SampleInbox* inbox = nullptr;
        int part = 0;
      };
      std::vector<Destination> dests;
      // The route's link directions are tracks of the sending chip's recorder (category
      // chip_link: no energy there; the links' energy is the system's own figure).
      traces::Recorder* rec = recorders[k].get();
      for (const int j : sh.to_shares) {
        Destination d;
        d.route = topo.route(sh.chip, partition.shares[static_cast<std::size_t>(j)].chip);
        d.inbox = inboxes_[static_cast<std::size_t>(j)].get();
        for (const CrossingTensor& t : partition.shares[static_cast<std::size_t>(j)].inputs) {
          if (t.from_share == static_cast<int>(k)) break;
          if (t.from_share >= 0) ++d.part;
        }
        for (const int dir : d.route)
          d.tracks.push_back(
              rec->add_component("system.link_" +
                                     topo.node_names[static_cast<std::size_t>(
                                         topo.directions[static_cast<std::size_t>(dir)].first)] +
                                     "_" +
                                     topo.node_names[static_cast<std::size_t>(
                                         topo.directions[static_cast<std::size_t>(dir)].second)],
                                 "chip_link"));
        dests.push_back(std::move(d));
      }
      const std::int64_t bytes_per_value = sh.value_bytes;
      hosts_[k]->set_downstream(
          [this, dests, bytes_per_value, rec](int s, const std::vector<float>& y, sc_time at) {
            std::vector<unsigned char> wire(y.size() * static_cast<std::size_t>(bytes_per_value));
            for (const Destination& dst : dests) {
              sc_time ready = at;
              for (std::size_t h = 0; h < dst.route.size(); ++h) {  // store-and-forward
                const int d = dst.route[h];
                tlm::tlm_generic_payload t;
                prepare_payload(t, tlm::TLM_WRITE_COMMAND, 0, wire.data(), wire.size());
                const sc_time now = sc_core::sc_time_stamp();
                sc_time delay = ready > now ? ready - now : sc_core::SC_ZERO_TIME;
                (*sockets_[static_cast<std::size_t>(d)])->b_transport(t, delay);
                ready = now + delay;
                const ChipLink& link = *links_[static_cast<std::size_t>(d)];
                traces::Event ev;
                ev.start_ps = link.last_start_ps();
                ev.duration_ps = link.serialisation_ps(wire.size());
                ev.component = dst.tracks[h];
                ev.kind = traces::EventKind::kPacketHop;
                ev.sample = s;
                ev.bytes = wire.size();
                rec->record(ev);
              }
              dst.inbox->deliver(s, y, ready, dst.part);
            }
          },
          edge);
    }
    // Each chip's samples are folded as they complete (host/sample_results.h), against the
    // float reference of the whole network, already computed (ref_all): a share's layer is a
    // graph layer (ChipShare::layer_of), whose reference is the same whichever chip runs it.
    // The last chip's are the network outputs: it counts top-1 and streams them.
    for (std::size_t k = 0; k < n; ++k) {
      const bool is_last = k + 1 == n;
      const std::vector<int>* layer_of = &partition.shares[k].layer_of;
      SampleResults::Reference reference =
          [&ref_all, layer_of](std::size_t s, int layer) -> const std::vector<float>& {
        return ref_all.at(s).at(
            static_cast<std::size_t>(layer_of->at(static_cast<std::size_t>(layer))));
      };
      results_.push_back(std::make_unique<SampleResults>(
          partition.shares[k].graph, hosts_[k]->stages(), inputs, is_last ? labels : nullptr, true,
          SampleResults::Callback{}, std::move(reference)));
      SampleResults* res = results_.back().get();
      hosts_[k]->set_sample_callback([this, res, is_last, options](int s, SampleRecord&& rec) {
        if (is_last && rec.complete) {
          if (options.on_samples_done) options.on_samples_done(++samples_done_);
          if (!output_error_ && options.on_output) {
            try {
              options.on_output(static_cast<std::size_t>(s), rec.output);
            } catch (...) {
              output_error_ = std::current_exception();
            }
          }
        }
        res->add(static_cast<std::size_t>(s), std::move(rec));
      });
    }
  }

  const SystemTopology& topo_;
  SystemPartition& partition_;
  std::vector<std::vector<float>> placeholders_;  // a later chip's sample count
  std::vector<std::unique_ptr<ChipLink>> links_;
  std::vector<std::unique_ptr<Socket>> sockets_;
  std::vector<std::unique_ptr<Chip>> chips_;
  std::vector<std::unique_ptr<WorkloadHost>> hosts_;
  std::vector<std::unique_ptr<SampleInbox>> inboxes_;
  std::unique_ptr<StartBarrier> barrier_;  // inference starts when every chip is programmed
  std::vector<std::unique_ptr<SampleResults>> results_;  // per share
  std::size_t samples_done_ = 0;
  std::exception_ptr output_error_;
};

double fraction(std::uint64_t part, std::uint64_t whole) {
  return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

}  // namespace

SystemRunResult run_system_simulation(const config::SystemConfig& sys, const WorkloadGraph& g,
                                      SystemPartition& partition,
                                      const std::vector<std::vector<float>>& all_inputs,
                                      const std::vector<int>* labels,
                                      const WorkloadRunOptions& options,
                                      std::vector<std::unique_ptr<traces::Recorder>>& recorders) {
  const auto wall0 = std::chrono::steady_clock::now();
  std::size_t n = all_inputs.size();
  if (options.samples >= 0) n = std::min(n, static_cast<std::size_t>(options.samples));
  const std::vector<std::vector<float>> inputs(all_inputs.begin(),
                                               all_inputs.begin() + static_cast<std::ptrdiff_t>(n));
  if (recorders.size() != partition.shares.size())
    throw std::invalid_argument("run_system_simulation: one recorder per chip share");
  const std::size_t in_size = static_cast<std::size_t>(numel(g.input_shape));
  for (std::size_t s = 0; s < n; ++s) {
    if (inputs[s].size() != in_size) {
      throw WorkloadError("inputs: sample " + std::to_string(s) + " has " +
                          std::to_string(inputs[s].size()) +
                          " values; allowed: " + std::to_string(in_size) + " (the workload input " +
                          shape_str(g.input_shape) + ")");
    }
  }
  if (labels != nullptr && labels->size() < n) {
    throw std::invalid_argument("labels: " + std::to_string(labels->size()) + " for " +
                                std::to_string(n) + " samples; allowed: one label per sample");
  }
  for (const ChipShare& sh : partition.shares) (void)make_dataflow_stages(sh.graph, sh.plan, true);

  const SystemTopology topo = make_topology(sys);
  SystemRunResult r;
  r.cut_bytes = partition.cut_bytes;
  // The float reference of the whole network, every layer, on the same inputs.
  std::vector<std::vector<std::vector<float>>> ref_all;
  const int out_layer = g.output_layer();
  for (const auto& x : inputs) {
    ref_all.push_back(run_reference(g, x));
    r.reference.push_back(ref_all.back().at(static_cast<std::size_t>(out_layer)));
    if (options.on_reference) options.on_reference(r.reference.size() - 1, r.reference.back());
  }
  SystemModule top("system", sys, topo, g, partition, inputs, ref_all, labels, options, recorders);
  sc_core::sc_start();
  clear_stale_stack_poison();
  const sc_time end = sc_core::sc_time_stamp();
  for (std::size_t k = 0; k < partition.shares.size(); ++k) {
    top.chips_[k]->record_static_energy(end);
    recorders[k]->finish();
  }
  for (std::size_t k = 0; k < partition.shares.size(); ++k) {
    top.hosts_[k]->flush_incomplete_samples();
    top.results_[k]->finish();
  }
  if (top.output_error_) std::rethrow_exception(top.output_error_);

  const WorkloadHost& last = *top.hosts_.back();
  r.outputs = top.results_.back()->outputs;
  for (std::size_t k = 0; k < partition.shares.size(); ++k) {
    const ChipShare& sh = partition.shares[k];
    const WorkloadHost& host = *top.hosts_[k];
    r.host_failed = r.host_failed || host.failed();
    WorkloadRunResult cr;
    cr.host_failed = host.failed();
    cr.outputs = top.results_[k]->outputs;
    chip_run_figures(sys.chips.at(static_cast<std::size_t>(sh.chip)).config, sh.graph, sh.plan,
                     *top.chips_[k], host, *recorders[k], end, *top.results_[k], n, cr);
    r.chip_names.push_back(sys.chips.at(static_cast<std::size_t>(sh.chip)).name);
    r.chips_energy_pj += cr.summary.system_level.energy_pj;
    r.ops += cr.summary.ops;
    r.chips.push_back(std::move(cr));
  }
  for (const auto& l : top.links_)
    if (l->figures().transfers > 0) r.links.push_back(l->figures());
  for (const LinkFigures& l : r.links) r.links_energy_pj += l.energy_pj;

  const WorkloadHost& first = *top.hosts_.front();
  r.latencies_ns.assign(n, 0.0);
  double span_end = 0;
  for (std::size_t s = 0; s < n; ++s) {
    const double done = last.started()[s].to_seconds() * 1e9 + last.latencies_ns()[s];
    // From its first start on any chip (the branches of a graph input start in parallel).
    sc_time start = first.started()[s];
    for (const auto& h : top.hosts_)
      if (s < h->started().size()) start = std::min(start, h->started()[s]);
    r.latencies_ns[s] = done - start.to_seconds() * 1e9;
    span_end = std::max(span_end, done);
  }
  if (n > 0) {
    double sum = 0;
    for (double l : r.latencies_ns) sum += l;
    r.latency_mean_ns = sum / static_cast<double>(n);
    r.latency_p99_ns = percentile(r.latencies_ns, 99);
    r.inference_span_ns = span_end - first.programming_done().to_seconds() * 1e9;
    if (r.inference_span_ns > 0)
      r.throughput_samples_per_s = static_cast<double>(n) / (r.inference_span_ns * 1e-9);
    r.energy_per_inference_pj = (r.chips_energy_pj + r.links_energy_pj) / static_cast<double>(n);
  }
  const double energy = r.chips_energy_pj + r.links_energy_pj;
  r.tops_per_w = energy > 0 ? static_cast<double>(r.ops) / energy : 0.0;
  r.output_rel_l2_error = rel_l2_over_samples(r.outputs, r.reference);
  if (labels != nullptr && n > 0 && !r.host_failed) {
    int chip_ok = 0, ref_ok = 0;
    for (std::size_t s = 0; s < n; ++s) {
      if (!r.outputs[s].empty() && argmax(r.outputs[s]) == (*labels)[s]) ++chip_ok;
      if (argmax(r.reference[s]) == (*labels)[s]) ++ref_ok;
    }
    r.top1_chip = fraction(static_cast<std::uint64_t>(chip_ok), n);
    r.top1_reference = fraction(static_cast<std::uint64_t>(ref_ok), n);
  }
  r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  return r;
}

nlohmann::ordered_json to_json(const SystemRunResult& r) {
  nlohmann::ordered_json j;
  j["samples"] = r.latencies_ns.size();
  j["latency_mean_ns"] = r.latency_mean_ns;
  j["latency_p99_ns"] = r.latency_p99_ns;
  j["inference_span_ns"] = r.inference_span_ns;
  j["throughput_samples_per_s"] = r.throughput_samples_per_s;
  j["energy_per_inference_pj"] = r.energy_per_inference_pj;
  j["chips_energy_pj"] = r.chips_energy_pj;
  j["links_energy_pj"] = r.links_energy_pj;
  j["ops"] = r.ops;
  j["tops_per_w"] = r.tops_per_w;
  j["cut_bytes_per_inference"] = r.cut_bytes;
  j["output_rel_l2_error"] = r.output_rel_l2_error;
  if (r.top1_chip >= 0) {
    j["top1_chip"] = r.top1_chip;
    j["top1_reference"] = r.top1_reference;
  }
  j["wall_s"] = r.wall_s;
  nlohmann::ordered_json chips = nlohmann::ordered_json::array();
  for (std::size_t k = 0; k < r.chips.size(); ++k) {
    const WorkloadRunResult& c = r.chips[k];
    nlohmann::ordered_json cj;
    cj["name"] = r.chip_names[k];
    cj["layers"] = c.layer_names;
    cj["layer_rel_l2_error"] = c.layer_rel_l2_error;
    cj["summary"] = to_json(c.summary);
    chips.push_back(cj);
  }
  j["chips"] = chips;
  nlohmann::ordered_json links = nlohmann::ordered_json::array();
  for (const LinkFigures& l : r.links) {
    nlohmann::ordered_json lj;
    lj["name"] = l.name;
    lj["transfers"] = l.transfers;
    lj["bytes"] = l.bytes;
    lj["busy_ns"] = l.busy_ns;
    lj["busy_fraction"] = r.inference_span_ns > 0 ? l.busy_ns / r.inference_span_ns : 0.0;
    lj["energy_pj"] = l.energy_pj;
    links.push_back(lj);
  }
  j["links"] = links;
  return j;
}

std::string to_text(const SystemRunResult& r) {
  std::ostringstream o;
  char buf[256];
  o << "system: " << r.chips.size() << " chips, " << r.latencies_ns.size() << " samples\n";
  for (std::size_t k = 0; k < r.chips.size(); ++k) {
    const RunSummary& s = r.chips[k].summary;
    std::string layers;
    for (const auto& l : r.chips[k].layer_names) layers += (layers.empty() ? "" : ",") + l;
    std::snprintf(buf, sizeof buf,
                  "  chip %-8s tiles %3zu  util mean %5.1f %%  energy %12.1f pJ  layers %s\n",
                  r.chip_names[k].c_str(), s.tiles.size(), 100.0 * s.tile_utilisation_mean,
                  s.system_level.energy_pj, layers.c_str());
    o << buf;
  }
  for (const LinkFigures& l : r.links) {
    std::snprintf(buf, sizeof buf, "  link %-14s %10llu B  busy %5.1f %%  energy %12.1f pJ\n",
                  l.name.c_str(), static_cast<unsigned long long>(l.bytes),
                  r.inference_span_ns > 0 ? 100.0 * l.busy_ns / r.inference_span_ns : 0.0,
                  l.energy_pj);
    o << buf;
  }
  std::snprintf(buf, sizeof buf,
                "  latency mean %.1f ns, p99 %.1f ns; throughput %.1f samples/s\n"
                "  energy per inference %.1f pJ (links %.1f pJ in total); %.3f TOPS/W\n"
                "  output rel. L2 error vs float reference %.4g\n",
                r.latency_mean_ns, r.latency_p99_ns, r.throughput_samples_per_s,
                r.energy_per_inference_pj, r.links_energy_pj, r.tops_per_w, r.output_rel_l2_error);
  o << buf;
  if (r.top1_chip >= 0) {
    std::snprintf(buf, sizeof buf, "  top-1 system %.2f %%, reference %.2f %%\n",
                  100.0 * r.top1_chip, 100.0 * r.top1_reference);
    o << buf;
  }
  return o.str();
}

}  // namespace kirchhoff
