#include "app/sweep_slurm.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <stdexcept>

#include <fmt/format.h>

#include "app/cli.h"
#include "sweep/collect.h"
#include "sweep/manifest.h"
#include "sweep/slurm_script.h"

namespace kirchhoff::app {

namespace fs = std::filesystem;

int collect_command(const std::string& dir) {
  sweep::CollectReport r;
  try {
    r = sweep::collect_results(dir);
  } catch (const std::runtime_error& e) {  // no sweep.json, a foreign file, a row of no point
    throw UsageError(std::string("sweep --collect: ") + e.what());
  }
  std::cout << "collected " << r.ok + r.failed.size() << " of " << r.total << " points from "
            << r.sources.size() << " file(s) into " << dir << "/results.csv: " << r.ok << " ok, "
            << r.failed.size() << " not ok, " << r.missing.size() << " missing\n";
  auto list = [](const std::vector<std::string>& ids) {
    std::string s;
    for (std::size_t i = 0; i < ids.size() && i < 20; ++i) s += (i ? ", " : "") + ids[i];
    if (ids.size() > 20) s += fmt::format(", ... ({} in all)", ids.size());
    return s;
  };
  if (!r.missing.empty()) std::cout << "  missing: " << list(r.missing) << "\n";
  if (!r.failed.empty()) std::cout << "  not ok: " << list(r.failed) << "\n";
  return r.missing.empty() && r.failed.empty() ? kExitOk : kExitRuntime;
}

namespace {

bool in_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    const std::size_t end = std::min(dirs.find(':', start), dirs.size());
    const std::string d = dirs.substr(start, end - start);
    if (!d.empty() && ::access((d + "/" + program).c_str(), X_OK) == 0) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

int slurm_command(const SlurmOptions& o, const LoadedSweep& s) {
  if (o.submit && !in_path("sbatch")) {
    throw UsageError(
        "sweep --slurm: sbatch is not installed (not found in PATH); allowed: a machine with "
        "Slurm's client commands (tools/slurm-local.sh start brings up a local cluster), or "
        "--emit-slurm to write the script and submit it elsewhere");
  }
  const std::size_t points = s.points.size();
  int array_size =
      o.array_size > 0 ? o.array_size : static_cast<int>(std::min<std::size_t>(points, 16));
  if (o.array_size < 0 || static_cast<std::size_t>(array_size) > points) {
    throw UsageError(fmt::format("sweep --array-size {}: allowed: integer in [1, {}] (the points)",
                                 o.array_size, points));
  }
  sweep::SlurmScriptRequest req;
  req.name = s.spec.name;
  req.kirchhoff = self_executable();
  req.sweep_file = absolute_path(o.sweep_file);
  req.out_dir = absolute_path(o.out);
  req.array_size = array_size;
  for (const auto& opt : o.slurm_opts) req.options.push_back(sweep::parse_slurm_option(opt));
  prepare_out_dir(s, o.out);
  std::error_code ec;
  fs::create_directories(req.out_dir + "/slurm", ec);
  const std::string script = req.out_dir + "/sweep.sbatch";
  sweep::write_file_atomic(script, sweep::slurm_script(req));
  if (!o.submit) {
    std::cout << "wrote " << script << " (" << array_size << " array tasks for " << points
              << " points); submit it with:\n  sbatch " << script
              << "\nthen merge the shards: " << req.kirchhoff << " sweep --collect " << req.out_dir
              << "\n";
    return kExitOk;
  }
  std::cout << "submitting " << script << " (" << array_size << " array tasks)\n" << std::flush;
  const pid_t pid = ::fork();
  if (pid == 0) {
    const char* argv[] = {"sbatch", "--wait", "--parsable", script.c_str(), nullptr};
    ::execvp("sbatch", const_cast<char* const*>(argv));
    ::_exit(127);
  }
  int status = 0;
  if (pid < 0 || ::waitpid(pid, &status, 0) < 0) throw std::runtime_error("cannot run sbatch");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::cerr << "kirchhoff: sbatch --wait ended with "
              << (WIFEXITED(status) ? "exit code " + std::to_string(WEXITSTATUS(status))
                                    : std::string("a signal"))
              << " (a task failed or the job was cancelled); collecting what finished\n";
  }
  return collect_command(req.out_dir);
}

}  // namespace kirchhoff::app
