// Set-up and tear-down of the chip against its tile count: for 1,024, 4,096 and 16,384 tiles
// (ideal devices, 256 x 256 tiles, one local DPU per tile, the smallest square mesh that holds
// them and the host port), each in its own process (a SystemC kernel elaborates once):
//   - construct: the Chip's constructor (tiles, DPUs, ports, senders, routers, NoC, bindings);
//   - elaborate: sc_start(SC_ZERO_TIME) (binding completion, end_of_elaboration);
//   - tear down: the host's and the Chip's destructors, in that order as in a run
//     (host/workload_simulation.cpp): SystemC unregisters every module, port and export.
// Printed as CPU time per tile (microseconds) with the ratio of the largest size's per-tile cost to
// the smallest's: linear set-up and tear-down keep that ratio near 1 (quadratic: 16); and each
// child's peak RSS.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <tlm_utils/simple_initiator_socket.h>

#include "bench/child_figures.h"
#include "chip/chip.h"
#include "config/config_loader.h"

namespace {

struct Phases {
  double construct_s = 0, elaborate_s = 0, teardown_s = 0;
  long peak_rss_kib = 0;
};

// What the host binds to the chip: nothing is sent, the binding only has to exist.
struct IdleHost : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<IdleHost> socket{"socket"};
  explicit IdleHost(sc_core::sc_module_name n) : sc_module(n) {}
};

// Runs in a child process: builds, elaborates and destroys one chip; writes the three times.
Phases measure(int tiles) {
  const int side = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(tiles) + 1.0)));
  auto cfg = kirchhoff::config::load_config_text(
      "bench", "{}",
      {"chip.tiles=" + std::to_string(tiles), "chip.mesh_cols=" + std::to_string(side),
       "chip.mesh_rows=" + std::to_string(side), "tile.device.type=ideal"});
  Phases p;
  double t0 = kirchhoff::bench::process_cpu_s();
  auto chip = std::make_unique<kirchhoff::Chip>("chip", cfg, nullptr);
  auto host = std::make_unique<IdleHost>("host");
  host->socket.bind(chip->host_target());
  p.construct_s = kirchhoff::bench::process_cpu_s() - t0;
  t0 = kirchhoff::bench::process_cpu_s();
  sc_core::sc_start(sc_core::SC_ZERO_TIME);
  p.elaborate_s = kirchhoff::bench::process_cpu_s() - t0;
  t0 = kirchhoff::bench::process_cpu_s();
  host.reset();
  chip.reset();
  p.teardown_s = kirchhoff::bench::process_cpu_s() - t0;
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  p.peak_rss_kib = u.ru_maxrss;
  return p;
}

bool run_child(int tiles, Phases& out) {
  int fds[2];
  if (pipe(fds) != 0) return false;
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    const Phases p = measure(tiles);
    const bool ok = write(fds[1], &p, sizeof p) == static_cast<ssize_t>(sizeof p);
    _exit(ok ? 0 : 1);
  }
  close(fds[1]);
  const bool got = read(fds[0], &out, sizeof out) == static_cast<ssize_t>(sizeof out);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return got && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace

int sc_main(int, char**) {
  return 0;
}  // unused: main below

int main() {
  const std::vector<int> sizes = {1024, 4096, 16384};
  std::vector<Phases> per_tile_us;
  std::printf("%8s %14s %14s %14s %14s   (CPU microseconds per tile; peak RSS of the child)\n",
              "tiles", "construct", "elaborate", "tear down", "peak RSS MiB");
  for (int n : sizes) {
    Phases p;
    if (!run_child(n, p)) {
      std::fprintf(stderr, "bench_chip_scale: the %d-tile child failed\n", n);
      return 1;
    }
    const double k = 1e6 / n;
    per_tile_us.push_back({p.construct_s * k, p.elaborate_s * k, p.teardown_s * k, 0});
    std::printf("%8d %14.2f %14.2f %14.2f %14.1f\n", n, p.construct_s * k, p.elaborate_s * k,
                p.teardown_s * k, static_cast<double>(p.peak_rss_kib) / 1024.0);
  }
  const Phases& a = per_tile_us.front();
  const Phases& b = per_tile_us.back();
  std::printf(
      "per-tile cost ratio %d/%d tiles: construct %.2fx, elaborate %.2fx, tear down %.2fx\n",
      sizes.back(), sizes.front(), b.construct_s / a.construct_s, b.elaborate_s / a.elaborate_s,
      b.teardown_s / a.teardown_s);
  kirchhoff::bench::print_figure("construct_ratio", b.construct_s / a.construct_s, "x");
  kirchhoff::bench::print_figure("elaborate_ratio", b.elaborate_s / a.elaborate_s, "x");
  kirchhoff::bench::print_figure("teardown_ratio", b.teardown_s / a.teardown_s, "x");
  kirchhoff::bench::print_figure("teardown_us_per_tile_16k", b.teardown_s, "us");
  return 0;
}
