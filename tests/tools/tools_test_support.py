"""Paths and helpers shared by the tests of tools/plot_sweep.py and tools/report.py (run by
ctest with KIRCHHOFF_BINARY and KIRCHHOFF_SOURCE_DIR set, see CMakeLists.txt)."""
import os
import subprocess
import sys

SOURCE_DIR = os.environ.get(
    "KIRCHHOFF_SOURCE_DIR",
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
BINARY = os.environ.get("KIRCHHOFF_BINARY", os.path.join(SOURCE_DIR, "build", "release",
                                                         "kirchhoff"))
TOOLS = os.path.join(SOURCE_DIR, "tools")
PYTHON = "/usr/bin/python3"
sys.path.insert(0, TOOLS)


def tool(name, *args):
    """Runs tools/NAME with /usr/bin/python3; returns the CompletedProcess (text)."""
    return subprocess.run([PYTHON, os.path.join(TOOLS, name), *args], capture_output=True,
                          text=True, timeout=120)


def chromium(page, screenshot, window="1400,2000"):
    """Loads the file in headless Debian chromium; returns the DOM after its scripts ran and
    writes the screenshot PNG."""
    r = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--window-size={window}",
         "--virtual-time-budget=10000", f"--screenshot={screenshot}", "--dump-dom",
         "file://" + os.path.abspath(page)],
        capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise RuntimeError(f"chromium exited {r.returncode}: {r.stderr[-2000:]}")
    return r.stdout


def png_colours(path):
    """(distinct colours, fraction of pixels that are not the most common colour)."""
    import numpy as np
    from matplotlib import image
    px = (image.imread(path)[:, :, :3] * 255).round().astype(np.uint32)
    packed = (px[:, :, 0] << 16) | (px[:, :, 1] << 8) | px[:, :, 2]
    colours, counts = np.unique(packed, return_counts=True)
    return len(colours), 1.0 - counts.max() / counts.sum()
