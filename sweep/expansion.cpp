#include "sweep/expansion.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "sweep/point_seed.h"

namespace kirchhoff::sweep {
namespace {

// One factor of the product: `size` alternatives, each giving some axes their values.
struct Factor {
  std::size_t size = 1;
  std::vector<std::size_t> columns;                    // indices into axis_keys
  std::vector<std::vector<std::string>> alternatives;  // [alternative][column]
};

std::string format_double(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::vector<Factor> factors(const SweepSpec& spec) {
  std::map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < spec.axis_keys.size(); ++i) column[spec.axis_keys[i]] = i;
  std::vector<Factor> out;
  for (const auto& axis : spec.grid) {
    Factor f;
    f.size = axis.values.size();
    f.columns = {column.at(axis.key)};
    for (const auto& v : axis.values) f.alternatives.push_back({v});
    out.push_back(std::move(f));
  }
  for (const auto& group : spec.zip) {
    Factor f;
    f.size = group.front().values.size();
    for (const auto& axis : group) f.columns.push_back(column.at(axis.key));
    for (std::size_t i = 0; i < f.size; ++i) {
      std::vector<std::string> alt;
      for (const auto& axis : group) alt.push_back(axis.values[i]);
      f.alternatives.push_back(std::move(alt));
    }
    out.push_back(std::move(f));
  }
  if (spec.random.given) {
    Factor f;
    f.size = static_cast<std::size_t>(spec.random.count);
    for (const auto& axis : spec.random.axes) f.columns.push_back(column.at(axis.key));
    for (int i = 0; i < spec.random.count; ++i) {
      std::vector<std::string> alt;
      for (const auto& axis : spec.random.axes)
        alt.push_back(random_value(axis, spec.random.seed, i));
      f.alternatives.push_back(std::move(alt));
    }
    out.push_back(std::move(f));
  }
  return out;
}

std::size_t product_size(const SweepSpec& spec) {
  std::uint64_t n = static_cast<std::uint64_t>(spec.seeds);
  auto times = [&](std::uint64_t k, const config::Location& where) {
    n *= k;
    if (n > kMaxPoints) {
      throw config::ConfigError(where, "the sweep has more than " + std::to_string(kMaxPoints) +
                                           " points (counting up to this axis); allowed: at most " +
                                           std::to_string(kMaxPoints));
    }
  };
  for (const auto& axis : spec.grid) times(axis.values.size(), axis.where);
  for (const auto& group : spec.zip) times(group.front().values.size(), group.front().where);
  if (spec.random.given) {
    times(static_cast<std::uint64_t>(spec.random.count), spec.random.axes.front().where);
  }
  return static_cast<std::size_t>(n);
}

}  // namespace

std::string point_id(std::size_t index, std::size_t total) {
  std::size_t width = 1;
  for (std::size_t last = total > 0 ? total - 1 : 0; last >= 10; last /= 10) ++width;
  width = std::max<std::size_t>(width, 4);
  std::string digits = std::to_string(index);
  if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
  return "p" + digits;
}

std::size_t point_count(const SweepSpec& spec) {
  return product_size(spec);
}

std::string random_value(const RandomAxis& axis, std::uint64_t random_seed, int index) {
  const double u = random_unit(random_seed, index, axis.key);
  switch (axis.kind) {
    case RandomKind::kChoices: {
      const auto i =
          std::min(axis.choices.size() - 1,
                   static_cast<std::size_t>(u * static_cast<double>(axis.choices.size())));
      return axis.choices[i];
    }
    case RandomKind::kInteger: {
      const double span = axis.max - axis.min + 1.0;
      const double v = std::min(axis.max, axis.min + std::floor(u * span));
      return format_double(v);
    }
    case RandomKind::kLogUniform: {
      const double lo = std::log(axis.min), hi = std::log(axis.max);
      return format_double(std::clamp(std::exp(lo + u * (hi - lo)), axis.min, axis.max));
    }
    case RandomKind::kUniform:
      return format_double(axis.min + u * (axis.max - axis.min));
  }
  return {};
}

std::vector<SweepPoint> expand_points(const SweepSpec& spec) {
  const std::size_t total = product_size(spec);
  const std::vector<Factor> fs = factors(spec);
  std::vector<SweepPoint> points;
  points.reserve(total);
  for (std::size_t index = 0; index < total; ++index) {
    SweepPoint p;
    p.index = index;
    p.id = point_id(index, total);
    p.values.assign(spec.axis_keys.size(), std::string());
    std::size_t rest = index;
    p.replicate = static_cast<int>(rest % static_cast<std::size_t>(spec.seeds));
    rest /= static_cast<std::size_t>(spec.seeds);
    for (auto f = fs.rbegin(); f != fs.rend(); ++f) {  // the last factor varies fastest
      const std::size_t alt = rest % f->size;
      rest /= f->size;
      for (std::size_t c = 0; c < f->columns.size(); ++c) {
        p.values[f->columns[c]] = f->alternatives[alt][c];
      }
    }
    std::vector<std::pair<std::string, std::string>> kv;
    for (std::size_t c = 0; c < spec.axis_keys.size(); ++c) {
      kv.emplace_back(spec.axis_keys[c], p.values[c]);
    }
    p.seed = point_seed(spec.root_seed, kv, p.replicate);
    points.push_back(std::move(p));
  }
  return points;
}

}  // namespace kirchhoff::sweep
