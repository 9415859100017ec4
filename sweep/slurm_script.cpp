#include "sweep/slurm_script.h"

#include "sweep/suggest.h"

#include <stdexcept>

namespace kirchhoff::sweep {
namespace {

// A path as a shell word: as it is when it needs no quoting, else in single quotes.
std::string shell_word(const std::string& s) {
  if (is_word(s, "_./+:@%=-")) return s;
  std::string out = "'";
  for (const char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::pair<std::string, std::string> parse_slurm_option(const std::string& assignment) {
  const auto eq = assignment.find('=');
  const std::string key = assignment.substr(0, eq);
  const std::string value = eq == std::string::npos ? std::string() : assignment.substr(eq + 1);
  const std::string prefix = "--slurm-opt " + assignment + ": ";
  if (eq == std::string::npos || !is_word(key, "_-") || !is_word(key.substr(0, 1), "")) {
    throw std::invalid_argument(prefix +
                                "allowed: K=V with K a Slurm option name, e.g. partition=batch, "
                                "time=01:00:00, account=proj");
  }
  if (key == "array") {
    throw std::invalid_argument(prefix + "the array is the shards; allowed: --array-size N");
  }
  if (value.find_first_of("\r\n") != std::string::npos) {
    throw std::invalid_argument(prefix + "a value cannot contain a newline");
  }
  return {key, value};
}

std::string slurm_script(const SlurmScriptRequest& r) {
  const std::string n = std::to_string(r.array_size);
  std::string s = "#!/bin/bash\n";
  s += "# Written by `kirchhoff sweep --emit-slurm` for the sweep '" + r.name + "': one array\n";
  s += "# task per shard; each runs its shard into " + r.out_dir + ".\n";
  s += "# After the array: kirchhoff sweep --collect " + r.out_dir + "\n";
  s += "#SBATCH --job-name=kirchhoff-" + r.name + "\n";
  s += "#SBATCH --array=0-" + std::to_string(r.array_size - 1) + "\n";
  bool has_output = false;
  for (const auto& [k, v] : r.options) has_output = has_output || k == "output";
  if (!has_output) s += "#SBATCH --output=" + r.out_dir + "/slurm/%A_%a.out\n";
  for (const auto& [k, v] : r.options) s += "#SBATCH --" + k + "=" + v + "\n";
  s += shell_word(r.kirchhoff) + " sweep " + shell_word(r.sweep_file) + " --out " +
       shell_word(r.out_dir) + " --shard $SLURM_ARRAY_TASK_ID/" + n +
       " -j ${SLURM_CPUS_PER_TASK:-1}\n";
  return s;
}

}  // namespace kirchhoff::sweep
