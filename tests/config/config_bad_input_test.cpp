// Configuration inputs that used to crash, exit 1 or be accepted silently: each is a ConfigError
// that names the file, the line and column (or the key) and what is allowed. The inputs are
// files under tests/data/bad/ (a symlink loop and a too-long name are made in a temporary
// directory: git cannot hold them portably).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "config/config_error.h"
#include "config/config_loader.h"
#include "tests/common/temp_dir_test.h"
#include "tests/common/thrown_message.h"

namespace kirchhoff::config {
namespace {

namespace fs = std::filesystem;

const std::string kBad = std::string(KIRCHHOFF_TEST_DATA_DIR) + "/bad/";

std::string error_of(const std::string& path, const std::vector<std::string>& sets = {}) {
  return kirchhoff::test::thrown_message<ConfigError>([&] { load_config(path, sets); }, "");
}

TEST(ConfigBadInput, NonScalarKeyNamesItsPosition) {
  const std::string p = kBad + "config_nonscalar_key.yaml";
  EXPECT_EQ(error_of(p),
            p + ":4:3: a key must be a plain name (a scalar such as 'tile' or 'rows'); got a list");
}

TEST(ConfigBadInput, DuplicateKeyNamesBothLines) {
  const std::string p = kBad + "config_duplicate_key.yaml";
  EXPECT_EQ(error_of(p),
            p + ":5:3: duplicate key 'seed' (first at line 3); allowed: each key once per map");
}

TEST(ConfigBadInput, DuplicateSectionIsRejectedNotMerged) {
  const std::string p = kBad + "config_duplicate_section.yaml";
  EXPECT_EQ(error_of(p),
            p + ":6:1: duplicate key 'tile' (first at line 2); allowed: each key once per map");
}

TEST(ConfigBadInput, SecondDocumentIsRejected) {
  const std::string p = kBad + "config_two_documents.yaml";
  EXPECT_EQ(error_of(p), p + ":4:1: a second YAML document starts here (after '---'); allowed: "
                             "one document per configuration");
}

TEST(ConfigBadInput, DeepListsNameTheColumnWhereTheLimitIsPassed) {
  const std::string p = kBad + "config_deep_lists.yaml";
  // "tile:" map (2), "rows:" value lists from column 9: the 31st '[' passes the limit of 32.
  EXPECT_EQ(error_of(p), p + ":3:39: maps and lists nested deeper than 32 levels; allowed: at "
                             "most 32 (a configuration needs 5)");
}

TEST(ConfigBadInput, DeepMapsNameTheLine) {
  const std::string p = kBad + "config_deep_maps.yaml";
  const std::string e = error_of(p);
  EXPECT_EQ(e.rfind(p + ":34:65: maps and lists nested deeper than 32 levels", 0), 0u) << e;
}

TEST(ConfigBadInput, DirectoryAsConfig) {
  const std::string d = kBad;  // the directory itself
  EXPECT_EQ(error_of(d), d + ": is a directory, not a configuration file; allowed: a readable "
                             "YAML file");
}

TEST(ConfigBadInput, ExtendsAnEmptyName) {
  const std::string p = kBad + "config_extends_empty.yaml";
  EXPECT_EQ(error_of(p), p +
                             ":2:10: extends: the file name is empty; allowed: a YAML file, "
                             "relative to " +
                             p);
}

TEST(ConfigBadInput, ExtendsADirectory) {
  const std::string p = kBad + "config_extends_directory.yaml";
  EXPECT_EQ(error_of(p), p + ":2:10: extends: '" + kBad +
                             ".': is a directory, not a configuration file; allowed: a readable "
                             "YAML file");
}

class ConfigBadNames : public kirchhoff::test::TempDirTest {};

TEST_F(ConfigBadNames, SymlinkLoopAsConfigAndAsExtendsTarget) {
  fs::create_symlink(dir_ / "b.yaml", dir_ / "a.yaml");
  fs::create_symlink(dir_ / "a.yaml", dir_ / "b.yaml");
  const std::string a = (dir_ / "a.yaml").string();
  EXPECT_EQ(error_of(a), a + ": cannot open the configuration file: Too many levels of symbolic "
                             "links; allowed: a readable YAML file");
  const std::string top = (dir_ / "top.yaml").string();
  std::ofstream(top) << "extends: a.yaml\n";
  EXPECT_EQ(error_of(top), top + ":1:10: extends: '" + a +
                               "': cannot open the configuration file: Too many levels of "
                               "symbolic links; allowed: a readable YAML file");
}

TEST_F(ConfigBadNames, NameTooLong) {
  const std::string p = (dir_ / (std::string(300, 'a') + ".yaml")).string();
  EXPECT_EQ(error_of(p), p + ": cannot open the configuration file: File name too long; allowed: "
                             "a readable YAML file");
}

TEST_F(ConfigBadNames, FifoIsNotAConfigurationFile) {
  const fs::path fifo = dir_ / "pipe.yaml";
  ASSERT_EQ(std::system(("mkfifo " + fifo.string()).c_str()), 0);
  EXPECT_EQ(error_of(fifo.string()), fifo.string() +
                                         ": is not a regular file (a FIFO, device or socket); "
                                         "allowed: a readable YAML file");
}

TEST(ConfigBadInput, SetOnASectionSaysItIsASection) {
  EXPECT_EQ(error_of("", {"tile=5"}),
            "--set tile=5: 'tile' is a section, not a key; allowed: a key under it, e.g. "
            "'tile.rows=...' (kirchhoff config --schema lists every key)");
}

TEST(ConfigBadInput, SetValueWithTwoDocumentsOrDuplicateKeys) {
  EXPECT_EQ(error_of("", {"sim.seed=1\n---\n2"}),
            "--set sim.seed=1\n---\n2: a second YAML document starts here (after '---'); "
            "allowed: one document per configuration");
  EXPECT_EQ(error_of("", {"tile.device.table.levels_uS={a: 1, a: 2}"}),
            "--set tile.device.table.levels_uS={a: 1, a: 2}: duplicate key 'a' (first at line "
            "1); allowed: each key once per map");
}

}  // namespace
}  // namespace kirchhoff::config
