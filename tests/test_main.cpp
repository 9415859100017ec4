// Entry point of every test executable: silences the SystemC banner before any SystemC object
// exists, routes SystemC reports into spdlog and runs GoogleTest. libsystemc's own main() is
// not used; it still needs an sc_main symbol to link.
#include <gtest/gtest.h>

#include "logging/log.h"

extern "C" int sc_main(int, char**) {
  return 1;
}  // never called: main() is the entry point

int main(int argc, char** argv) {
  kirchhoff::logging::suppress_systemc_banner();
  kirchhoff::logging::install_systemc_report_handler();
  kirchhoff::logging::set_levels("warn");
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
