// Owns SystemC modules and destroys them in the reverse of their creation order.
//
// Why: SystemC 2.3.4 unregisters a destroyed port or export by searching its registry from the
// most recently registered entry backwards and moving the last entry into the hole
// (sc_port_registry::remove, sc_export_registry::remove). Destroying modules oldest first, as a
// std::vector of unique_ptr does, makes every such removal scan the whole registry, so the
// chip's tear-down grew quadratically with its tiles. Newest first, each port and export is
// found at the end of its registry. (The module registry and a parent's child list search from
// the front: the chip destroys its pivot modules first, chip/teardown_pivot.h, so that those
// searches stop at the front too. bench/bench_chip_scale.cpp measures it.)
#pragma once

#include <memory>
#include <utility>
#include <vector>

#include <systemc>

namespace kirchhoff {

class ModuleArena {
 public:
  ModuleArena() = default;
  ModuleArena(const ModuleArena&) = delete;
  ModuleArena& operator=(const ModuleArena&) = delete;
  ~ModuleArena() {
    while (!owned_.empty()) owned_.pop_back();
  }

  // Constructs a T (an sc_module: tile, DPU, port, checker, ...) owned by the arena.
  template <typename T, typename... Args>
  T* make(Args&&... args) {
    auto p = std::make_unique<T>(std::forward<Args>(args)...);
    T* raw = p.get();
    owned_.push_back(std::move(p));
    return raw;
  }

 private:
  std::vector<std::unique_ptr<sc_core::sc_module>> owned_;
};

}  // namespace kirchhoff
