// ADC energy per conversion from the Schreier figure of merit (Murmann ADC survey):
//   FOM_S = SNDR + 10 log10(f_s / 2 / P)  =>  E = P / f_s = 1 / (2 * 10^((FOM_S - SNDR) / 10)) J,
// with the ideal SNDR of an N-bit quantiser, 6.02 N + 1.76 dB. At FOM_S = 175 dB an 8-bit
// conversion costs about 0.16 pJ (docs/published_figures.md).
#pragma once

namespace kirchhoff {

double ideal_sndr_db(int bits);
double adc_energy_fom_pj(int bits, double fom_db);

}  // namespace kirchhoff
