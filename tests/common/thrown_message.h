// The message of the exception of type E that `f` throws, or `none` when it throws none: the
// bad-input suites compare every refusal with its exact message. An exception of another type
// propagates, and the test fails on it.
#pragma once

#include <string>

namespace kirchhoff::test {

template <typename E, typename F>
std::string thrown_message(F&& f, const std::string& none) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return none;
}

}  // namespace kirchhoff::test
