#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "app/cli.h"
#include "logging/log.h"

// libsystemc's own main() is not used (ours runs the CLI); it still needs sc_main to link.
extern "C" int sc_main(int, char**) {
  return 1;
}  // never called: main() is the entry point

int main(int argc, char** argv) {
  kirchhoff::logging::suppress_systemc_banner();
  kirchhoff::logging::install_systemc_report_handler();
  const int code = kirchhoff::app::run_cli(argc, argv);
  if (code > 128) {
    // Interrupted (128 + signal): the run was stopped with sc_stop() in the middle, and SystemC
    // cannot unwind the threads it abandoned, so the objects on their stacks are never
    // destroyed. The result files were already removed while the error unwound; end the process
    // now, without exit-time destructors (or LeakSanitizer's report of those abandoned objects).
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    std::_Exit(code);
  }
  return code;
}
