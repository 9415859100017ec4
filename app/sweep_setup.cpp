#include "app/sweep_setup.h"

#include <filesystem>
#include <stdexcept>

#include "app/cli.h"
#include "app/sweep_checks.h"
#include "sweep/manifest.h"
#include "sweep/point_config.h"

namespace kirchhoff::app {

namespace fs = std::filesystem;

std::string self_executable() {
  std::error_code ec;
  const fs::path p = fs::read_symlink("/proc/self/exe", ec);
  if (ec)
    throw std::runtime_error("cannot find the kirchhoff program (/proc/self/exe): " + ec.message());
  return p.string();
}

std::string absolute_path(const std::string& p) {
  return fs::absolute(fs::path(p)).lexically_normal().string();
}

LoadedSweep load_sweep(const std::string& file) {
  LoadedSweep s;
  s.spec = sweep::parse_sweep_file(file);
  s.points = sweep::expand_points(s.spec);
  s.base_yaml = sweep::base_config_yaml(s.spec);
  s.base = sweep::base_config(s.spec, s.base_yaml);
  s.configs.reserve(s.points.size());
  for (const auto& p : s.points) s.configs.push_back(check_point(s.spec, s.base, p));
  return s;
}

void prepare_out_dir(const LoadedSweep& s, const std::string& out) {
  const sweep::Manifest manifest = sweep::make_manifest(s.spec, s.base_yaml, s.points);
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec || !fs::is_directory(out)) {
    throw UsageError("sweep --out " + out + ": cannot create the folder" +
                     (ec ? ": " + ec.message() : std::string()));
  }
  const std::string path = out + "/sweep.json";
  if (fs::exists(path)) {
    sweep::StoredSweep stored;
    try {
      stored = sweep::read_manifest(path);
    } catch (const std::runtime_error& e) {
      throw UsageError(std::string("sweep --out ") + out + ": " + e.what() +
                       "; allowed: a new folder or the folder of this sweep");
    }
    if (stored.hash != manifest.hash) {
      throw UsageError("sweep --out " + out + ": the folder holds another sweep ('" + stored.name +
                       "', hash " + stored.hash + "; this one: '" + s.spec.name + "', hash " +
                       manifest.hash +
                       "): the sweep file, its base configuration or its points changed since; "
                       "allowed: the same sweep to --resume, or a new --out folder");
    }
    return;
  }
  sweep::write_file_atomic(path, manifest.json);
}

}  // namespace kirchhoff::app
