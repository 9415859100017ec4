// Cost of tracing on a whole run: the built-in workload (256 samples, PCM tile) run by the
// kirchhoff binary with no trace sink, then with all four sinks (--events --perfetto --vcd
// --power), interleaved, best of N runs each. Reports wall seconds per run and the ratio, and
// the recorder's share of a run with no sink (events x ns per record from bench_trace's
// measurement is printed by that bench; here the run with no sink is the baseline).
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

double run_seconds(const std::string& args) {
  const std::string cmd =
      std::string(KIRCHHOFF_BINARY) + " --log-level warn run " + args + " >/dev/null 2>&1";
  const auto t0 = std::chrono::steady_clock::now();
  const int rc = std::system(cmd.c_str());
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (rc != 0) {
    std::fprintf(stderr, "bench_run_tracing: '%s' failed\n", cmd.c_str());
    std::exit(1);
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  const int repeats = argc > 1 ? std::atoi(argv[1]) : 5;
  const std::string common =
      " --workload dense --set workload.samples=256 --set tile.device.type=pcm";
  double none = 1e9, all = 1e9;
  for (int i = 0; i < repeats; ++i) {
    none = std::min(none, run_seconds("--out /tmp/kh_bench_none" + common));
    all = std::min(all, run_seconds("--out /tmp/kh_bench_all" + common +
                                    " --events --perfetto --vcd --power 1000"));
  }
  std::printf(
      "kirchhoff run, 256 samples on one 256x256 PCM tile, best of %d (wall, incl. "
      "process start):\n",
      repeats);
  std::printf("  no trace sink        %.4f s\n", none);
  std::printf("  all four sinks       %.4f s\n", all);
  std::printf("  slowdown with all sinks: %.2fx\n", all / none);
  return 0;
}
