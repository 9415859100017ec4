// `kirchhoff sweep --emit-slurm / --slurm` (a Slurm job array of shards, submitted with
// sbatch --wait) and `kirchhoff sweep --collect DIR` (the shards merged into results.csv).
#pragma once

#include <string>
#include <vector>

#include "app/sweep_setup.h"

namespace kirchhoff::app {

struct SlurmOptions {
  std::string sweep_file, out;
  int array_size = 0;  // 0: min(points, 16)
  std::vector<std::string> slurm_opts;
  bool submit = false;  // --slurm: sbatch --wait, then collect
};

int slurm_command(const SlurmOptions& o, const LoadedSweep& s);

// Merges and reports; 0 when every point is there and ok, 1 otherwise.
int collect_command(const std::string& dir);

}  // namespace kirchhoff::app
