#include "app/interrupt.h"

#include <cmath>
#include <csignal>

#define SC_INCLUDE_DYNAMIC_PROCESSES
#include <systemc>

namespace kirchhoff::app {
namespace {

volatile std::sig_atomic_t g_signal = 0;

extern "C" void record_signal(int signal) {
  g_signal = signal;
}

struct sigaction g_previous_int;
struct sigaction g_previous_term;

}  // namespace

InterruptHandlers::InterruptHandlers() {
  g_signal = 0;
  struct sigaction sa {};
  sa.sa_handler = record_signal;
  sigemptyset(&sa.sa_mask);
  // SA_RESETHAND: a second signal gets the default action (terminate); SA_RESTART: file writes
  // in progress are not cut short by EINTR.
  sa.sa_flags = SA_RESETHAND | SA_RESTART;
  sigaction(SIGINT, &sa, &g_previous_int);
  sigaction(SIGTERM, &sa, &g_previous_term);
}

InterruptHandlers::~InterruptHandlers() {
  sigaction(SIGINT, &g_previous_int, nullptr);
  sigaction(SIGTERM, &g_previous_term, nullptr);
}

int interrupt_signal() {
  return g_signal;
}

std::string signal_name(int signal) {
  switch (signal) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    default:
      return "signal " + std::to_string(signal);
  }
}

Interrupted::Interrupted(int signal)
    : std::runtime_error("interrupted by " + signal_name(signal)), signal_(signal) {}

void throw_if_interrupted() {
  if (const int s = interrupt_signal()) throw Interrupted(s);
}

void stop_simulation_on_interrupt(traces::Recorder& recorder) {
  sc_core::sc_spawn_options options;
  options.spawn_method();
  sc_core::sc_spawn(
      [&recorder] {
        if (const int s = interrupt_signal()) {
          recorder.cancel(
              "interrupted by " + signal_name(s) + " at " +
              std::to_string(std::llround(sc_core::sc_time_stamp().to_seconds() * 1e9)) +
              " ns of simulated time");
          sc_core::sc_stop();
          return;
        }
        // Wake again with the next activity (a delta cycle later if there is more now); with
        // none left, do not re-arm: the simulation ends by starvation as without this method.
        if (sc_core::sc_pending_activity()) {
          sc_core::next_trigger(sc_core::sc_time_to_pending_activity());
        }
      },
      "kirchhoff_interrupt_watch", &options);
}

}  // namespace kirchhoff::app
