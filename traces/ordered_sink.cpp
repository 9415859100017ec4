#include "traces/ordered_sink.h"

namespace kirchhoff::traces {

std::vector<std::string> late_item_warnings(const TimeOrderedStream& stream,
                                            const std::string& consequence) {
  std::vector<std::string> w;
  if (stream.late_items() > 0) {
    w.push_back(std::to_string(stream.late_items()) +
                " events arrived later than the reorder window (" +
                std::to_string(stream.reorder_window_ps()) + " ps) allows, by up to " +
                std::to_string(stream.max_lateness_ps()) + " ps; " + consequence);
  }
  return w;
}

}  // namespace kirchhoff::traces
