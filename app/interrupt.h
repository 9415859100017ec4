// SIGINT and SIGTERM during `kirchhoff run`: the signal handler only records the signal; a
// SystemC method checks it at every simulated time step and stops the simulation there
// (sc_stop, a safe point between evaluation phases), after cancelling the recorder so that no
// trace file is renamed into place. The command then exits with 128 + the signal (130, 143),
// writes no summary and leaves no temporary file.
#pragma once

#include <stdexcept>
#include <string>

#include "traces/recorder.h"

namespace kirchhoff::app {

// Installs the handlers for SIGINT and SIGTERM for its lifetime (the previous ones are restored).
// A second signal of the same kind terminates at once (the default action).
class InterruptHandlers {
 public:
  InterruptHandlers();
  ~InterruptHandlers();
  InterruptHandlers(const InterruptHandlers&) = delete;
  InterruptHandlers& operator=(const InterruptHandlers&) = delete;
};

// The signal received since the handlers were installed, 0 if none.
int interrupt_signal();
// "SIGINT", "SIGTERM".
std::string signal_name(int signal);

// The run was interrupted; the CLI exits with 128 + signal().
class Interrupted : public std::runtime_error {
 public:
  explicit Interrupted(int signal);
  int signal() const { return signal_; }

 private:
  int signal_;
};

// Throws Interrupted if a signal came.
void throw_if_interrupted();

// Spawns the SystemC method that stops the simulation when a signal came (call before
// sc_start, once per simulation). It wakes only when the simulation has other activity, so it
// neither keeps the simulation alive nor moves any event.
void stop_simulation_on_interrupt(traces::Recorder& recorder);

}  // namespace kirchhoff::app
