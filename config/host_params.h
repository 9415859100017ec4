// Parameters of the host model and the chip's host ports (chip I/O).
#pragma once

namespace kirchhoff {

// The format of the activations the host streams in and reads out (inputs and network
// outputs): their bytes set the host port's transfer time and I/O energy. The values the model
// computes with are not rounded to it (the DAC quantises the inputs).
enum class IoFormat { kFloat32, kInt16, kInt8 };
inline int io_bytes(IoFormat f) {
  return f == IoFormat::kFloat32 ? 4 : f == IoFormat::kInt16 ? 2 : 1;
}

struct HostParams {
  // Chip I/O bandwidth of one host port. Not pinned down by the papers in CALIBRATION.md;
  // 16 GB/s is one PCIe 4.0 x8 link (estimate for an accelerator card).
  double port_bandwidth_GBps = 16.0;
  // Latency of one host transaction through a port (estimate: one PCIe round trip ~ 500 ns).
  double port_latency_ns = 500.0;
  // Host I/O energy per bit off chip: DRAM access, 1.3-2.6 nJ per 64 b (Horowitz 2014) ->
  // 20 pJ/bit, lower end.
  double io_energy_pj_per_bit = 20.0;
  int ports = 1;  // host ports on the network
  // Writes the port may have in flight (posted writes / DMA burst depth). 1: a write returns
  // only once it has completed at the chip (latency + bytes / bandwidth), so back-to-back
  // writes are paced by the latency. >= 2: a write returns to the host once its bytes have
  // left over the link (bytes / bandwidth) as long as fewer than this many earlier writes are
  // still on their way; each write still completes after the latency. With enough depth the
  // input stream is bandwidth-bound and the latency adds once per burst. Reads always wait
  // for their data.
  int port_posted_writes = 1;
  IoFormat io_format = IoFormat::kFloat32;  // HERMES / Ambrogio 2023 move 8-bit I/O [P]
};

}  // namespace kirchhoff
