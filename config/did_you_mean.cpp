#include "config/did_you_mean.h"

#include <algorithm>
#include <numeric>
#include <set>

namespace kirchhoff::config {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::string nearest_name(const std::string& name, const std::vector<std::string>& names) {
  std::string best;
  std::size_t best_distance = ~std::size_t{0};
  for (const auto& candidate : names) {
    const std::size_t d = edit_distance(name, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

std::string nearest_key_path(const std::string& path, const std::vector<std::string>& paths) {
  std::set<std::string> candidates;
  for (const auto& k : paths) {
    candidates.insert(k);
    for (std::size_t p = k.find('.'); p != std::string::npos; p = k.find('.', p + 1)) {
      candidates.insert(k.substr(0, p));
    }
  }
  return nearest_name(path, std::vector<std::string>(candidates.begin(), candidates.end()));
}

}  // namespace kirchhoff::config
