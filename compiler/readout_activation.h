// Activation fused into the duration readout (tile.output_conversion = duration): the IBM 14 nm
// chip applies ReLU by the comparators' enable timing as the column charge becomes an output
// duration (Ambrogio et al., Nature 620, 768 (2023)), so a Relu that follows a crossbar layer
// needs no DPU op. The mapper fuses it (MappedLayer::readout_activation) when the readout gives
// the same function as the DPU would:
//  - tile.output_conversion = duration and tile.duration.fuse_activation = true;
//  - the weight layer is Dense or Conv2d (an LSTM's gates are not its output) with one row block
//    (a partial sum must be added before the Relu) and no non-zero bias (the DPU adds the bias
//    after the readout);
//  - its first post-op is the Relu reading its output, and nothing else reads that output (no
//    other op, no residual, not the network output).
// The host then programs the layer's tiles' READOUT_ACTIVATION register (tiles/tile_address_map.h)
// and the stage runs the Relu as an alias of the readout's value (no DPU command). What
// changes: the Relu's DPU op (its time and energy) is gone, and the readout's step is finer,
// B / (2^bits - 1) instead of B / (2^(bits-1) - 1): the ReLU window gives the positive half the
// whole ramp (models/duration_readout.h). Hard sigmoid is not fused: its slope is set by the full
// scale and each column's weight scale, which an ONNX HardSigmoid's alpha does not match.
#pragma once

#include "compiler/mapper.h"
#include "config/chip_config.h"
#include "workloads/workload_graph.h"

namespace kirchhoff {

// Sets readout_activation / readout_activation_layer of every layer of `plan` that qualifies.
void fuse_readout_activations(const WorkloadGraph& g, const config::ChipConfig& cfg,
                              MappingPlan& plan);

}  // namespace kirchhoff
