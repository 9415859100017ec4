"""Reading a sweep's results.csv (docs/sweeps.md, "results.csv columns") for tools/plot_sweep.py
and tools/report.py: the axis columns, the ok rows, the mean and spread over replicates, and
Pareto fronts. Debian python3-pandas.

Columns: `point`, one column per axis key (in sweep-file order, e.g. `tile.adc.bits`,
`run.samples`), `replicate`, `seed`, `status`, `exit_code`, `wall_s`, the metrics, `error`.
The axis columns are the ones between `point` and `replicate`. Two rows are replicates of one
configuration when they differ only in `replicate` and `seed` (and the point id).
"""
import difflib
import math
import os

import pandas as pd

# Metrics where larger is better; every other metric (energy, latency, error, time) is
# minimised. A Pareto axis may name its direction explicitly: `top1_chip:max`.
MAXIMISED = {
    "top1_chip",
    "top1_reference",
    "throughput_samples_per_s",
    "tops",
    "tops_per_w",
    "tile_tops_per_w",
    "chip_tops_per_w",
    "system_tops_per_w",
}


class ResultsError(Exception):
    """Bad input: the message names the file, the column and what is allowed (exit 2)."""


def load(path):
    """The CSV as a DataFrame (every cell a string), with its axis columns. Refuses a missing
    or empty file and a file without the contract's `point`/`replicate`/`status` columns."""
    if not os.path.isfile(path):
        raise ResultsError(f"{path}: no such file")
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except pd.errors.EmptyDataError:
        raise ResultsError(f"{path}: empty file (no header, no rows)") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as e:
        raise ResultsError(f"{path}: not a CSV file: {e}") from None
    cols = list(df.columns)
    for needed in ("point", "replicate", "status"):
        if needed not in cols:
            raise ResultsError(
                f"{path}: no column '{needed}'; a sweep's results.csv starts with "
                f"point, <axis keys>, replicate, seed, status (docs/sweeps.md)")
    start, end = cols.index("point"), cols.index("replicate")
    if end < start:
        raise ResultsError(f"{path}: column 'replicate' comes before 'point'")
    return df, cols[start + 1:end]


def ok_rows(df, path):
    """The rows of points that finished with status ok; an error when there are none."""
    if df.empty:
        raise ResultsError(f"{path}: no rows (only the header)")
    ok = df[df["status"] == "ok"]
    if ok.empty:
        statuses = ", ".join(sorted(set(df["status"])))
        raise ResultsError(f"{path}: no row with status ok ({len(df)} rows: {statuses})")
    return ok.copy()


def check_column(df, path, column, what):
    if column not in df.columns:
        close = difflib.get_close_matches(column, list(df.columns), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise ResultsError(f"{path}: {what} '{column}' is not a column{hint} "
                           f"(columns: {', '.join(df.columns)})")


def numeric(df, path, column, what):
    """The column as floats; an error naming the first non-numeric cell (empty cells count as
    missing and are refused only when every cell is empty)."""
    values = []
    for i, cell in zip(df.index, df[column]):
        if cell == "":
            values.append(math.nan)
            continue
        try:
            values.append(float(cell))
        except ValueError:
            raise ResultsError(
                f"{path}: {what} '{column}' must be numeric; row {i + 2} (point "
                f"{df.at[i, 'point']}) has '{cell}'") from None
    s = pd.Series(values, index=df.index, dtype=float)
    if s.isna().all():
        raise ResultsError(f"{path}: {what} '{column}' is empty in every ok row")
    return s


def axis_values(series):
    """The axis values in their natural order: numerically when all are numbers, else in
    order of first appearance. Returns (sorted distinct strings, key function)."""
    distinct = list(dict.fromkeys(series))
    try:
        nums = {v: float(v) for v in distinct}
        distinct.sort(key=lambda v: nums[v])
        return distinct, True
    except ValueError:
        return distinct, False


def log_scale(values, numeric):
    """Whether an axis reads better on a log scale: positive numbers spanning >= 3 decades
    (a log-uniform random axis such as the time since programming)."""
    if not numeric or not values:
        return False
    nums = [float(v) for v in values]
    return min(nums) > 0 and max(nums) / min(nums) >= 1000


MAX_LINES = 20


def unconnected(agg, line_keys):
    """True when lines through the configurations of the other axes would say little: fewer
    than 2 points per line on average (a random search, where each configuration has its own
    value of every axis) or more than MAX_LINES lines. The plots then draw the configurations
    as unconnected points."""
    if not line_keys:
        return False
    sizes = agg.groupby(line_keys, sort=False).size()
    return len(sizes) > MAX_LINES or float(sizes.mean()) < 2


def aggregate(df, y_values, keys):
    """Mean, sample standard deviation (0 when one replicate) and count of y per distinct
    combination of `keys`; rows with an empty y are left out. Returns a DataFrame with the
    keys' columns (strings) and mean, std, n."""
    d = df[keys].copy()
    d["_y"] = y_values
    d = d[~d["_y"].isna()]
    by = keys if keys else (lambda _: "all")  # no axes: every row replicates one point
    g = d.groupby(by, sort=False)["_y"]
    out = pd.DataFrame({"mean": g.mean(), "std": g.std(ddof=1).fillna(0.0), "n": g.count()})
    return out.reset_index(drop=not keys)


def direction(metric, explicit=None):
    """'max' or 'min' for a Pareto axis: the explicit suffix if given, else MAXIMISED."""
    if explicit:
        return explicit
    return "max" if metric in MAXIMISED else "min"


def parse_pareto(spec):
    """`X,Y` or `X:min,Y:max` -> [(X, dir), (Y, dir)]; raises ResultsError when malformed."""
    parts = spec.split(",")
    if len(parts) != 2 or not all(parts):
        raise ResultsError(f"--pareto '{spec}': expected two metrics X,Y "
                           f"(each optionally :min or :max), e.g. energy_total_pj,top1_chip")
    axes = []
    for p in parts:
        name, _, d = p.partition(":")
        if d not in ("", "min", "max"):
            raise ResultsError(f"--pareto '{spec}': direction '{d}' of '{name}' must be "
                               f"min or max")
        axes.append((name, direction(name, d or None)))
    return axes


def pareto_front(xs, ys, x_dir, y_dir):
    """Indices of the non-dominated points: no other point is at least as good on both axes
    and better on one. Sorted by x."""
    sx = 1.0 if x_dir == "min" else -1.0
    sy = 1.0 if y_dir == "min" else -1.0
    pts = [(sx * x, sy * y, i) for i, (x, y) in enumerate(zip(xs, ys))]
    front = []
    for a in pts:
        dominated = any(
            b[0] <= a[0] and b[1] <= a[1] and (b[0] < a[0] or b[1] < a[1]) for b in pts)
        if not dominated:
            front.append(a[2])
    front.sort(key=lambda i: (xs[i], ys[i]))
    return front


def label(row, keys):
    """`key=value, ...` of a configuration."""
    return ", ".join(f"{k}={row[k]}" for k in keys)


def write_atomic(out, write):
    """Calls write(tmp) on a temporary name beside `out` (same extension, so writers that pick
    the format from it still can) and renames it onto `out`: readers see the old file or the
    whole new one, never half of it. On OSError the temporary file is removed and the error
    re-raised."""
    root, ext = os.path.splitext(out)
    tmp = root + ".partial" + ext
    try:
        write(tmp)
        os.replace(tmp, out)
    except OSError:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def splice_table(path, marker, table):
    """Replaces what lies between the two `marker` lines of the text file at `path` with `table`
    (the file keeps everything outside them), written with write_atomic: a reader sees the old
    document or the new one, never half of it. A file without exactly two markers raises
    ValueError naming the file, the marker and how many it holds, and is left unchanged."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    parts = text.split(marker)
    if len(parts) != 3:
        raise ValueError(f"{path}: expected two {marker} markers around the table, found "
                         f"{len(parts) - 1}")
    spliced = parts[0] + marker + "\n" + table + "\n" + marker + parts[2]

    def write(tmp):
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(spliced)

    write_atomic(path, write)
