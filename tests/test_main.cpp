// Entry point of every test executable: silences the SystemC banner before any SystemC object
// exists, routes SystemC reports into spdlog and runs GoogleTest. libsystemc's own main() is
// not used; it still needs an sc_main symbol to link. Under ASan it restores the thread's stack
// bounds before exit (chip/sanitizer_stack.h): most tests call sc_start() themselves, and
// LeakSanitizer's exit check would otherwise scan a SystemC process's stack as the main
// thread's and crash on its guard page ("Tracer caught signal 11").
#include <gtest/gtest.h>

#include "chip/sanitizer_stack.h"
#include "logging/log.h"

extern "C" int sc_main(int, char**) {
  return 1;
}  // never called: main() is the entry point

int main(int argc, char** argv) {
  kirchhoff::logging::suppress_systemc_banner();
  kirchhoff::logging::install_systemc_report_handler();
  kirchhoff::logging::set_levels("warn");
  testing::InitGoogleTest(&argc, argv);
  const int status = RUN_ALL_TESTS();
  kirchhoff::clear_stale_stack_poison();
  return status;
}
