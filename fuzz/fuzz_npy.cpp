// libFuzzer harness of the .npy reader and of what `kirchhoff run` does with --inputs and
// --labels files: read_npy, read_npy_f32 with an expected shape, app::read_inputs against a
// model input and app::read_labels, and a write_npy / read_npy round trip of every array read.
//
// Input: the bytes of a .npy file (written to a scratch file: the readers take paths).
// Allowed outcome: a WorkloadError. Findings: any other exception, a crash or sanitizer report,
// an array whose data does not match its shape, or a round trip that changes the array.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "app/workload_inputs.h"
#include "fuzz/fuzz_support.h"
#include "workloads/npy.h"
#include "workloads/workload_error.h"

namespace {

using kirchhoff::NpyArray;
using kirchhoff::Shape;
using kirchhoff::WorkloadError;
using kirchhoff::fuzz::fuzz_finding;
using kirchhoff::fuzz::fuzz_unexpected;
constexpr const char* kHarness = "fuzz_npy";

// Runs f; a WorkloadError is an allowed outcome, anything else a finding.
template <class F>
void allow_workload_error(const char* stage, F&& f) {
  try {
    f();
  } catch (const WorkloadError&) {
  } catch (...) {
    fuzz_unexpected(kHarness, stage);
  }
}

// A model whose graph input is `input_shape` (all read_inputs looks at).
kirchhoff::WorkloadGraph model_with_input(const Shape& input_shape) {
  kirchhoff::WorkloadGraph g;
  g.name = "fuzz";
  g.input_name = "x";
  g.input_shape = input_shape;
  return g;
}

// The values read_npy filled: one vector per dtype family (npy.h), the others empty.
std::size_t values_held(const NpyArray& a) {
  using D = NpyArray::Dtype;
  switch (a.dtype) {
    case D::kFloat32:
      return a.f32.size();
    case D::kUint8:
      return a.u8.size();
    case D::kFloat64:
    case D::kFloat16:
      return a.f64.size();
    default:
      return a.i64.size();
  }
}

void check_round_trip(const NpyArray& a) {
  // write_npy writes the two dtypes Kirchhoff produces.
  if (a.dtype != NpyArray::Dtype::kFloat32 && a.dtype != NpyArray::Dtype::kUint8) return;
  const std::string out = kirchhoff::fuzz::scratch_dir() + "/round_trip.npy";
  NpyArray b;
  try {
    if (a.dtype == NpyArray::Dtype::kFloat32) {
      kirchhoff::write_npy(out, a.shape, a.f32);
    } else {
      kirchhoff::write_npy(out, a.shape, a.u8);
    }
    b = kirchhoff::read_npy(out);
  } catch (...) {
    fuzz_unexpected(kHarness, "write_npy + read_npy round trip");
  }
  const bool same =
      b.dtype == a.dtype && b.shape == a.shape && b.f32.size() == a.f32.size() && b.u8 == a.u8 &&
      (a.f32.empty() || std::memcmp(b.f32.data(), a.f32.data(), a.f32.size() * sizeof(float)) == 0);
  if (!same) fuzz_finding(kHarness, "round trip", "write_npy + read_npy changed the array");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = kirchhoff::fuzz::write_scratch("fuzz.npy", data, size);
  NpyArray a;
  try {
    a = kirchhoff::read_npy(path);
  } catch (const WorkloadError&) {
    return 0;
  } catch (...) {
    fuzz_unexpected(kHarness, "read_npy");
  }
  const std::size_t held = values_held(a);
  const std::size_t filled = a.f32.size() + a.u8.size() + a.f64.size() + a.i64.size();
  if (a.size() < 0 || static_cast<std::size_t>(a.size()) != held || filled != held) {
    fuzz_finding(
        kHarness, "read_npy",
        "shape " + kirchhoff::shape_str(a.shape) + " but " + std::to_string(held) + " values held");
  }
  check_round_trip(a);

  allow_workload_error("read_npy_f32", [&] {
    const Shape expected = a.shape;
    Shape got;
    const std::vector<float> v = kirchhoff::read_npy_f32(path, &expected, &got);
    if (a.dtype != NpyArray::Dtype::kFloat32 || got != a.shape || v.size() != held) {
      fuzz_finding(kHarness, "read_npy_f32", "shape or size differs from read_npy's");
    }
  });
  allow_workload_error("read_npy_f32 (other shape)", [&] {
    Shape other = a.shape;
    other.push_back(1);
    (void)kirchhoff::read_npy_f32(path, &other);
    fuzz_finding(kHarness, "read_npy_f32", "accepted a file whose shape differs from expected");
  });

  // --inputs against a model that takes the array's trailing dimensions as one sample (the
  // common case), and against MLP- and CNN-sized inputs.
  std::vector<Shape> inputs = {{1, 784}, {1, 1, 28, 28}};
  if (!a.shape.empty() && a.shape[0] > 0) {
    Shape sample = a.shape;
    sample[0] = 1;
    inputs.push_back(sample);
  }
  for (const Shape& in : inputs) {
    allow_workload_error("read_inputs", [&] {
      const auto x = kirchhoff::app::read_inputs(path, model_with_input(in), 1.0 / 255);
      if (x.empty()) fuzz_finding(kHarness, "read_inputs", "no samples and no error");
    });
  }
  // --labels: as many as the file holds (the count check passes), and one more (it fails).
  allow_workload_error("read_labels", [&] {
    const std::vector<int> y = kirchhoff::app::read_labels(path, held, 10);
    for (const int c : y) {
      if (c < 0 || c >= 10)
        fuzz_finding(kHarness, "read_labels", "a class outside [0, 10) was accepted");
    }
  });
  allow_workload_error("read_labels (count mismatch)", [&] {
    (void)kirchhoff::app::read_labels(path, held + 1, 10);
    fuzz_finding(kHarness, "read_labels", "accepted a label count that differs from the samples");
  });
  return 0;
}
