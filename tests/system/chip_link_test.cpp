// A chip-to-chip link (system/chip_link.h): a transfer's arrival is its start plus bytes /
// bandwidth plus latency, later transfers queue behind earlier ones, and the figures add up.
#include <gtest/gtest.h>

#include <systemc>

#include "config/system_config.h"
#include "system/chip_link.h"

namespace kirchhoff {
namespace {

TEST(ChipLink, ArrivalIsSerialisationPlusLatencyAndTransfersQueue) {
  const config::LinkParams p = config::link_preset("die_to_die");  // 512 Gbit/s, 2 ns
  ChipLink link("link", p, "c0->c1");
  // 512 bytes = 4096 bits at 512 Gbit/s = 8 ns on the wire, then 2 ns of flight.
  EXPECT_EQ(link.serialisation_ps(512), 8000);
  EXPECT_EQ(link.transfer(512, 1000), 1000 + 8000 + 2000);
  // Ready while the first holds the link: it starts when the first has left (9000 ps).
  EXPECT_EQ(link.transfer(512, 3000), 9000 + 8000 + 2000);
  // Ready after both: no waiting.
  EXPECT_EQ(link.transfer(64, 50000), 50000 + 1000 + 2000);
  const LinkFigures& f = link.figures();
  EXPECT_EQ(f.name, "c0->c1");
  EXPECT_EQ(f.transfers, 3u);
  EXPECT_EQ(f.bytes, 512u + 512u + 64u);
  EXPECT_DOUBLE_EQ(f.busy_ns, 8 + 8 + 1);
  EXPECT_DOUBLE_EQ(f.energy_pj, (512 + 512 + 64) * 8 * 0.5);
}

TEST(ChipLink, BoardLinkFigures) {
  const config::LinkParams p = config::link_preset("board_pcie");  // 16 x 15.75 Gbit/s, 600 ns
  ChipLink link("link", p, "c0->c1");
  // 2016 bytes = 16128 bits / 252 Gbit/s = 64 ns.
  EXPECT_EQ(link.transfer(2016, 0), 64000 + 600000);
  EXPECT_DOUBLE_EQ(link.figures().energy_pj, 2016 * 8 * 6.0);
}

}  // namespace
}  // namespace kirchhoff
