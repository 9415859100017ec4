// `kirchhoff sweep` on the ADC bits x crossbar example (configs/sweeps/adc_bits_x_crossbar.yaml,
// 15 points of 64 images of the shipped CNN), measured in this run:
//   - points per minute at -j 1 and at -j 2, and their ratio (goal >= 1.8x on 2 cores);
//   - the sweep driver's overhead per point (goal <= 5 %), two ways:
//       in the run: the -j 1 sweep's wall time against the sum of its points' own wall times
//       (results.csv wall_s: each `kirchhoff run` child from start to exit), i.e. what the
//       driver adds around the children (expanding and checking every point, writing their
//       config.yaml, spawning, reading summaries, appending rows); one process, so a busy
//       machine slows both sides alike;
//       against direct runs: the same points run one after the other as plain `kirchhoff run`
//       processes (each point's own config.yaml from the sweep folder and the sweep's run
//       options), which must give the same summary.json figures (the same work); this one
//       compares runs taken at different moments and so carries the machine's noise.
// Each is measured REPEATS times (default 2), interleaved, and the best of each is kept.
// Usage: bench_sweep [REPEATS]
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

extern char** environ;

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

const std::string kSource = KIRCHHOFF_SOURCE_DIR;
const std::string kSweep = kSource + "/configs/sweeps/adc_bits_x_crossbar.yaml";
// The run options of that sweep file's `run:` section, as `kirchhoff run` flags.
const std::vector<std::string> kRunArgs = {
    "--workload", kSource + "/data/fmnist/cnn.onnx",
    "--inputs",   kSource + "/data/fmnist/test_images_u8.npy",
    "--labels",   kSource + "/data/fmnist/test_labels_i64.npy",
    "--samples",  "64"};

// Runs a program with stdout and stderr to /dev/null; returns its wall time. Throws on a
// non-zero exit.
double run_process(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  const auto t0 = Clock::now();
  pid_t pid = 0;
  if (posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ) != 0) {
    posix_spawn_file_actions_destroy(&fa);
    throw std::runtime_error("cannot start " + args[0]);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  const double wall_s = std::chrono::duration<double>(Clock::now() - t0).count();
  posix_spawn_file_actions_destroy(&fa);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::string cmd;
    for (const auto& a : args) cmd += a + " ";
    throw std::runtime_error("failed (status " + std::to_string(status) + "): " + cmd);
  }
  return wall_s;
}

nlohmann::json read_json(const fs::path& p) {
  std::ifstream in(p);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  return nlohmann::json::parse(in);
}

// The sum of the points' wall_s column of DIR/results.csv.
double points_wall_s(const fs::path& dir) {
  std::ifstream in(dir / "results.csv");
  std::string line;
  std::getline(in, line);
  std::size_t column = 0, c = 0;
  for (std::size_t pos = 0;; ++c) {
    const std::size_t comma = line.find(',', pos);
    if (line.substr(pos, comma - pos) == "wall_s") column = c;
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  double total_s = 0;
  while (std::getline(in, line)) {
    std::size_t pos = 0;
    for (std::size_t k = 0; k < column; ++k) pos = line.find(',', pos) + 1;
    total_s += std::stod(line.substr(pos));
  }
  return total_s;
}

double sweep_wall_s(const fs::path& out, int jobs) {
  fs::remove_all(out);
  return run_process({KIRCHHOFF_BINARY, "sweep", kSweep, "--out", out.string(), "-j",
                      std::to_string(jobs), "--quiet"});
}

// Every point of the sweep in `sweep_dir` as a plain `kirchhoff run`, one after the other.
// Checks that each gives the figures the sweep's point gave.
double direct_wall_s(const fs::path& sweep_dir, const fs::path& scratch) {
  const nlohmann::json manifest = read_json(sweep_dir / "sweep.json");
  double total_s = 0;
  for (const auto& p : manifest["points"]) {
    const fs::path point = sweep_dir / "points" / p["id"].get<std::string>();
    fs::remove_all(scratch);
    std::vector<std::string> args = {KIRCHHOFF_BINARY, "run", (point / "config.yaml").string(),
                                     "--out", scratch.string()};
    args.insert(args.end(), kRunArgs.begin(), kRunArgs.end());
    total_s += run_process(args);
    const nlohmann::json a = read_json(point / "summary.json");
    const nlohmann::json b = read_json(scratch / "summary.json");
    for (const char* key : {"energy_pj", "latency_ns", "top1_chip"}) {
      if (a[key] != b[key]) {
        throw std::runtime_error(point.string() + ": `kirchhoff run` gives another " + key +
                                 " than the sweep's point: not the same work");
      }
    }
  }
  return total_s;
}

}  // namespace

int main(int argc, char** argv) {
  const int repeats = argc > 1 ? std::max(1, std::atoi(argv[1])) : 2;
  const fs::path tmp =
      fs::temp_directory_path() / ("kirchhoff_bench_sweep_" + std::to_string(::getpid()));
  fs::create_directories(tmp);
  try {
    double j1 = 1e300, j2 = 1e300, direct = 1e300;
    double in_run = 1e300, in_run_ms = 0;  // the repeat with the least driver time
    std::size_t points = 0;
    for (int r = 0; r < repeats; ++r) {
      const double wall_s = sweep_wall_s(tmp / "j1", 1);
      const double children_s = points_wall_s(tmp / "j1");
      points = read_json(tmp / "j1" / "sweep.json")["points"].size();
      if (wall_s / children_s - 1.0 < in_run) {
        in_run = wall_s / children_s - 1.0;
        in_run_ms = 1000.0 * (wall_s - children_s) / static_cast<double>(points);
      }
      const double direct_s = direct_wall_s(tmp / "j1", tmp / "direct");
      const double j2_s = sweep_wall_s(tmp / "j2", 2);
      j1 = std::min(j1, wall_s);
      direct = std::min(direct, direct_s);
      j2 = std::min(j2, j2_s);
      std::printf("  repeat %d: -j 1 %.2f s (its points %.2f s), -j 2 %.2f s, direct runs %.2f s\n",
                  r + 1, wall_s, children_s, j2_s, direct_s);
      std::fflush(stdout);
    }
    const double ppm1 = 60.0 * static_cast<double>(points) / j1;
    const double ppm2 = 60.0 * static_cast<double>(points) / j2;
    const double overhead = j1 / direct - 1.0;
    std::printf("bench_sweep: %s, %zu points (best of %d)\n", kSweep.c_str(), points, repeats);
    std::printf("  -j 1                 %8.2f s  %7.1f points/min\n", j1, ppm1);
    std::printf("  -j 2                 %8.2f s  %7.1f points/min\n", j2, ppm2);
    std::printf("  -j 2 / -j 1          %8.2fx   (goal >= 1.8x on 2 cores; %u cores here)\n",
                ppm2 / ppm1, std::max(1u, static_cast<unsigned>(sysconf(_SC_NPROCESSORS_ONLN))));
    std::printf("  direct kirchhoff run %8.2f s  (the same %zu points one by one)\n", direct,
                points);
    std::printf("  driver overhead      %+7.1f %%   per point %.1f ms, in the run (goal <= 5 %%)\n",
                100.0 * in_run, in_run_ms);
    std::printf("  vs direct runs       %+7.1f %%   per point %.1f ms (noisy on a busy machine)\n",
                100.0 * overhead, 1000.0 * (j1 - direct) / static_cast<double>(points));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_sweep: %s\n", e.what());
    fs::remove_all(tmp);
    return 1;
  }
  fs::remove_all(tmp);
  return 0;
}
