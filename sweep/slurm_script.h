// The Slurm batch script of `kirchhoff sweep --emit-slurm`: a job array with one task per shard,
// each running `kirchhoff sweep SWEEP --out DIR --shard $SLURM_ARRAY_TASK_ID/N` into the shared
// DIR (docs/sweeps.md).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace kirchhoff::sweep {

struct SlurmScriptRequest {
  std::string name;        // the sweep's name (the job name)
  std::string kirchhoff;   // absolute path of the program
  std::string sweep_file;  // absolute
  std::string out_dir;     // absolute
  int array_size = 1;
  std::vector<std::pair<std::string, std::string>> options;  // --slurm-opt K=V, in order
};

// "K=V" as a Slurm option; throws std::invalid_argument naming it when K is not a Slurm option
// name ([A-Za-z][A-Za-z0-9_-]*), is `array` (use --array-size) or V has a newline.
std::pair<std::string, std::string> parse_slurm_option(const std::string& assignment);

std::string slurm_script(const SlurmScriptRequest& request);

}  // namespace kirchhoff::sweep
