// Shared pieces of the libFuzzer harnesses: a private scratch directory for the files the
// readers under test take by path, and the one way a harness reports a finding.
//
// A harness catches only the project's own input errors (config::ConfigError, WorkloadError,
// and the std::invalid_argument the dataflow construction documents); any other exception, or
// a broken invariant, is a finding: fuzz_finding() prints it and aborts so libFuzzer saves the
// input as a crash artifact.
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>

namespace kirchhoff::fuzz {

// A directory of this process (under /dev/shm when it exists, else $TMPDIR or /tmp), created
// on first use and removed at exit.
const std::string& scratch_dir();

// Writes `size` bytes to scratch_dir()/name and returns the path.
std::string write_scratch(const std::string& name, const std::uint8_t* data, std::size_t size);
std::string write_scratch(const std::string& name, const std::string& text);

// Copies `source` (a file of the source tree) to scratch_dir()/name.
void copy_to_scratch(const std::string& source, const std::string& name);

// Prints "<harness>: <stage>: <what>" to stderr and aborts.
[[noreturn]] void fuzz_finding(const char* harness, const char* stage, const std::string& what);
// Call from a catch (...) block: reports the exception in flight (not one of the project's
// input errors) with its type and what().
[[noreturn]] void fuzz_unexpected(const char* harness, const char* stage);

}  // namespace kirchhoff::fuzz
