#include "interconnect/noc_params.h"

#include <gtest/gtest.h>

namespace kirchhoff::noc {
namespace {

TEST(NocParams, DefaultsAreValid) {
  EXPECT_TRUE(validate(NocParams{}).empty());
}

TEST(NocParams, DefaultEnergyMatchesIsaacRouterPlusLink) {
  // ISAAC: ~81 fJ per bit per hop (router + link), CALIBRATION.md.
  const NocParams p;
  EXPECT_DOUBLE_EQ(p.router_energy_fj_per_bit + p.wire_energy_fj_per_bit_mm * p.tile_pitch_mm,
                   81.0);
}

TEST(NocParams, OutOfRangeValuesAreNamed) {
  NocParams p;
  p.cols = 0;
  p.clock_ghz = -1.0;
  p.flit_bits = 0;
  p.tile_pitch_mm = 0.0;
  const auto errors = validate(p);
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_NE(errors[0].find("noc.cols = 0"), std::string::npos) << errors[0];
  EXPECT_NE(errors[1].find("clock_ghz"), std::string::npos) << errors[1];
  EXPECT_NE(errors[2].find("flit_bits"), std::string::npos) << errors[2];
  EXPECT_NE(errors[3].find("tile_pitch_mm"), std::string::npos) << errors[3];
}

TEST(NocParams, ZeroCycleHopIsRejected) {
  NocParams p;
  p.router_pipeline_cycles = 0;
  p.link_cycles = 0;
  EXPECT_EQ(validate(p).size(), 1u);
}

TEST(NocParams, NamesRoundTrip) {
  for (Topology t : {Topology::kMesh, Topology::kRing, Topology::kBus}) {
    EXPECT_EQ(parse_topology(to_string(t)), t);
  }
  for (Routing r : {Routing::kXY, Routing::kYX}) EXPECT_EQ(parse_routing(to_string(r)), r);
  EXPECT_FALSE(parse_topology("torus").has_value());
}

}  // namespace
}  // namespace kirchhoff::noc
