// Noisy analog MVM against a plain GEMV of the same matrix, measured in one run
// (bench/mvm_rates.h says what each variant is). Target (issue 15 item 5): noisy / plain <= 2.5.
#include <cstdio>
#include <cstdlib>

#include "bench/mvm_rates.h"

namespace {

void bench(int n) {
  const kirchhoff::bench::MvmRates r = kirchhoff::bench::measure_mvm_rates(n);
  std::printf(
      "%4dx%-4d  noisy %10.0f MVM/s  plain %10.0f GEMV/s  naive %10.0f GEMV/s  "
      "noisy cost = %.2fx plain (target <= 2.5), %.2fx naive\n",
      n, n, r.noisy_per_s, r.plain_per_s, r.naive_per_s, r.noisy_over_plain(),
      r.naive_per_s / r.noisy_per_s);
}

}  // namespace

int main(int argc, char** argv) {
  std::printf("bench_mvm: PCM tile, output-referred read noise, 8-bit DAC/ADC, t = 1 h\n");
  if (argc > 1) {  // one size only, e.g. for a profiler
    bench(std::atoi(argv[1]));
    return 0;
  }
  bench(256);
  bench(512);
  return 0;
}
