// A test initiator for one tile behind its TLM address map: runs `body` in its SC_THREAD and
// writes, programs and multiplies through the tile's registers. Also the exact 8 x 8 tile the
// register tests multiply on (24-bit converters, ADC bound 8: y = W^T x to float precision).
#pragma once

#include <functional>
#include <vector>

#include "models/tile_params.h"
#include "tests/common/tlm_test_initiator.h"
#include "tiles/tile_address_map.h"

namespace kirchhoff::testing_support {

struct TileDriver : TlmTestInitiator {
  std::function<void(TileDriver&)> body;

  SC_HAS_PROCESS(TileDriver);
  explicit TileDriver(sc_core::sc_module_name n) : TlmTestInitiator(n) { SC_THREAD(run); }
  void run() { body(*this); }

  // Writes a rows x cols block (row-major by input row) into the WEIGHTS buffer.
  void write_block(std::vector<float>& w, int rows, int cols) {
    put32(tile_map::kRowsUsed, rows);
    put32(tile_map::kColsUsed, cols);
    access(tlm::TLM_WRITE_COMMAND, tile_map::kWeights, w.data(), w.size() * 4);
  }
  // Writes the block and programs it.
  void program(std::vector<float>& w, int rows, int cols) {
    write_block(w, rows, cols);
    put32(tile_map::kCtrl, tile_map::kCmdProgram);
  }
  // Writes the input, starts an MVM and reads `cols` outputs (the read waits for the MVM).
  std::vector<float> mvm(std::vector<float> x, int cols) {
    access(tlm::TLM_WRITE_COMMAND, tile_map::kInput, x.data(), x.size() * 4);
    put32(tile_map::kCtrl, tile_map::kCmdStart);
    std::vector<float> y(cols);
    access(tlm::TLM_READ_COMMAND, tile_map::kOutput, y.data(), y.size() * 4);
    return y;
  }
};

inline TileParams exact_tile_params() {
  TileParams p;
  p.rows = 8;
  p.cols = 8;
  p.dac.bits = 24;
  p.adc.bits = 24;
  p.adc.bound = 8;
  return p;
}

}  // namespace kirchhoff::testing_support
