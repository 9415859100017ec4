// Fork-join over independent work items, for the per-device loops of programming
// (sim.threads): body(i) runs once for every i in [0, count) on up to `threads` threads (the
// caller is one of them) and parallel_for returns when all have run. Which thread runs which
// item is unspecified, so a body must write only to item i's own outputs; results that depend
// on nothing else (counter-based random numbers, per-item reductions combined afterwards in
// item order) are then bit-identical whatever the thread count. The first exception a body
// throws is rethrown in the caller after every thread has stopped.
#pragma once

#include <cstddef>
#include <functional>

namespace kirchhoff {

void parallel_for(int threads, std::size_t count, const std::function<void(std::size_t)>& body);

}  // namespace kirchhoff
