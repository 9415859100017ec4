// "Did you mean": the known name nearest to a misspelt one (Levenshtein edit distance), for the
// chip schema, the accelerator files (baseline/) and the sweep file (sweep/).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace kirchhoff::config {

// Insertions, deletions and substitutions that turn a into b.
std::size_t edit_distance(const std::string& a, const std::string& b);

// The entry of `names` with the smallest edit distance to `name` (the first on a tie; "" when
// `names` is empty).
std::string nearest_name(const std::string& name, const std::vector<std::string>& names);

// The nearest of the dotted key paths `paths` and of their prefixes ("tile", "tile.adc" for
// "tile.adc.bits"), so a misspelt section is matched too (ties: the alphabetically first).
std::string nearest_key_path(const std::string& path, const std::vector<std::string>& paths);

}  // namespace kirchhoff::config
