// ONNX import: reads a model file (protobuf, Debian's libonnx) into a WorkloadGraph. Reads
// initializers (float_data or raw_data; int64 shapes for Reshape), attributes and Constant
// nodes, resolves every shape from the single graph input, folds BatchNormalization into a
// per-channel affine and MatMul + Add(constant) into one Dense layer with a bias.
//
// Supported operators: see supported_onnx_operators(). Identity and Dropout (inference) are
// passed through; Constant nodes become constants. Anything else, a malformed file or a shape
// mismatch throws WorkloadError:
//   model.onnx: node 'e0' (index 3, Einsum): operator 'Einsum' is not supported; supported: ...
#pragma once

#include <string>

#include "workloads/workload_graph.h"

namespace kirchhoff {

WorkloadGraph import_onnx(const std::string& path);
// Same from the serialized bytes of a ModelProto; `file` names the source in messages.
WorkloadGraph import_onnx_bytes(const std::string& bytes, const std::string& file);

// "Add, AveragePool, BatchNormalization, ..." (sorted).
std::string supported_onnx_operators();

}  // namespace kirchhoff
