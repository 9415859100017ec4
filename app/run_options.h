// Checks of command-line values that the option parser accepts but the model cannot: each throws
// UsageError (exit 2) naming the option, the value and what is allowed, before anything is
// simulated or written.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/conv_packing.h"
#include "config/chip_config.h"
#include "traces/trace_options.h"

namespace kirchhoff::app {

// The largest seed: sim.seed's range (seeds are stored in JSON, exact up to 2^53 - 1).
inline constexpr std::uint64_t kMaxSeed = 9007199254740991ULL;
// The largest earliest spacing of samples, 1 s: with up to 2^24 samples the run stays below
// 2^64 ps of simulated time (SystemC's clock).
inline constexpr double kMaxSampleIntervalNs = 1e9;

// A CONFIG argument given as "" (a shell variable that was not set): not the built-in default.
void check_config_name(const std::string& command, const std::string& path);

// `command --seed TEXT` as a number: decimal digits only, at most kMaxSeed ("-1" is not read
// as 18446744073709551615).
std::uint64_t parse_seed(const std::string& command, const std::string& text);

// run --sample-interval-ns: a finite number of ns in [0, kMaxSampleIntervalNs].
void check_sample_interval_ns(double ns);

// --replication: copies of every weight layer, each needing at least one tile, so at most
// chip.tiles.
void check_replication(const std::string& command, int replication, const config::ChipConfig& cfg);

// --conv-packing: auto, off or N copies of a convolution's kernel per crossbar
// (compiler/conv_packing.h).
ConvPacking parse_conv_packing_option(const std::string& command, const std::string& text);

// The files `run` writes into --out with these trace options (summary.json first).
std::vector<std::string> run_result_files(const traces::TraceOptions& trace);

}  // namespace kirchhoff::app
