// Kirchhoff's own small workload format: a YAML file listing layers with their shapes, weights
// from .npy files (paths relative to the YAML file) or drawn at random from a seed.
//
//   name: mlp_synthetic           # optional; default: the file name
//   seed: 7                       # root seed of random weights (default 1)
//   input: {name: x, shape: [1, 784]}   # one sample, NCHW / [1, features] / [seq_len, 1, I]
//   layers:                       # in order; each reads the previous layer (or the input)
//     - name: fc1                 # required, unique
//       op: dense                 # see the operator list below
//       out: 256
//       weights: random           # random (default) | path/to/w.npy
//       weight_std: 0.05          # random weights ~ N(0, std^2); default 1/sqrt(fan_in)
//       bias: zeros               # zeros (default) | none | random | path/to/b.npy
//       bias_std: 0.01            # default: weight_std
//     - {name: relu1, op: relu}
//     - {name: sum, op: add, inputs: [fc2, fc1]}   # two earlier layers ('input': the input)
//
// Operators and their keys (all layers also take name, op, inputs):
//   dense         out, weights ([in, out] .npy), bias ([out]), weight_std, bias_std
//   conv2d        out_channels, kernel (k | [kh, kw]), stride (s | [sh, sw]), pads (p |
//                 [top, left, bottom, right]), dilation (d | [dh, dw]), weights ([M, C, kh, kw]
//                 .npy, ONNX layout), bias, weight_std, bias_std
//   lstm          hidden, output (last | sequence), w ([4H, I] .npy), r ([4H, H]), bias ([4H],
//                 Wb + Rb), weight_std, bias_std; gates i, o, f, c as in ONNX
//   relu, sigmoid, tanh, global_average_pool
//   batchnorm     scale, shift: a list, a .npy file or omitted (1 and 0), per channel
//   maxpool, averagepool   kernel, stride (default: kernel), pads, count_include_pad
//   flatten       axis (default 1)
//   reshape       shape (a list; 0 copies a dimension, -1 is inferred)
//   softmax       axis (default -1)
//   add, mul      inputs: [a, b], or one input and constant: a number, a list or a .npy file
//   slice         axis (required), start (default 0), end (default: the axis' size): elements
//                 [start, end) of one axis, ONNX Slice semantics (negative counts from the end)
//
// Random weights come from kirchhoff::RandomStream keyed by (seed, "workload.<layer name>"):
// event 0 the weights (LSTM: W) in the order of the crossbar matrix (Dense [in][out], Conv
// [C*kh*kw][M]; LSTM W in ONNX order [4H][I]), event 1 the bias, event 2 the LSTM's R.
// Errors name the file, line and column: "net.yaml:7:12: layer 'fc1': unknown key 'outs'".
#pragma once

#include <string>

#include "workloads/workload_graph.h"

namespace kirchhoff {

// Throws WorkloadError (file:line:column: what) on anything it cannot use.
WorkloadGraph load_native_workload(const std::string& path);

// Any workload file: ".onnx" through the ONNX importer, ".yaml"/".yml" as native YAML; anything
// else is a WorkloadError naming the file and the supported extensions.
WorkloadGraph load_workload(const std::string& path);

}  // namespace kirchhoff
