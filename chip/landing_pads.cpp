#include "chip/landing_pads.h"

#include <algorithm>
#include <stdexcept>

#include "chip/host_port.h"
#include "tiles/sim_time.h"

namespace kirchhoff {

LandingPads::LandingPads(sc_core::sc_module_name name, const LandingPadParams& params,
                         traces::Recorder* recorder)
    : sc_core::sc_module(name),
      target("target"),
      initiator("initiator"),
      params_(params),
      recorder_(recorder) {
  if (params_.pairs < 1 || params_.lanes < 1 || params_.input_energy_pj < 0 ||
      params_.output_energy_pj < 0 || params_.input_conversion_ns < 0 ||
      params_.output_conversion_ns < 0) {
    throw std::invalid_argument(
        "chip.landing_pads: pairs and lanes must be >= 1, energies and conversion times >= 0");
  }
  for (auto& pads : free_at_)
    pads.assign(static_cast<std::size_t>(params_.pairs), sc_core::SC_ZERO_TIME);
  target.register_b_transport(this, &LandingPads::b_transport);
  if (recorder_) component_ = recorder_->add_component(this->name(), "converter");
}

sc_core::sc_time LandingPads::convert(int dir, std::uint64_t values, sc_core::sc_time now,
                                      int sample, int layer) {
  std::vector<sc_core::sc_time>& pads = free_at_[dir];
  auto pad = std::min_element(pads.begin(), pads.end());
  const sc_core::sc_time start = std::max(now, *pad);
  const std::uint64_t lanes = static_cast<std::uint64_t>(params_.lanes);
  const double conversions = static_cast<double>((values + lanes - 1) / lanes);
  const double ns = dir == 0 ? params_.input_conversion_ns : params_.output_conversion_ns;
  const sc_core::sc_time busy(conversions * ns, sc_core::SC_NS);
  *pad = start + busy;
  conversions_[dir] += values;
  if (recorder_) {
    traces::Event e;
    e.start_ps = to_ps(start);
    e.duration_ps = to_ps(busy);
    e.component = component_;
    e.kind = traces::EventKind::kHostIo;
    e.sample = sample;
    e.layer = layer;
    e.bytes = values;  // one 8-bit value each
    const double pj = static_cast<double>(values) *
                      (dir == 0 ? params_.input_energy_pj : params_.output_energy_pj);
    e.energy[dir == 0 ? traces::EnergyCategory::kDac : traces::EnergyCategory::kAdc] = pj;
    recorder_->record(e);
  }
  return start + busy;
}

void LandingPads::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  const HostIoTag* io = trans.get_extension<HostIoTag>();
  if (io == nullptr || !io->activations) {
    initiator->b_transport(trans, delay);
    return;
  }
  const std::uint64_t values = trans.get_data_length() / sizeof(float);
  const int sample = io->sample, layer = io->layer;
  const sc_core::sc_time stamp = sc_core::sc_time_stamp();
  if (trans.is_write()) {
    delay = convert(0, values, stamp + delay, sample, layer) - stamp;
    initiator->b_transport(trans, delay);
  } else {
    initiator->b_transport(trans, delay);
    if (trans.is_response_ok()) delay = convert(1, values, stamp + delay, sample, layer) - stamp;
  }
}

}  // namespace kirchhoff
