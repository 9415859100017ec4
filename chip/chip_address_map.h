// The chip's address map as the host sees it through a host port.
//
// | range                                   | what                                       |
// | 0x1_0000_0000 + i * 0x100_0000, 16 MiB  | analog tile i (map: tiles/tile_address_map.h) |
// | 0x10_0000_0000 + j * 0x4000_0000, 1 GiB | global DPU j (map: tiles/digital_processing_unit.h) |
// | 0x1000_0000_0000 + i * 0x4000_0000, 1 GiB | local DPU of tile i (same map), on tile i's node |
//
// Anything else answers TLM_ADDRESS_ERROR_RESPONSE.
#pragma once

#include <cstdint>

#include "tiles/tile_address_map.h"

namespace kirchhoff::chip_map {

inline constexpr std::uint64_t kTileBase = 0x100000000ULL;

inline constexpr std::uint64_t tile_base(int tile) {
  return kTileBase + static_cast<std::uint64_t>(tile) * tile_map::kWindowBytes;
}

inline constexpr std::uint64_t kDpuBase = 0x1000000000ULL;
inline constexpr std::uint64_t kDpuWindowBytes = 0x40000000ULL;

inline constexpr std::uint64_t dpu_base(int dpu) {
  return kDpuBase + static_cast<std::uint64_t>(dpu) * kDpuWindowBytes;
}

inline constexpr std::uint64_t kLocalDpuBase = 0x100000000000ULL;

inline constexpr std::uint64_t local_dpu_base(int tile) {
  return kLocalDpuBase + static_cast<std::uint64_t>(tile) * kDpuWindowBytes;
}

}  // namespace kirchhoff::chip_map
