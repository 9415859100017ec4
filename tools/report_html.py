"""The page frame of tools/report.py: one self-contained HTML file, plotly's JavaScript embedded
from the Debian package (python3-plotly), no network access needed to view it.

Every page records the JavaScript errors it meets (window error events, unhandled promise
rejections, console.error) into <pre id="kirchhoff-errors" data-count="N">, so a headless
browser's DOM dump shows whether the page ran cleanly; <meta name="kirchhoff-charts"> holds the
number of charts the page draws (each a div of class kirchhoff-chart). Tables of class
`sortable` sort by a click on a column header (numbers numerically, by the cell's data-value).
"""
import html
import math

import plotly.io as pio
from plotly.offline import get_plotlyjs

ERROR_CAPTURE_JS = """
window.kirchhoffErrors = [];
(function () {
  function show() {
    var el = document.getElementById('kirchhoff-errors');
    if (!el) return;
    el.textContent = window.kirchhoffErrors.join('\\n');
    el.setAttribute('data-count', String(window.kirchhoffErrors.length));
    el.hidden = window.kirchhoffErrors.length === 0;
  }
  function record(msg) { window.kirchhoffErrors.push(String(msg)); show(); }
  window.addEventListener('error', function (e) {
    record('error: ' + e.message + ' (' + (e.filename || '') + ':' + (e.lineno || '') + ')');
  });
  window.addEventListener('unhandledrejection', function (e) {
    record('unhandled rejection: ' + e.reason);
  });
  var original = console.error;
  console.error = function () {
    record('console.error: ' + Array.prototype.join.call(arguments, ' '));
    return original.apply(console, arguments);
  };
  document.addEventListener('DOMContentLoaded', show);
})();
"""

SORT_JS = """
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('table.sortable').forEach(function (table) {
    table.querySelectorAll('th').forEach(function (th, col) {
      th.addEventListener('click', function () {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var up = th.getAttribute('data-sort') !== 'asc';
        table.querySelectorAll('th').forEach(function (h) { h.removeAttribute('data-sort'); });
        th.setAttribute('data-sort', up ? 'asc' : 'desc');
        function key(r) {
          var c = r.cells[col];
          var v = c.getAttribute('data-value');
          return v !== null && v !== '' ? parseFloat(v) : c.textContent;
        }
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          var d = (typeof x === 'number' && typeof y === 'number') ? x - y
                  : String(x).localeCompare(String(y));
          return up ? d : -d;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
});
"""

CSS = """
body { font-family: sans-serif; margin: 1.5em; color: #222; max-width: 1400px; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; font-size: 0.85em; margin: 0.5em 0; }
th, td { border: 1px solid #ddd; padding: 2px 6px; text-align: right; }
th { background: #f0f0f0; } td.text, th.text { text-align: left; }
table.sortable th { cursor: pointer; }
table.sortable th[data-sort=asc]::after { content: ' \\25B2'; }
table.sortable th[data-sort=desc]::after { content: ' \\25BC'; }
.scroll { overflow-x: auto; max-height: 40em; overflow-y: auto; }
pre { background: #f7f7f7; padding: 0.5em; font-size: 0.8em; overflow-x: auto; }
#kirchhoff-errors { background: #fdd; color: #900; }
.note { color: #555; font-size: 0.9em; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(600px, 1fr)); gap: 1em; }
tr.failed td { background: #fee; }
"""


def esc(s):
    return html.escape(str(s), quote=True)


def fmt(v):
    """A number with 6 significant digits, or the text as it is."""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if isinstance(v, float) and not math.isfinite(v):
            return str(v)
        return f"{v:.6g}"
    return str(v)


def table(headers, rows, sortable=False, row_classes=None):
    """rows: lists of cells; a cell that parses as a number is right-aligned and sorts as one
    (its data-value), shown exactly when an integer, else to 6 significant digits."""
    out = [f'<table class="{"sortable" if sortable else ""}"><thead><tr>']
    for h in headers:
        out.append(f"<th>{esc(h)}</th>")
    out.append("</tr></thead><tbody>")
    for i, r in enumerate(rows):
        cls = f' class="{row_classes[i]}"' if row_classes and row_classes[i] else ""
        out.append(f"<tr{cls}>")
        for c in r:
            try:
                num = float(c) if not isinstance(c, bool) and c != "" else None
            except (TypeError, ValueError):
                num = None
            if num is not None and math.isfinite(num):
                # integers (seeds, counts) exactly, other numbers to 6 significant digits
                integer = isinstance(c, int) or (isinstance(c, str) and c.lstrip("-").isdigit())
                shown = str(c) if integer else fmt(num)
                out.append(f'<td data-value="{num!r}">{esc(shown)}</td>')
            else:
                out.append(f'<td class="text">{esc(c)}</td>')
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


class Page:
    def __init__(self, title):
        self.title = title
        self.parts = []
        self.charts = 0

    def h2(self, text):
        self.parts.append(f"<h2>{esc(text)}</h2>")

    def note(self, text):
        self.parts.append(f'<p class="note">{esc(text)}</p>')

    def raw(self, fragment):
        self.parts.append(fragment)

    def begin_grid(self):
        self.parts.append('<div class="grid">')

    def end_grid(self):
        self.parts.append("</div>")

    def chart(self, fig, height=420):
        fig.update_layout(height=height, margin=dict(l=60, r=30, t=50, b=60),
                          template="plotly_white")
        cid = f"chart-{self.charts}"
        spec = pio.to_json(fig, validate=True).replace("</", "<\\/")
        self.parts.append(
            f'<div class="kirchhoff-chart" id="{cid}" style="height:{height}px"></div><script>'
            f"(function () {{ var f = {spec}; Plotly.newPlot('{cid}', f.data, f.layout, "
            "{displaylogo: false, responsive: true}); })();</script>")
        self.charts += 1

    def render(self):
        return (
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{esc(self.title)}</title>"
            f'<meta name="kirchhoff-charts" content="{self.charts}">'
            f"<script>{ERROR_CAPTURE_JS}</script>"
            f"<script>{get_plotlyjs()}</script>"
            f"<script>{SORT_JS}</script><style>{CSS}</style></head><body>"
            '<pre id="kirchhoff-errors" data-count="0" hidden></pre>'
            f"<h1>{esc(self.title)}</h1>" + "\n".join(self.parts) + "</body></html>\n")
