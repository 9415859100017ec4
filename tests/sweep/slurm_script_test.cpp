// The Slurm batch script's text and the --slurm-opt checks.
#include <gtest/gtest.h>

#include <stdexcept>

#include "sweep/slurm_script.h"

namespace kirchhoff::sweep {
namespace {

TEST(SlurmScript, IsAJobArrayOfShardsIntoTheSharedFolder) {
  SlurmScriptRequest r;
  r.name = "adc";
  r.kirchhoff = "/opt/k/bin/kirchhoff";
  r.sweep_file = "/home/a/sweeps/adc.yaml";
  r.out_dir = "/scratch/a/adc";
  r.array_size = 4;
  r.options = {{"partition", "batch"}, {"time", "01:00:00"}};
  EXPECT_EQ(slurm_script(r),
            "#!/bin/bash\n"
            "# Written by `kirchhoff sweep --emit-slurm` for the sweep 'adc': one array\n"
            "# task per shard; each runs its shard into /scratch/a/adc.\n"
            "# After the array: kirchhoff sweep --collect /scratch/a/adc\n"
            "#SBATCH --job-name=kirchhoff-adc\n"
            "#SBATCH --array=0-3\n"
            "#SBATCH --output=/scratch/a/adc/slurm/%A_%a.out\n"
            "#SBATCH --partition=batch\n"
            "#SBATCH --time=01:00:00\n"
            "/opt/k/bin/kirchhoff sweep /home/a/sweeps/adc.yaml --out /scratch/a/adc --shard "
            "$SLURM_ARRAY_TASK_ID/4 -j ${SLURM_CPUS_PER_TASK:-1}\n");
}

TEST(SlurmScript, PathsWithSpacesAreQuotedAndAnOutputOptionReplacesTheDefault) {
  SlurmScriptRequest r;
  r.name = "s";
  r.kirchhoff = "/k";
  r.sweep_file = "/my sweeps/s.yaml";
  r.out_dir = "/o";
  r.array_size = 1;
  r.options = {{"output", "/logs/%j.out"}};
  const std::string s = slurm_script(r);
  EXPECT_NE(s.find("#SBATCH --array=0-0\n#SBATCH --output=/logs/%j.out\n/k sweep '/my "
                   "sweeps/s.yaml' --out /o --shard $SLURM_ARRAY_TASK_ID/1"),
            std::string::npos)
      << s;
}

TEST(SlurmScript, OptionsAreKeyValuePairsButNotTheArray) {
  EXPECT_EQ(parse_slurm_option("account=proj-42"),
            (std::pair<std::string, std::string>{"account", "proj-42"}));
  EXPECT_EQ(parse_slurm_option("gres=gpu:1"),
            (std::pair<std::string, std::string>{"gres", "gpu:1"}));
  try {
    parse_slurm_option("partition");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()),
              "--slurm-opt partition: allowed: K=V with K a Slurm option name, e.g. "
              "partition=batch, time=01:00:00, account=proj");
  }
  try {
    parse_slurm_option("array=0-9");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()),
              "--slurm-opt array=0-9: the array is the shards; allowed: --array-size N");
  }
}

}  // namespace
}  // namespace kirchhoff::sweep
