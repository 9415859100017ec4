// `kirchhoff sweep SWEEP.yaml --out DIR`: runs every point of a sweep file (sweep/sweep_spec.h)
// as its own `kirchhoff run` child process, N at a time, into DIR/points/<id>/, one row per
// finished point in DIR/results.csv; resumable, shardable, and submittable to Slurm as a job
// array (docs/sweeps.md).
#include <sys/wait.h>
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
#include "app/sweep_checks.h"
#include "app/sweep_progress.h"
#include "config/config_loader.h"
#include "sweep/collect.h"
#include "sweep/driver.h"
#include "sweep/manifest.h"
#include "sweep/point_config.h"
#include "sweep/results_csv.h"
#include "sweep/slurm_script.h"

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

std::string self_executable() {
  std::error_code ec;
  const fs::path p = fs::read_symlink("/proc/self/exe", ec);
  if (ec)
    throw std::runtime_error("cannot find the kirchhoff program (/proc/self/exe): " + ec.message());
  return p.string();
}

std::string absolute(const std::string& p) {
  return fs::absolute(fs::path(p)).lexically_normal().string();
}

// The loaded, expanded and checked sweep.
struct LoadedSweep {
  sweep::SweepSpec spec;
  std::string base_yaml;
  std::vector<sweep::SweepPoint> points;
};

LoadedSweep load_sweep(const std::string& file) {
  LoadedSweep s;
  s.spec = sweep::parse_sweep_file(file);
  s.points = sweep::expand_points(s.spec);
  s.base_yaml = sweep::base_config_yaml(s.spec);
  for (const auto& p : s.points) (void)check_point(s.spec, s.base_yaml, p);
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

// Creates DIR and writes sweep.json, or checks that DIR holds this very sweep. Returns the
// results file to write.
void prepare_out_dir(const LoadedSweep& s, const std::string& out) {
  const sweep::Manifest manifest = sweep::make_manifest(s.spec, s.base_yaml, s.points);
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec || !fs::is_directory(out)) {
    throw UsageError("sweep --out " + out + ": cannot create the folder" +
                     (ec ? ": " + ec.message() : std::string()));
  }
  const std::string path = out + "/sweep.json";
  if (fs::exists(path)) {
    sweep::StoredSweep stored;
    try {
      stored = sweep::read_manifest(path);
    } catch (const std::runtime_error& e) {
      throw UsageError(std::string("sweep --out ") + out + ": " + e.what() +
                       "; allowed: a new folder or the folder of this sweep");
    }
    if (stored.hash != manifest.hash) {
      throw UsageError("sweep --out " + out + ": the folder holds another sweep ('" + stored.name +
                       "', hash " + stored.hash + "; this one: '" + s.spec.name + "', hash " +
                       manifest.hash +
                       "): the sweep file, its base configuration or its points changed since; "
                       "allowed: the same sweep to --resume, or a new --out folder");
    }
    return;
  }
  sweep::write_file_atomic(path, manifest.json);
}

int collect_command(const std::string& dir) {
  sweep::CollectReport r;
  try {
    r = sweep::collect_results(dir);
  } catch (const std::runtime_error& e) {  // no sweep.json, a foreign file, a row of no point
    throw UsageError(std::string("sweep --collect: ") + e.what());
  }
  std::cout << "collected " << r.ok + r.failed.size() << " of " << r.total << " points from "
            << r.sources.size() << " file(s) into " << dir << "/results.csv: " << r.ok << " ok, "
            << r.failed.size() << " not ok, " << r.missing.size() << " missing\n";
  auto list = [](const std::vector<std::string>& ids) {
    std::string s;
    for (std::size_t i = 0; i < ids.size() && i < 20; ++i) s += (i ? ", " : "") + ids[i];
    if (ids.size() > 20) s += fmt::format(", ... ({} in all)", ids.size());
    return s;
  };
  if (!r.missing.empty()) std::cout << "  missing: " << list(r.missing) << "\n";
  if (!r.failed.empty()) std::cout << "  not ok: " << list(r.failed) << "\n";
  return r.missing.empty() && r.failed.empty() ? kExitOk : kExitRuntime;
}

bool in_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    const std::size_t end = std::min(dirs.find(':', start), dirs.size());
    const std::string d = dirs.substr(start, end - start);
    if (!d.empty() && ::access((d + "/" + program).c_str(), X_OK) == 0) return true;
    start = end + 1;
  }
  return false;
}

int slurm_command(const SweepOpts& o, const LoadedSweep& s) {
  if (o.slurm && !in_path("sbatch")) {
    throw UsageError(
        "sweep --slurm: sbatch is not installed (not found in PATH); allowed: a machine with "
        "Slurm's client commands (tools/slurm-local.sh start brings up a local cluster), or "
        "--emit-slurm to write the script and submit it elsewhere");
  }
  const std::size_t points = s.points.size();
  int array_size =
      o.array_size > 0 ? o.array_size : static_cast<int>(std::min<std::size_t>(points, 16));
  if (o.array_size < 0 || static_cast<std::size_t>(array_size) > points) {
    throw UsageError(fmt::format("sweep --array-size {}: allowed: integer in [1, {}] (the points)",
                                 o.array_size, points));
  }
  sweep::SlurmScriptRequest req;
  req.name = s.spec.name;
  req.kirchhoff = self_executable();
  req.sweep_file = absolute(o.sweep_file);
  req.out_dir = absolute(o.out);
  req.array_size = array_size;
  for (const auto& opt : o.slurm_opts) req.options.push_back(sweep::parse_slurm_option(opt));
  prepare_out_dir(s, o.out);
  std::error_code ec;
  fs::create_directories(req.out_dir + "/slurm", ec);
  const std::string script = req.out_dir + "/sweep.sbatch";
  sweep::write_file_atomic(script, sweep::slurm_script(req));
  if (!o.slurm) {
    std::cout << "wrote " << script << " (" << array_size << " array tasks for " << points
              << " points); submit it with:\n  sbatch " << script
              << "\nthen merge the shards: " << req.kirchhoff << " sweep --collect " << req.out_dir
              << "\n";
    return kExitOk;
  }
  std::cout << "submitting " << script << " (" << array_size << " array tasks)\n" << std::flush;
  const pid_t pid = ::fork();
  if (pid == 0) {
    const char* argv[] = {"sbatch", "--wait", "--parsable", script.c_str(), nullptr};
    ::execvp("sbatch", const_cast<char* const*>(argv));
    ::_exit(127);
  }
  int status = 0;
  if (pid < 0 || ::waitpid(pid, &status, 0) < 0) throw std::runtime_error("cannot run sbatch");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::cerr << "kirchhoff: sbatch --wait ended with "
              << (WIFEXITED(status) ? "exit code " + std::to_string(WEXITSTATUS(status))
                                    : std::string("a signal"))
              << " (a task failed or the job was cancelled); collecting what finished\n";
  }
  return collect_command(req.out_dir);
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
    const config::ChipConfig cfg = check_point(s.spec, s.base_yaml, p);
    sweep::write_file_atomic(dir + "/config.yaml", config::resolved_yaml(cfg));
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
    if (o->emit_slurm || o->slurm) return slurm_command(*o, s);
    return run_sweep(*o, s);
  };
}

}  // namespace kirchhoff::app
