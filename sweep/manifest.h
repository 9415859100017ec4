// DIR/sweep.json: the resolved sweep (name, hash, root seed, base configuration, run options,
// set, axes and the point list with each point's id, axis values, replicate and seed). Its hash
// tells a resume or a shard whether DIR holds this very sweep.
#pragma once

#include <string>
#include <vector>

#include "sweep/expansion.h"
#include "sweep/sweep_spec.h"

namespace kirchhoff::sweep {

struct Manifest {
  std::string json;  // the whole file's text
  std::string hash;  // 16 hex digits
};

// `base_yaml`: base_config_yaml(spec). The hash covers everything in the file but itself,
// including the content hash of every workload, inputs, labels and calibration file the points
// read (`input_files`).
Manifest make_manifest(const SweepSpec& spec, const std::string& base_yaml,
                       const std::vector<SweepPoint>& points);

// What an existing DIR/sweep.json says.
struct StoredSweep {
  std::string name;
  std::string hash;
  std::vector<std::string> columns;  // the results.csv columns
  std::vector<std::string> point_ids;
  std::vector<std::string> point_labels;  // "tile.adc.bits=6, replicate 0" per point
};
// Throws std::runtime_error naming the file when it is not a sweep.json.
StoredSweep read_manifest(const std::string& path);

// Writes `text` to `path` through a temporary file of this process and a rename, so readers
// (other shards) see the old or the new whole file.
void write_file_atomic(const std::string& path, const std::string& text);

}  // namespace kirchhoff::sweep
