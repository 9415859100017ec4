#include "sweep/manifest.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "sweep/point_config.h"
#include "sweep/point_seed.h"
#include "sweep/results_csv.h"
#include "sweep/run_flags.h"

namespace kirchhoff::sweep {
namespace {

using Json = nlohmann::ordered_json;

std::string hex16(std::uint64_t h) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016" PRIx64, h);
  return hex;
}

// The content hash of every file a point reads (workload, inputs, labels, calibration: the
// sweep's `run:` values and `run.*` axes), keyed by the path as written: a resume after one of
// them changed would mix results of two different inputs. A file that cannot be read is
// "unreadable" (the points that use it fail and say why).
Json input_file_hashes(const SweepSpec& spec, const std::vector<SweepPoint>& points) {
  std::map<std::string, std::string> files;
  auto add = [&](const RunValues& values) {
    for (const auto& o : run_options()) {
      if (o.type != RunValueType::kWorkload && o.type != RunValueType::kPath) continue;
      const auto it = values.find(o.name);
      if (it == values.end() || it->second == "dense" || files.count(it->second) != 0) continue;
      std::ifstream in(resolve_run_path(spec.dir, it->second), std::ios::binary);
      std::ostringstream bytes;
      bytes << in.rdbuf();
      files[it->second] = in ? hex16(hash_text(bytes.str())) : "unreadable";
    }
  };
  add(spec.run);
  for (const auto& p : points) add(point_run_values(spec, p));
  Json j = Json::object();
  for (const auto& [path, hash] : files) j[path] = hash;
  return j;
}

}  // namespace

Manifest make_manifest(const SweepSpec& spec, const std::string& base_yaml,
                       const std::vector<SweepPoint>& points) {
  Json j;
  j["name"] = spec.name;
  j["hash"] = "";
  j["root_seed"] = spec.root_seed;
  j["seeds"] = spec.seeds;
  j["sweep_file"] = spec.file;
  Json run = Json::object();
  for (const auto& [k, v] : spec.run) run[k] = v;
  j["run"] = run;
  Json set = Json::object();
  for (const auto& [k, v] : spec.set) set[k] = v;
  j["set"] = set;
  j["axes"] = spec.axis_keys;
  j["columns"] = result_columns(spec.axis_keys);
  Json list = Json::array();
  for (const auto& p : points) {
    Json values = Json::object();
    for (std::size_t i = 0; i < spec.axis_keys.size(); ++i) values[spec.axis_keys[i]] = p.values[i];
    list.push_back({{"id", p.id},
                    {"values", values},
                    {"replicate", p.replicate},
                    {"seed", p.seed},
                    {"label", describe_point(spec, p)}});
  }
  j["points"] = list;
  j["base_config"] = base_yaml;
  j["input_files"] = input_file_hashes(spec, points);
  // The hash covers the file with an empty hash field (the sweep file's name excluded: the
  // same sweep run from another folder or through Slurm is the same sweep).
  Json hashed = j;
  hashed.erase("sweep_file");
  const std::string hex = hex16(hash_text(hashed.dump()));
  j["hash"] = hex;
  return {j.dump(1) + "\n", hex};
}

StoredSweep read_manifest(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot open: " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  const Json j = Json::parse(text.str(), nullptr, false);
  auto bad = [&] {
    return std::runtime_error(path + ": not a sweep.json written by kirchhoff sweep");
  };
  if (j.is_discarded() || !j.is_object() || !j.contains("hash") || !j.contains("points") ||
      !j.contains("columns") || !j["points"].is_array()) {
    throw bad();
  }
  StoredSweep s;
  try {
    s.name = j.value("name", "");
    s.hash = j["hash"].get<std::string>();
    s.columns = j["columns"].get<std::vector<std::string>>();
    for (const auto& p : j["points"]) {
      s.point_ids.push_back(p.at("id").get<std::string>());
      s.point_labels.push_back(p.value("label", ""));
    }
  } catch (const nlohmann::json::exception&) {
    throw bad();
  }
  return s;
}

void write_file_atomic(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error(tmp + ": cannot create: " + std::strerror(errno));
  const ssize_t n = ::write(fd, text.data(), text.size());
  const int err = errno;
  const bool ok = n == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    throw std::runtime_error(path + ": cannot write: " + std::strerror(ok ? errno : err));
  }
}

}  // namespace kirchhoff::sweep
