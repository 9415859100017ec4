// AddressSanitizer and SystemC's coroutines. SystemC switches between the kernel's and the
// processes' stacks, and with Debian's SystemC 2.3.4 and GCC 12's ASan, after sc_start()
// returns ASan's idea of the calling thread's stack bounds is a process's coroutine stack:
// every later throw makes it print "ignoring requested __asan_handle_no_return" and skip
// unpoisoning the frames the exception leaves, and the next throw trips over their stale
// redzones with a false stack-buffer-overflow (https://github.com/google/sanitizers/issues/189);
// and LeakSanitizer's check at exit scans that coroutine stack as the thread's own, reaches the
// page SystemC protects as its guard and dies with "Tracer caught signal 11" (8 of 10 runs of
// a test that calls sc_start() itself). Announcing a "fiber switch" to the thread's own stack
// (its bounds from pthread) restores the bounds, and clearing the shadow of the unused stack
// below the caller removes redzones left so far. Called right after sc_start() by run_to_end
// (chip.cpp), system_simulation.cpp and examples/virtual_platform; tests/test_main.cpp calls
// it only before exit, so a test that calls sc_start() itself and then throws runs with the
// stale bounds (bench_chip_scale, never built with ASan, does not call it). No-op without ASan.
#pragma once

#include <cstdint>

#if defined(__SANITIZE_ADDRESS__)
#define KIRCHHOFF_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KIRCHHOFF_ASAN 1
#endif
#endif

#ifdef KIRCHHOFF_ASAN
#include <pthread.h>
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

namespace kirchhoff {

// Call right after sc_start() returns, in the thread that called it.
inline void clear_stale_stack_poison() {
#ifdef KIRCHHOFF_ASAN
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    void* stack = nullptr;
    std::size_t size = 0;
    if (pthread_attr_getstack(&attr, &stack, &size) == 0) {
      void* fake_stack = nullptr;
      __sanitizer_start_switch_fiber(&fake_stack, stack, size);
      __sanitizer_finish_switch_fiber(fake_stack, nullptr, nullptr);
    }
    pthread_attr_destroy(&attr);
  }
  char here = 0;
  constexpr std::uintptr_t kBytes = std::uintptr_t{1} << 20;  // 1 MiB of unused stack below
  const std::uintptr_t below = reinterpret_cast<std::uintptr_t>(&here) - kBytes;
  __asan_unpoison_memory_region(reinterpret_cast<void*>(below), kBytes);
#endif
}

}  // namespace kirchhoff
