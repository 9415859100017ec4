"""What a headless browser's DOM dump (chromium --dump-dom) of a tools/report.py page shows:
the errors the page recorded and, per chart div, whether plotly drew marks into an svg."""
import html.parser


class _Parser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, chart id or None)
        self.charts = {}  # chart id -> {"svg": n, "marks": n}
        self.errors_count = None
        self.errors_text = ""
        self._in_errors = False
        self.expected_charts = None

    def _chart(self):
        for _, cid, _ in reversed(self.stack):
            if cid is not None:
                return self.charts[cid]
        return None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cid = None
        if tag == "div" and "kirchhoff-chart" in (a.get("class") or "").split():
            cid = a.get("id")
            self.charts[cid] = {"svg": 0, "points": 0, "lines": 0, "bars": 0, "images": 0}
        if tag == "meta" and a.get("name") == "kirchhoff-charts":
            self.expected_charts = int(a["content"])
        if tag == "pre" and a.get("id") == "kirchhoff-errors":
            self.errors_count = int(a.get("data-count", "-1"))
            self._in_errors = True
        c = self._chart()
        if c is not None and not self._inside_class("legend"):
            cls = (a.get("class") or "").split()
            if tag == "svg" and "main-svg" in cls:
                c["svg"] += 1
            # drawn marks (not the legend's samples): scatter points and lines, bars, heat
            # map images; a path without a d, or "M0,0Z", draws nothing
            d = a.get("d") or ""
            drawn = d not in ("", "M0,0Z")
            if tag == "path" and drawn and self._inside_class("bars"):
                c["bars"] += 1  # g.trace.bars > g.point > path
            elif tag == "path" and "point" in cls and drawn:
                c["points"] += 1
            if tag == "path" and "js-line" in cls and drawn:
                c["lines"] += 1
            if tag == "image" and self._inside_class("hm"):
                c["images"] += 1
        if tag not in ("meta", "link", "br", "img", "input", "hr", "image", "path", "rect",
                       "line", "circle", "use", "stop"):
            self.stack.append((tag, cid, (a.get("class") or "").split()))

    def _inside_class(self, name):
        return any(name in cls for _, _, cls in self.stack)

    def marks(self, cid):
        c = self.charts[cid]
        return c["points"] + c["lines"] + c["bars"] + c["images"]

    def handle_endtag(self, tag):
        if tag == "pre":
            self._in_errors = False
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if self._in_errors:
            self.errors_text += data


def inspect(dom_text):
    p = _Parser()
    p.stack = []
    p.feed(dom_text)
    return p
