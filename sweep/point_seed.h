// Seeds of a sweep: each point's simulation seed and the random axes' draws, both functions of
// values only (never of a point's index, -j or the order of execution), so a point gives the
// same results in any run of the sweep. The exact recipe is in docs/sweeps.md.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace kirchhoff::sweep {

// 64-bit FNV-1a of `text`, then the splitmix64 finaliser.
std::uint64_t hash_text(const std::string& text);

// The point's `sim.seed`: hash_text("root=<root>;<key>=<value>;...;replicate=<r>") with the
// axes in column order, masked to 53 bits (sim.seed's range).
std::uint64_t point_seed(std::uint64_t root_seed,
                         const std::vector<std::pair<std::string, std::string>>& axis_values,
                         int replicate);

// A uniform number in [0, 1) (53 bits) for random point `index` and axis `key`:
// hash_text("random=<seed>;point=<index>;axis=<key>") >> 11, times 2^-53.
double random_unit(std::uint64_t random_seed, int index, const std::string& key);

}  // namespace kirchhoff::sweep
