#include "app/cli.h"
#include "logging/log.h"

// libsystemc's own main() is not used (ours runs the CLI); it still needs sc_main to link.
extern "C" int sc_main(int, char**) {
  return 1;
}  // never called: main() is the entry point

int main(int argc, char** argv) {
  kirchhoff::logging::suppress_systemc_banner();
  kirchhoff::logging::install_systemc_report_handler();
  return kirchhoff::app::run_cli(argc, argv);
}
