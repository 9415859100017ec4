// `kirchhoff sweep SWEEP.yaml --out DIR`: runs every point of a sweep file (sweep/sweep_spec.h)
// as its own `kirchhoff run` child process, N at a time, into DIR/points/<id>/, one row per
// finished point in DIR/results.csv; resumable, shardable, and submittable to Slurm as a job
// array (docs/sweeps.md).
#include <unistd.h>

#include <cmath>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <thread>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "app/cli.h"
#include "app/commands.h"
#include "app/sweep_progress.h"
#include "app/sweep_setup.h"
#include "app/sweep_slurm.h"
#include "config/config_loader.h"
#include "sweep/collect.h"
#include "sweep/driver.h"
#include "sweep/manifest.h"
#include "sweep/point_config.h"
#include "sweep/results_csv.h"

namespace kirchhoff::app {
namespace {

namespace fs = std::filesystem;

struct SweepOpts {
  std::string sweep_file, out, shard, collect;
  int jobs = 0;
  bool resume = false, dry_run = false;
  ProgressRequest progress = ProgressRequest::automatic;
  bool emit_slurm = false, slurm = false;
  double point_timeout_s = 0.0;
  int array_size = 0;
  std::vector<std::string> slurm_opts;
};

struct Shard {
  int index = 0, count = 1;
  bool given = false;
};

Shard parse_shard(const std::string& text) {
  Shard s;
  if (text.empty()) return s;
  const auto slash = text.find('/');
  auto bad = [&] {
    return UsageError("sweep --shard " + text +
                      ": allowed: I/N with N >= 1 and I in 0..N-1 (e.g. 0/4, as "
                      "$SLURM_ARRAY_TASK_ID/N)");
  };
  auto number = [&](const std::string& t) {
    if (t.empty() || t.size() > 9 || t.find_first_not_of("0123456789") != std::string::npos) {
      throw bad();
    }
    return std::stoi(t);
  };
  if (slash == std::string::npos) throw bad();
  s.index = number(text.substr(0, slash));
  s.count = number(text.substr(slash + 1));
  if (s.count < 1 || s.index >= s.count) throw bad();
  s.given = true;
  return s;
}

void print_dry_run(const LoadedSweep& s) {
  std::vector<std::string> header{"point"};
  header.insert(header.end(), s.spec.axis_keys.begin(), s.spec.axis_keys.end());
  header.insert(header.end(), {"replicate", "seed"});
  std::vector<std::vector<std::string>> rows;
  for (const auto& p : s.points) {
    std::vector<std::string> r{p.id};
    r.insert(r.end(), p.values.begin(), p.values.end());
    r.insert(r.end(), {std::to_string(p.replicate), std::to_string(p.seed)});
    rows.push_back(std::move(r));
  }
  std::vector<std::size_t> width(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) {
    width[c] = header[c].size();
    for (const auto& r : rows) width[c] = std::max(width[c], r[c].size());
  }
  auto print = [&](const std::vector<std::string>& r) {
    std::string line;
    for (std::size_t c = 0; c < r.size(); ++c) {
      line += (c == 0 ? "" : "  ") + r[c] + std::string(width[c] - r[c].size(), ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    std::cout << line << "\n";
  };
  print(header);
  for (const auto& r : rows) print(r);
  std::cout << s.points.size() << " points (sweep '" << s.spec.name << "')\n";
}

int run_sweep(const SweepOpts& o, const LoadedSweep& s) {
  const Shard shard = parse_shard(o.shard);
  const int jobs = o.jobs > 0 ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
  if (o.point_timeout_s < 0 || !std::isfinite(o.point_timeout_s)) {
    throw UsageError("sweep --point-timeout: allowed: a number of seconds > 0");
  }
  prepare_out_dir(s, o.out);
  const std::string results_name =
      shard.given ? sweep::shard_file_name(shard.index, shard.count) : std::string("results.csv");
  const std::string results_path = o.out + "/" + results_name;
  if (!o.resume && fs::exists(results_path)) {
    throw UsageError("sweep --out " + o.out + ": " + results_name +
                     " already holds results of this sweep; allowed: --resume to run the points "
                     "without a row, or a new --out folder");
  }
  std::optional<sweep::ResultsFile> opened;
  try {
    opened.emplace(results_path, sweep::result_columns(s.spec.axis_keys), o.resume);
  } catch (const std::runtime_error& e) {  // another sweep's file, an unwritable DIR
    throw UsageError(std::string("sweep --out ") + o.out + ": " + e.what());
  }
  sweep::ResultsFile& results = *opened;
  std::set<std::string> done_ids;
  std::size_t failed_before = 0;
  for (const auto& row : results.existing_rows()) {
    done_ids.insert(row.front());
    if (row.size() > s.spec.axis_keys.size() + 3 && row[s.spec.axis_keys.size() + 3] != "ok") {
      ++failed_before;
    }
  }
  const std::string exe = self_executable();
  std::vector<sweep::Job> job_list;
  std::vector<std::string> labels(s.points.size());
  std::size_t in_shard = 0;
  for (const auto& p : s.points) {
    labels[p.index] = p.id + " " + sweep::describe_point(s.spec, p);
    if (static_cast<int>(p.index % static_cast<std::size_t>(shard.count)) != shard.index) continue;
    ++in_shard;
    if (done_ids.count(p.id) != 0) continue;
    const std::string dir = o.out + "/points/" + p.id;
    std::error_code ec;
    fs::remove_all(dir, ec);  // what an interrupted earlier attempt left
    fs::create_directories(dir, ec);
    if (ec) throw std::runtime_error(dir + ": cannot create: " + ec.message());
    sweep::write_file_atomic(dir + "/config.yaml", config::resolved_yaml(s.configs[p.index]));
    sweep::Job job;
    job.id = p.index;
    job.dir = dir;
    job.argv = {exe, "run", dir + "/config.yaml", "--out", dir};
    const auto args = sweep::run_arguments(sweep::point_run_values(s.spec, p), s.spec.dir);
    job.argv.insert(job.argv.end(), args.begin(), args.end());
    job_list.push_back(std::move(job));
  }
  sweep::DriverOptions d;
  d.jobs = jobs;
  d.timeout_s = o.point_timeout_s;
  d.total = in_shard;
  d.done_before = in_shard - job_list.size();
  d.failed_before = failed_before;
  // A sweep's plain lines are its log (CI, Slurm): shown without a terminal too.
  SweepProgress progress(resolve_progress_style(o.progress, stderr_is_terminal(), true), labels,
                         in_shard, in_shard - job_list.size());
  std::size_t failed = failed_before;
  const int signal = sweep::run_jobs(
      job_list, d,
      [&](const sweep::JobResult& r) {
        const sweep::SweepPoint& p = s.points[r.id];
        sweep::PointOutcome outcome{r.status, r.exit_code, r.wall_s, {}, r.error};
        const std::string summary = o.out + "/points/" + p.id + "/summary.json";
        if (fs::exists(summary)) {
          try {
            std::ifstream in(summary);
            const std::string text((std::istreambuf_iterator<char>(in)),
                                   std::istreambuf_iterator<char>());
            outcome.metrics = sweep::metric_cells(text);
          } catch (const std::exception& e) {
            if (outcome.status == sweep::PointStatus::kOk) {
              outcome.status = sweep::PointStatus::kFailed;
              outcome.error = summary + ": " + e.what();
            }
          }
        } else if (outcome.status == sweep::PointStatus::kOk) {
          outcome.status = sweep::PointStatus::kFailed;
          outcome.error = "exit code 0 but no summary.json";
        }
        if (outcome.status != sweep::PointStatus::kOk) ++failed;
        results.append(sweep::result_row(p, outcome));
      },
      progress);
  progress.close();
  if (signal != 0) {
    std::cerr << "kirchhoff: sweep interrupted by " << (signal == SIGINT ? "SIGINT" : "SIGTERM")
              << "; the running points were stopped; " << results_path
              << " holds every finished point (--resume runs the others)\n";
    return 128 + signal;
  }
  std::cout << fmt::format(
      "sweep '{}': {} points{}: {} ok, {} not ok; results in {}\n", s.spec.name, in_shard,
      shard.given ? fmt::format(" (shard {}/{})", shard.index, shard.count) : std::string(),
      in_shard - failed, failed, results_path);
  return failed == 0 ? kExitOk : kExitRuntime;
}

}  // namespace

void add_sweep_command(CLI::App& cli, Actions& actions) {
  auto o = std::make_shared<SweepOpts>();
  auto* cmd = cli.add_subcommand(
      "sweep",
      "run every point of a sweep file (grid / zip / random axes over config keys and run "
      "options), each as its own `kirchhoff run`, N at a time (docs/sweeps.md)");
  cmd->add_option("SWEEP", o->sweep_file, "sweep file (YAML)");
  cmd->add_option("--out", o->out, "output folder: sweep.json, results.csv, points/<id>/");
  cmd->add_option("-j,--jobs", o->jobs, "points run at once (default: the number of cores)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--resume", o->resume, "run only the points without a row in the results");
  cmd->add_flag("--dry-run", o->dry_run, "print the points and their count; run nothing");
  cmd->add_option("--point-timeout", o->point_timeout_s,
                  "seconds after which a point is killed and recorded as timeout");
  cmd->add_option("--shard", o->shard, "run only shard I of N (points k with k mod N = I)");
  add_progress_flags(*cmd, &o->progress);
  cmd->add_flag("--emit-slurm", o->emit_slurm, "write DIR/sweep.sbatch (a Slurm job array)");
  cmd->add_flag("--slurm", o->slurm, "submit the job array with sbatch --wait, then collect");
  cmd->add_option("--array-size", o->array_size,
                  "Slurm array tasks (shards; default min(points, 16))");
  cmd->add_option("--slurm-opt", o->slurm_opts, "K=V: #SBATCH --K=V in the script (repeatable)");
  cmd->add_option("--collect", o->collect, "merge DIR's shard results into DIR/results.csv");
  actions["sweep"] = [o] {
    if (!o->collect.empty()) {
      if (!o->sweep_file.empty()) {
        throw UsageError(
            "sweep --collect DIR takes no SWEEP file (DIR/sweep.json names the points)");
      }
      return collect_command(o->collect);
    }
    if (o->sweep_file.empty()) {
      throw UsageError(
          "sweep: the SWEEP file is missing; allowed: kirchhoff sweep SWEEP.yaml "
          "--out DIR, or kirchhoff sweep --collect DIR");
    }
    const LoadedSweep s = load_sweep(o->sweep_file);
    if (o->dry_run) {
      print_dry_run(s);
      return kExitOk;
    }
    if (o->out.empty()) throw UsageError("sweep: --out DIR is missing; allowed: an output folder");
    if (o->emit_slurm || o->slurm) {
      return slurm_command({o->sweep_file, o->out, o->array_size, o->slurm_opts, o->slurm}, s);
    }
    return run_sweep(*o, s);
  };
}

}  // namespace kirchhoff::app
