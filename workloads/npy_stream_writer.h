// A float32 .npy file of N samples written as the samples complete, not held in memory: the
// header with the final shape [N, ...] is written first (N is known before the run), each
// sample's values go to their place (samples may finish out of order), and commit() renames the
// file into place once every sample is written. Until then the data lives under PATH.partial;
// a writer destroyed without commit() (a failed or interrupted run) removes it, so no PATH is
// left half-written.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "workloads/workload_graph.h"

namespace kirchhoff {

class NpyStreamWriter {
 public:
  // `sample_shape`: the shape of one sample (the file's shape is [samples] + sample_shape).
  // Throws std::runtime_error naming the file when it cannot be created.
  NpyStreamWriter(std::string path, std::int64_t samples, const Shape& sample_shape);
  ~NpyStreamWriter();
  NpyStreamWriter(const NpyStreamWriter&) = delete;
  NpyStreamWriter& operator=(const NpyStreamWriter&) = delete;

  // Writes sample s (numel(sample_shape) values). Throws std::runtime_error naming the file and the
  // sample when s is out of range, was written before, has the wrong size or the write fails.
  void write(std::int64_t s, const std::vector<float>& values);
  // Every sample written: flushes, closes and renames PATH.partial to PATH (throws otherwise).
  void commit();

  const std::string& path() const { return path_; }

 private:
  [[noreturn]] void fail(const std::string& what);

  std::string path_, partial_;
  std::int64_t samples_ = 0;
  std::size_t values_per_sample_ = 0;
  std::size_t data_offset_ = 0;
  std::vector<bool> written_;
  std::int64_t count_ = 0;
  std::FILE* file_ = nullptr;
  bool committed_ = false;
};

}  // namespace kirchhoff
