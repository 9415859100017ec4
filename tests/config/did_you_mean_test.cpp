// The one "did you mean" of the chip schema, the accelerator files and the sweep files.
#include "config/did_you_mean.h"

#include <gtest/gtest.h>

namespace kirchhoff::config {
namespace {

TEST(DidYouMean, EditDistanceCountsInsertionsDeletionsAndSubstitutions) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("bits", "bits"), 0u);
  EXPECT_EQ(edit_distance("bit", "bits"), 1u);
  EXPECT_EQ(edit_distance("bitts", "bits"), 1u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("", "adc"), 3u);
}

TEST(DidYouMean, TheNearestNameIsTheFirstOnATie) {
  EXPECT_EQ(nearest_name("sampels", {"seed", "samples", "repeat"}), "samples");
  EXPECT_EQ(nearest_name("ab", {"ax", "xb"}), "ax");
  EXPECT_EQ(nearest_name("x", {}), "");
}

TEST(DidYouMean, KeyPathsAlsoOfferTheirSections) {
  const std::vector<std::string> paths = {"tile.adc.bits", "tile.dac.bits", "chip.tiles"};
  EXPECT_EQ(nearest_key_path("tile.adc.bitz", paths), "tile.adc.bits");
  EXPECT_EQ(nearest_key_path("tlie", paths), "tile");  // a misspelt section
  EXPECT_EQ(nearest_key_path("tile.ad", paths), "tile.adc");
}

}  // namespace
}  // namespace kirchhoff::config
