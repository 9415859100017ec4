#include "app/sensitivity_calibration.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/cli.h"
#include "app/sweep_setup.h"
#include "config/config_loader.h"
#include "config/tile_groups.h"

extern char** environ;

namespace kirchhoff::app {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs argv with stdout and stderr to `log`; returns the exit status (-1: not started or killed).
int run_child(const std::vector<std::string>& argv, const fs::path& log) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Removes the folder when the pass is done, whatever happened.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / fmt::format("kirchhoff_sensitivity_{}", getpid());
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

}  // namespace

bool needs_measured_layer_errors(const config::ChipConfig& cfg) {
  if (cfg.mapper.placement != config::PlacementRule::kSensitivity) return false;
  if (!cfg.mapper.layer_errors.empty()) return false;
  const auto digital = config::tiles_of_kind(cfg, TileKind::kDigital).size();
  return digital > 0 && static_cast<int>(digital) < cfg.chip.tiles;
}

config::ChipConfig all_analog_chip(const config::ChipConfig& cfg) {
  config::ChipConfig a = cfg;
  if (!cfg.chip.tile_groups.empty()) {
    bool found = false;
    for (const auto& g : cfg.chip.tile_groups) {
      if (g.kind == TileKind::kAnalog) {
        a.tile = g.tile;
        found = true;
        break;
      }
    }
    if (!found) throw UsageError("sensitivity placement: the chip has no analog tile group");
    a.chip.tile_groups.clear();
  } else if (cfg.tile.kind != TileKind::kAnalog) {
    throw UsageError("sensitivity placement: the chip has no analog tile");
  }
  a.tile.kind = TileKind::kAnalog;
  return a;
}

MeasuredLayerErrors measure_layer_errors(const config::ChipConfig& cfg, const SensitivityPass& p) {
  if (p.samples < 1) {
    throw UsageError("run --sensitivity-samples: " + std::to_string(p.samples) +
                     " is not allowed; allowed: integer >= 1");
  }
  if (p.workload.empty() || p.inputs.empty()) {
    throw UsageError(
        "run: mapper.placement sensitivity without mapper.layer_errors measures them on input "
        "samples; allowed: --workload FILE --inputs X.npy, or mapper.layer_errors");
  }
  const TempDir tmp;
  const fs::path config = tmp.path / "all_analog.yaml";
  std::ofstream(config) << config::resolved_yaml(all_analog_chip(cfg));
  const fs::path out = tmp.path / "run";
  const fs::path log = tmp.path / "run.log";
  const std::vector<std::string> argv = {self_executable(),
                                         "--log-level",
                                         "warn",
                                         "run",
                                         config.string(),
                                         "--workload",
                                         p.workload,
                                         "--inputs",
                                         p.inputs,
                                         "--samples",
                                         std::to_string(p.samples),
                                         "--uint8-scale",
                                         fmt::format("{:.17g}", p.uint8_scale),
                                         "--quiet",
                                         "--out",
                                         out.string()};
  const int code = run_child(argv, log);
  const fs::path summary = out / "summary.json";
  if (code != 0 || !fs::exists(summary)) {
    throw std::runtime_error(
        "sensitivity placement: the calibration run on the all-analog chip "
        "failed (exit " +
        std::to_string(code) + "):\n" + read_text(log));
  }
  const auto j = nlohmann::ordered_json::parse(read_text(summary));
  MeasuredLayerErrors m;
  for (const auto& [name, err] : j.at("layer_rel_l2_error").items()) {
    m.names.push_back(name);
    m.errors.push_back(err.get<double>());
  }
  return m;
}

std::string measured_text(const MeasuredLayerErrors& m, int samples) {
  std::string s = fmt::format(
      "sensitivity placement: measured on {} samples of the all-analog chip (rel. L2 error per "
      "weight layer):",
      samples);
  for (std::size_t i = 0; i < m.names.size(); ++i) {
    s += fmt::format("{} {} {:.6g}", i == 0 ? "" : ",", m.names[i], m.errors[i]);
  }
  return s + "\n";
}

std::string chosen_text(const MappingPlan& plan, const config::ChipConfig& cfg) {
  std::string names;
  std::size_t tiles = 0;
  for (const auto& l : plan.layers) {
    if (l.kind != TileKind::kDigital) continue;
    names += (names.empty() ? "" : ", ") + l.name;
    tiles += l.tiles.size();
  }
  const auto digital = config::tiles_of_kind(cfg, TileKind::kDigital).size();
  return fmt::format(
      "sensitivity placement: digital layers {} ({} of the chip's {} digital tiles, budget {})\n",
      names.empty() ? "none" : names, tiles, digital,
      cfg.mapper.digital_tile_budget > 0 ? std::to_string(cfg.mapper.digital_tile_budget)
                                         : std::string("all"));
}

}  // namespace kirchhoff::app
