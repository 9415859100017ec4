// A structure-aware mutation of ONNX models for fuzz_onnx (LLVMFuzzerCustomMutator): byte-level
// mutations of a protobuf rarely give a model that still parses and whose initializers still
// match their shapes, so zero, huge or off-by-one dimensions, pads, strides, kernels and axes
// would hardly ever reach the shape resolution and the mapper. This parses the model, changes
// one field of its structure (keeping every initializer's data the size its dims say, up to
// 64 Ki values) and serialises it again; inputs that do not parse get libFuzzer's own mutation.
#pragma once

#include <cstddef>
#include <cstdint>

namespace kirchhoff::fuzz {

// Mutates the model in data[0, size) in place; returns its new size (<= max_size).
std::size_t mutate_onnx_model(std::uint8_t* data, std::size_t size, std::size_t max_size,
                              unsigned int seed);

}  // namespace kirchhoff::fuzz
