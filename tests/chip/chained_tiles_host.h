// The host side of two chained tiles on a 2 x 1 mesh (chip_dataflow_test.cpp,
// chip_protocol_test.cpp): programs tile 0 with a 4 x 3 block and tile 1 with a 3 x 2 block,
// points tile 0's output at tile 1's input with auto-start on, then writes the input into tile 0
// and starts it; tile 1 fires by itself when its input is complete.
#pragma once

#include <cstdint>
#include <vector>

#include "chip/chip_address_map.h"
#include "tests/common/tlm_test_initiator.h"
#include "tiles/tile_address_map.h"

namespace kirchhoff::testing_support {

struct ChainedTilesHost : TlmTestInitiator {
  explicit ChainedTilesHost(sc_core::sc_module_name n) : TlmTestInitiator(n) {}

  void program(int tile, std::vector<float>& w, int rows, int cols) {
    const std::uint64_t b = chip_map::tile_base(tile);
    put32(b + tile_map::kRowsUsed, rows);
    put32(b + tile_map::kColsUsed, cols);
    access(tlm::TLM_WRITE_COMMAND, b + tile_map::kWeights, w.data(), w.size() * 4);
    put32(b + tile_map::kCtrl, tile_map::kCmdProgram);
  }
  void start_chain(std::vector<float>& w0, std::vector<float>& w1, std::vector<float>& x) {
    program(0, w0, 4, 3);
    program(1, w1, 3, 2);
    const std::uint64_t t0 = chip_map::tile_base(0), t1 = chip_map::tile_base(1);
    put64(t0 + tile_map::kOutAddr, t1 + tile_map::kInput);
    put32(t0 + tile_map::kOutEnable, 1);
    put32(t1 + tile_map::kAutoStart, 1);
    access(tlm::TLM_WRITE_COMMAND, t0 + tile_map::kInput, x.data(), x.size() * 4);
    put32(t0 + tile_map::kCtrl, tile_map::kCmdStart);
  }
};

}  // namespace kirchhoff::testing_support
