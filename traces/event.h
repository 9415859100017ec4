// The typed events every module records: one per transaction-level action (an MVM, a DPU
// operation, a packet hop, a programming step, a host transfer ...). Times are integer
// picoseconds (SystemC's default time resolution), energies picojoules by category.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace kirchhoff::traces {

enum class EnergyCategory : std::uint8_t {
  kArray,        // crossbar read: V^2 * sum(G * t)
  kDac,          // input drivers / PWM
  kAdc,          // output conversion
  kDpu,          // digital post-processing
  kBuffer,       // local SRAM buffers in and out of the tile
  kNetwork,      // routers and links
  kHostIo,       // chip I/O to and from the host
  kProgramming,  // program-and-verify pulses
  kStatic,       // leakage: static power x time
};
inline constexpr std::size_t kNumEnergyCategories = 9;
std::string_view to_string(EnergyCategory c);

struct EnergyPj {
  std::array<double, kNumEnergyCategories> pj{};
  double& operator[](EnergyCategory c) { return pj[static_cast<std::size_t>(c)]; }
  double operator[](EnergyCategory c) const { return pj[static_cast<std::size_t>(c)]; }
  double total() const;
  EnergyPj& operator+=(const EnergyPj& o);
};

enum class EventKind : std::uint8_t {
  kMvm,             // one analog matrix-vector multiply on a tile
  kDpuOp,           // one digital operation (vector) on a DPU
  kPacketHop,       // a packet crossing one link
  kPacketDelivery,  // a packet arriving at its destination
  kProgram,         // programming (program-and-verify) of a weight block
  kHostIo,          // a host transfer through a host port
  kRecalibration,   // drift-compensation calibration
  kStatic,          // static energy of a component over a time span
};
inline constexpr std::size_t kNumEventKinds = 8;
std::string_view to_string(EventKind k);

struct Event {
  std::int64_t start_ps = 0;
  std::int64_t duration_ps = 0;
  std::uint32_t component = 0;  // id from Recorder::add_component
  EventKind kind = EventKind::kMvm;
  std::int32_t sample = -1;  // -1: not tied to a sample
  std::int32_t layer = -1;   // -1: not tied to a layer
  std::uint64_t bytes = 0;   // payload moved or processed
  std::uint64_t ops = 0;     // arithmetic operations (a MAC counts as 2)
  EnergyPj energy;
};

}  // namespace kirchhoff::traces
