// Address map of one tile's TLM target socket (byte offsets inside the tile's window), decoded
// for both kinds in one place (tiles/register_mapped_tile.h, which lists the responses).
// Data are little-endian float32 arrays; registers are 32-bit unless noted.
// Kinds: an analog and a digital tile (tiles/analog_tile.h, tiles/digital_tile.h) implement
// every entry but READOUT_ACT, the analog tile's alone (a digital tile answers it with an
// address error). On a digital tile DAC_RANGE is the int8 input full scale, ADC_RANGE is kept
// and read back but changes nothing, CALIBRATE does nothing.
//
// | offset     | name        | access | meaning                                              |
// | 0x00000000 | CTRL        | W      | 1 START an MVM on the input buffer; 2 PROGRAM the    |
// |            |             |        | weight buffer (ROWS_USED x COLS_USED); 3 CALIBRATE   |
// | 0x00000004 | STATUS      | R      | bit0 busy, bit1 programmed, bit2 output valid        |
// | 0x00000008 | ROWS_USED   | R/W    | rows (inputs) of the block to program                |
// | 0x0000000C | COLS_USED   | R/W    | columns (outputs) of the block to program            |
// | 0x00000010 | MVM_COUNT   | R      | 64-bit count of MVMs done                            |
// | 0x00000018 | SAMPLE      | R/W    | sample index the next MVM belongs to (trace tag)     |
// | 0x0000001C | LAYER       | R/W    | layer index the tile computes (trace tag)            |
// | 0x00000020 | OUT_ADDR    | R/W    | 64-bit address the tile sends each result to         |
// | 0x00000028 | OUT_ENABLE  | R/W    | 1: after each MVM write OUTPUT to OUT_ADDR through   |
// |            |             |        | the initiator socket `out`; 0: the host reads OUTPUT |
// | 0x0000002C | AUTO_START  | R/W    | 1: an MVM starts by itself when a write fills the    |
// |            |             |        | last input word (the tile fires when its input slice |
// |            |             |        | is complete; used for tile-to-tile dataflow)          |
// | 0x00000030 | DAC_RANGE   | R/W    | float32 input full scale of the next MVMs (input    |
// |            |             |        | units, > 0; default tile.dac.range): the layer's     |
// |            |             |        | input range, undone digitally after the ADC          |
// | 0x00000034 | ADC_RANGE   | R/W    | float32 ADC full scale of the next MVMs: the         |
// |            |             |        | normalised column value (> 0) converted to the       |
// |            |             |        | largest code (default tile.adc.bound / gain): the    |
// |            |             |        | layer's output range                                 |
// | 0x00000038 | READOUT_ACT | R/W    | activation of the duration readout's next MVMs: 0   |
// |            |             |        | none, 1 relu, 2 hard_sigmoid (enable timing,         |
// |            |             |        | models/duration_readout.h; default                   |
// |            |             |        | tile.duration.activation); an ADC tile takes only 0  |
// | 0x00010000 | INPUT       | W      | float32[ROWS_USED]: next input vector (double-       |
// |            |             |        | buffered: may be written while an MVM runs)          |
// | 0x00020000 | OUTPUT      | R      | float32[COLS_USED]: result of the last MVM; a read   |
// |            |             |        | waits (annotated delay) until that MVM has finished  |
// | 0x00100000 | WEIGHTS     | W      | float32[ROWS_USED*COLS_USED], row-major by input row |
// |            |             |        | (PROGRAM consumes it: the buffer is released once    |
// |            |             |        | the block is programmed, so a later PROGRAM needs    |
// |            |             |        | the block written again; unwritten values are 0)     |
#pragma once

#include <cstdint>

namespace kirchhoff::tile_map {

inline constexpr std::uint64_t kCtrl = 0x00000000;
inline constexpr std::uint64_t kStatus = 0x00000004;
inline constexpr std::uint64_t kRowsUsed = 0x00000008;
inline constexpr std::uint64_t kColsUsed = 0x0000000C;
inline constexpr std::uint64_t kMvmCount = 0x00000010;
inline constexpr std::uint64_t kSample = 0x00000018;
inline constexpr std::uint64_t kLayer = 0x0000001C;
inline constexpr std::uint64_t kOutAddr = 0x00000020;
inline constexpr std::uint64_t kOutEnable = 0x00000028;
inline constexpr std::uint64_t kAutoStart = 0x0000002C;
inline constexpr std::uint64_t kDacRange = 0x00000030;
inline constexpr std::uint64_t kAdcRange = 0x00000034;
inline constexpr std::uint64_t kReadoutActivation = 0x00000038;
inline constexpr std::uint64_t kInput = 0x00010000;
inline constexpr std::uint64_t kOutput = 0x00020000;
inline constexpr std::uint64_t kWeights = 0x00100000;
inline constexpr std::uint64_t kWindowBytes = 0x01000000;  // 16 MiB per tile

inline constexpr std::uint32_t kCmdStart = 1;
inline constexpr std::uint32_t kCmdProgram = 2;
inline constexpr std::uint32_t kCmdCalibrate = 3;

inline constexpr std::uint32_t kStatusBusy = 1u << 0;
inline constexpr std::uint32_t kStatusProgrammed = 1u << 1;
inline constexpr std::uint32_t kStatusOutputValid = 1u << 2;

}  // namespace kirchhoff::tile_map
