// "Did you mean": the name of a short list nearest to a misspelt one, for the sweep file's keys.
#pragma once

#include <string>
#include <vector>

namespace kirchhoff::sweep {

// The entry of `names` with the smallest edit distance to `name` (the first on a tie).
std::string nearest_name(const std::string& name, const std::vector<std::string>& names);

// True if `text` is non-empty and every character is a letter, a digit or one of `extra`
// (std::regex is avoided: GCC 12 warns inside it under -fsanitize).
bool is_word(const std::string& text, const std::string& extra);

// "a, b, c"
std::string join_names(const std::vector<std::string>& names);

}  // namespace kirchhoff::sweep
