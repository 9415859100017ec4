// ADC energy per conversion, one law per converter type (AdcParams, models/tile_params.h):
//   ramp, cco  E = P * t_conv: the converter draws its power for the whole conversion, so the
//              energy follows the conversion time (2^bits * t_lsb); mW * ns = pJ.
//   sar        E = FOM_W * 2^bits (Walden figure of merit, ENOB taken as the nominal bits); the
//              default FOM_W is a typical design, not the Schreier frontier
//              (docs/published_figures.md).
//   table      E measured per output width, looked up by bits.
// Sharing (columns_per_adc) does not change the energy of one conversion: one ADC converts its
// columns one after another, so a tile spends cols conversions either way, over a longer time.
#pragma once

#include <vector>

namespace kirchhoff {

struct AdcParams;

double adc_energy_time_based_pj(double power_mW, double conversion_ns);
double adc_energy_walden_pj(int bits, double fom_fj);
// Throws std::invalid_argument when bits is not in the table (the message lists the widths).
double adc_energy_table_pj(int bits, const std::vector<double>& table_bits,
                           const std::vector<double>& table_energy_pj);

}  // namespace kirchhoff
