#include "logging/log.h"

#include <cstdlib>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <vector>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <systemc>

namespace kirchhoff::logging {
namespace {

struct Registry {
  std::mutex mutex;
  spdlog::level::level_enum global = spdlog::level::info;
  std::map<std::string, spdlog::level::level_enum> rules;  // prefix -> level
  std::map<std::string, std::shared_ptr<spdlog::logger>> loggers;
  spdlog::sink_ptr sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
};

Registry& registry() {
  static Registry r;
  return r;
}

spdlog::level::level_enum level_for(const Registry& r, const std::string& name) {
  spdlog::level::level_enum lvl = r.global;
  std::size_t best = 0;
  for (const auto& [prefix, l] : r.rules) {
    const bool match = name == prefix ||
                       (name.size() > prefix.size() &&
                        name.compare(0, prefix.size(), prefix) == 0 && name[prefix.size()] == '.');
    if (match && prefix.size() >= best) {
      best = prefix.size();
      lvl = l;
    }
  }
  return lvl;
}

spdlog::level::level_enum parse_level(const std::string& s) {
  static const std::map<std::string, spdlog::level::level_enum> names = {
      {"trace", spdlog::level::trace}, {"debug", spdlog::level::debug},
      {"info", spdlog::level::info},   {"warn", spdlog::level::warn},
      {"error", spdlog::level::err},   {"critical", spdlog::level::critical},
      {"off", spdlog::level::off}};
  auto it = names.find(s);
  if (it == names.end()) {
    throw std::invalid_argument("log level '" + s +
                                "' is not allowed; allowed: trace, debug, info, warn, error, "
                                "critical, off (optionally module=level, comma separated)");
  }
  return it->second;
}

void systemc_handler(const sc_core::sc_report& rep, const sc_core::sc_actions& actions) {
  auto log = get("systemc");
  const std::string msg = std::string(rep.get_msg_type()) + ": " + rep.get_msg();
  switch (rep.get_severity()) {
    case sc_core::SC_INFO:
      log->info("{}", msg);
      break;
    case sc_core::SC_WARNING:
      log->warn("{}", msg);
      break;
    case sc_core::SC_ERROR:
      log->error("{}", msg);
      break;
    default:
      log->critical("{}", msg);
      break;
  }
  // Keep SystemC's own control flow (throw on error, abort on fatal) but not its printing.
  sc_core::sc_report_handler::default_handler(rep,
                                              actions & ~(sc_core::SC_DISPLAY | sc_core::SC_LOG));
}

}  // namespace

std::shared_ptr<spdlog::logger> get(const std::string& name) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  auto it = r.loggers.find(name);
  if (it != r.loggers.end()) return it->second;
  auto logger = std::make_shared<spdlog::logger>(name, r.sink);
  logger->set_level(level_for(r, name));
  logger->set_pattern("[%n] %^%l%$: %v");
  r.loggers[name] = logger;
  return logger;
}

void set_levels(const std::string& spec) {
  spdlog::level::level_enum global = spdlog::level::info;
  std::map<std::string, spdlog::level::level_enum> rules;
  std::stringstream ss(spec);
  bool first = true;
  for (std::string part; std::getline(ss, part, ',');) {
    const auto eq = part.find('=');
    if (eq == std::string::npos) {
      if (!first) throw std::invalid_argument("log level '" + part + "' must come first");
      global = parse_level(part);
    } else {
      rules[part.substr(0, eq)] = parse_level(part.substr(eq + 1));
    }
    first = false;
  }
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.global = global;
  r.rules = std::move(rules);
  for (auto& [name, logger] : r.loggers) logger->set_level(level_for(r, name));
}

void install_systemc_report_handler() {
  sc_core::sc_report_handler::set_handler(&systemc_handler);
}

void suppress_systemc_banner() {
  setenv("SC_COPYRIGHT_MESSAGE", "DISABLE", 1);
}

}  // namespace kirchhoff::logging
