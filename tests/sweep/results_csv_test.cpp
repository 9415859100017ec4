// results.csv: quoting, parsing, the metric cells from summary.json, resume of a torn file.
#include <gtest/gtest.h>

#include <stdexcept>

#include "sweep/results_csv.h"
#include "sweep_test_files.h"

namespace kirchhoff::sweep {
namespace {

using test::read_text;
using test::TempDir;
using test::write_text;

TEST(ResultsCsv, ColumnsAreTheContractsInOrder) {
  const auto c = result_columns({"tile.adc.bits", "run.samples"});
  ASSERT_EQ(c.size(), 1u + 2u + 5u + 30u + 1u);
  EXPECT_EQ(c[0], "point");
  EXPECT_EQ(c[1], "tile.adc.bits");
  EXPECT_EQ(c[2], "run.samples");
  EXPECT_EQ(std::vector<std::string>(c.begin() + 3, c.begin() + 8),
            (std::vector<std::string>{"replicate", "seed", "status", "exit_code", "wall_s"}));
  EXPECT_EQ(c[8], "latency_first_ns");
  EXPECT_EQ(c[c.size() - 3], "output_rel_l2_error");
  EXPECT_EQ(c[c.size() - 2], "output_layer");
  EXPECT_EQ(c.back(), "error");
}

TEST(ResultsCsv, QuotingRoundTrips) {
  const std::vector<std::string> cells{"p0001", "[0, 10]", "a\"b", " x", "plain", "err, text"};
  const std::string line = csv_line(cells);
  EXPECT_EQ(line, "p0001,\"[0, 10]\",\"a\"\"b\",\" x\",plain,\"err, text\"\n");
  std::size_t torn = 0;
  const auto rows = parse_csv(line + line, &torn);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1], cells);
  EXPECT_EQ(torn, 0u);
  EXPECT_EQ(csv_line({"a", "error text"}), "a,\"error text\"\n");
  EXPECT_EQ(csv_line({"a", ""}), "a,\n");
}

TEST(ResultsCsv, MetricsComeFromTheSummaryAndAbsentOnesAreEmpty) {
  const std::string summary = R"({"latency_ns": {"first": 1275.2, "mean": 0.1, "p99": 3},
    "mvms": 64, "efficiency": {"chip": {"energy_pj": 688899.0225000001, "tops_per_w": 12.5}},
    "energy_pj": {"total": 7.0, "adc": 0.30000000000000004},
    "layer_rel_l2_error": {"conv1": 0.1, "fc2": 0.2, "fc1": 0.3}, "top1_chip": 0.75})";
  const auto cells = metric_cells(summary);
  const auto& names = metric_columns();
  ASSERT_EQ(cells.size(), names.size());
  auto cell = [&](const std::string& name) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i] == name) return cells[i];
    }
    return std::string("?");
  };
  EXPECT_EQ(cell("latency_first_ns"), "1275.2");
  EXPECT_EQ(cell("latency_mean_ns"), "0.10000000000000001");  // %.17g: every bit
  EXPECT_EQ(cell("latency_p99_ns"), "3");
  EXPECT_EQ(cell("mvms"), "64");
  EXPECT_EQ(cell("chip_energy_pj"), "688899.02250000008");
  EXPECT_EQ(cell("chip_tops_per_w"), "12.5");
  EXPECT_EQ(cell("energy_adc_pj"), "0.30000000000000004");
  EXPECT_EQ(cell("energy_total_pj"), "7");
  EXPECT_EQ(cell("tile_energy_pj"), "");
  EXPECT_EQ(cell("top1_chip"), "0.75");
  EXPECT_EQ(cell("top1_reference"), "");
  EXPECT_EQ(cell("output_layer"), "fc1");  // the last in the file, not the last by name
  EXPECT_THROW(metric_cells("not json"), std::runtime_error);
}

TEST(ResultsCsv, ResumeDropsATornLastLineAndKeepsWholeRows) {
  TempDir dir;
  const std::string path = dir.file("results.csv");
  const std::vector<std::string> header{"point", "status", "error"};
  write_text(path, "point,status,error\np0000,ok,\np0001,fa");
  {
    ResultsFile f(path, header, true);
    ASSERT_EQ(f.existing_rows().size(), 1u);
    EXPECT_EQ(f.existing_rows()[0], (std::vector<std::string>{"p0000", "ok", ""}));
    f.append({"p0001", "failed", "exit code 1"});
  }
  EXPECT_EQ(read_text(path), "point,status,error\np0000,ok,\np0001,failed,\"exit code 1\"\n");
}

TEST(ResultsCsv, ResumeRefusesAnotherHeader) {
  TempDir dir;
  const std::string path = write_text(dir.file("results.csv"), "point,other\n");
  try {
    ResultsFile f(path, {"point", "status"}, true);
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(path + ": its header is not this sweep's columns"),
              std::string::npos)
        << e.what();
  }
}

TEST(ResultsCsv, AFreshFileHoldsTheHeader) {
  TempDir dir;
  const std::string path = dir.file("results.csv");
  { ResultsFile f(path, {"point", "a.b"}, false); }
  EXPECT_EQ(read_text(path), "point,a.b\n");
}

}  // namespace
}  // namespace kirchhoff::sweep
