#include "traces/event.h"

namespace kirchhoff::traces {

std::string_view to_string(EnergyCategory c) {
  switch (c) {
    case EnergyCategory::kArray:
      return "array";
    case EnergyCategory::kDac:
      return "dac";
    case EnergyCategory::kAdc:
      return "adc";
    case EnergyCategory::kDpu:
      return "dpu";
    case EnergyCategory::kBuffer:
      return "buffer";
    case EnergyCategory::kNetwork:
      return "network";
    case EnergyCategory::kHostIo:
      return "host_io";
    case EnergyCategory::kProgramming:
      return "programming";
    case EnergyCategory::kStatic:
      return "static";
    case EnergyCategory::kActive:
      return "active";
  }
  return "?";
}

std::string_view to_string(EventKind k) {
  switch (k) {
    case EventKind::kMvm:
      return "mvm";
    case EventKind::kDpuOp:
      return "dpu_op";
    case EventKind::kPacketHop:
      return "packet_hop";
    case EventKind::kPacketDelivery:
      return "packet_delivery";
    case EventKind::kProgram:
      return "program";
    case EventKind::kHostIo:
      return "host_io";
    case EventKind::kRecalibration:
      return "recalibration";
    case EventKind::kStatic:
      return "static";
  }
  return "?";
}

double EnergyPj::total() const {
  double t = 0.0;
  for (double v : pj) t += v;
  return t;
}

EnergyPj& EnergyPj::operator+=(const EnergyPj& o) {
  for (std::size_t i = 0; i < kNumEnergyCategories; ++i) pj[i] += o.pj[i];
  return *this;
}

}  // namespace kirchhoff::traces
