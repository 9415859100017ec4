#include "sweep/point_seed.h"

namespace kirchhoff::sweep {

std::uint64_t hash_text(const std::string& text) {
  std::uint64_t h = 14695981039346656037ULL;
  for (const unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  h += 0x9e3779b97f4a7c15ULL;
  h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
  h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
  return h ^ (h >> 31);
}

std::uint64_t point_seed(std::uint64_t root_seed,
                         const std::vector<std::pair<std::string, std::string>>& axis_values,
                         int replicate) {
  std::string text = "root=" + std::to_string(root_seed) + ";";
  for (const auto& [key, value] : axis_values) text += key + "=" + value + ";";
  text += "replicate=" + std::to_string(replicate);
  return hash_text(text) & ((std::uint64_t{1} << 53) - 1);
}

double random_unit(std::uint64_t random_seed, int index, const std::string& key) {
  const std::uint64_t h = hash_text("random=" + std::to_string(random_seed) +
                                    ";point=" + std::to_string(index) + ";axis=" + key);
  return static_cast<double>(h >> 11) * 0x1.0p-53;
}

}  // namespace kirchhoff::sweep
