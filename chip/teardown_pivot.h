// Empty modules that a parent makes before any other child and destroys first, so that the
// parent's tear-down is linear in its children (bench/bench_chip_scale.cpp measures it).
//
// Why: SystemC 2.3.4 unregisters a destroyed module by searching the module registry from the
// front (sc_module_registry::remove), and any destroyed object by searching its parent's child
// list from the front (sc_object::remove_child_object); both then move the last entry into the
// hole. Destroying newest first (chip/module_arena.h, which the back-searching port and export
// registries need) therefore scans every module on each removal: quadratic in the tiles. Once
// a pivot near the front of both lists is gone, its slot holds the newest entry; each
// newest-first removal finds its module in such a slot and refills it with the next newest, so
// every search stops within the first few slots: O(1) per module, whatever the chip's size.
// Several pivots, because a slot may take a module that outlives the chip: the kernel makes one
// of its own at sc_start ("$$$$kernel_module$$$$_invoke_method"), after the chip's.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <systemc>

namespace kirchhoff {

class TeardownPivot : public sc_core::sc_module {
 public:
  explicit TeardownPivot(sc_core::sc_module_name name) : sc_core::sc_module(name) {}
};

// `count` pivots named <prefix>0, <prefix>1, ...; make them first, destroy them front to back.
inline std::vector<std::unique_ptr<TeardownPivot>> make_teardown_pivots(const std::string& prefix,
                                                                        int count) {
  std::vector<std::unique_ptr<TeardownPivot>> v;
  for (int i = 0; i < count; ++i)
    v.push_back(std::make_unique<TeardownPivot>((prefix + std::to_string(i)).c_str()));
  return v;
}

}  // namespace kirchhoff
