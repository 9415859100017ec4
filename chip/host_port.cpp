#include "chip/host_port.h"

#include "tiles/sim_time.h"

#include <algorithm>

namespace kirchhoff {

HostPort::HostPort(sc_core::sc_module_name name, const HostParams& params,
                   traces::Recorder* recorder)
    : sc_core::sc_module(name),
      target("target"),
      initiator("initiator"),
      params_(params),
      recorder_(recorder) {
  target.register_b_transport(this, &HostPort::b_transport);
  if (recorder_) component_ = recorder_->add_component(this->name(), "host");
}

void HostPort::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  const HostIoTag* io = trans.get_extension<HostIoTag>();
  const std::uint64_t n =
      io != nullptr && io->activations
          ? trans.get_data_length() / sizeof(float) * io_bytes(params_.io_format)
          : trans.get_data_length();
  const sc_core::sc_time stamp = sc_core::sc_time_stamp();
  const sc_core::sc_time now = stamp + delay;
  sc_core::sc_time start = std::max(now, busy_until_);
  const bool posted = trans.is_write() && params_.port_posted_writes >= 2;
  if (posted) {
    // A free slot: writes completed by `start` have left the window; when it is still full,
    // this write waits for the oldest in flight.
    in_flight_.erase(in_flight_.begin(), in_flight_.upper_bound(start));
    while (static_cast<int>(in_flight_.size()) >= params_.port_posted_writes) {
      start = std::max(start, *in_flight_.begin());
      in_flight_.erase(in_flight_.begin());
    }
  }
  // bytes / (GB/s) = ns
  const sc_core::sc_time transfer(static_cast<double>(n) / params_.port_bandwidth_GBps,
                                  sc_core::SC_NS);
  busy_until_ = start + transfer;
  delay += (busy_until_ - now) + sc_core::sc_time(params_.port_latency_ns, sc_core::SC_NS);
  bytes_ += n;
  initiator->b_transport(trans, delay);
  const sc_core::sc_time completed = stamp + delay;
  if (HostIoTag* tag = trans.get_extension<HostIoTag>()) tag->completed = completed;
  if (posted) {
    in_flight_.insert(completed);
    delay = busy_until_ - stamp;  // the host may send again once the bytes have left
  }
  if (recorder_) {
    traces::Event e;
    e.start_ps = to_ps(start);
    e.duration_ps = to_ps(transfer);
    e.component = component_;
    e.kind = traces::EventKind::kHostIo;
    if (const HostIoTag* tag = trans.get_extension<HostIoTag>()) {
      e.sample = tag->sample;
      e.layer = tag->layer;
    }
    e.bytes = n;
    e.energy[traces::EnergyCategory::kHostIo] =
        static_cast<double>(n) * 8.0 * params_.io_energy_pj_per_bit;
    recorder_->record(e);
  }
}

}  // namespace kirchhoff
