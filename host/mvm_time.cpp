// WorkloadHost: a tile's MVM latency as an sc_time, kept per tile and rebuilt only when the
// latency changes (constructing an sc_time from a double costs a conversion every time; the
// host needed it for every tile of every patch).
#include "host/workload_host.h"

namespace kirchhoff {

const sc_core::sc_time& WorkloadHost::mvm_time(int tile) {
  const std::size_t i = static_cast<std::size_t>(tile);
  if (mvm_time_.size() <= i) mvm_time_.resize(i + 1, {-1.0, sc_core::SC_ZERO_TIME});
  const double ns = chip_.tile(tile).mvm_latency_ns();
  auto& cached = mvm_time_[i];
  if (cached.first != ns) cached = {ns, sc_core::sc_time(ns, sc_core::SC_NS)};
  return cached.second;
}

}  // namespace kirchhoff
