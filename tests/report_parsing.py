"""Reading the reports back, for the tests: Markdown pipe tables, HTML tables with their cell classes, and the
records.csv computed on independently of pandas (the csv module), so a test compares two separate readings."""

import csv
import math
import re
from html.parser import HTMLParser

SEVERITY = ("pass", "xfail", "xpass", "fail", "error")
CELL = ("backend", "device", "dtype", "profile", "model")


def markdown_table(text, heading):
    """The first pipe table after the line `heading` (e.g. "## Cells"), as a list of {column: text} rows."""
    lines = text.splitlines()
    start = lines.index(heading)
    rows = []
    for line in lines[start + 1 :]:
        if line.startswith("|"):
            rows.append([cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", line)[1:-1]])
        elif rows:
            break
    header, body = rows[0], rows[2:]  # rows[1] is the |---| line
    return [dict(zip(header, row, strict=True)) for row in body]


class _Tables(HTMLParser):
    """Every <table id=...>: its rows, each a list of (tag, text, classes) for th and td cells."""

    def __init__(self):
        super().__init__()
        self.tables, self.table, self.row, self.cell = {}, None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.table = self.tables.setdefault(attrs.get("id", f"table{len(self.tables)}"), [])
        elif tag == "tr" and self.table is not None:
            self.row = []
            self.table.append(self.row)
        elif tag in ("td", "th") and self.row is not None:
            self.cell = [tag, "", set((attrs.get("class") or "").split())]
            self.row.append(self.cell)

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.cell = None
        elif tag == "table":
            self.table = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[1] += data


def html_tables(html):
    parser = _Tables()
    parser.feed(html)
    return {name: [[(tag, text.strip(), classes) for tag, text, classes in row] for row in rows]
            for name, rows in parser.tables.items()}  # fmt: skip


def html_rows(html, table_id):
    """A Styler table's rows as {column: (text, classes)}, its header being the last row of <th> only."""
    rows = html_tables(html)[table_id]
    header_rows = [r for r in rows if r and all(tag == "th" for tag, _, _ in r)]
    body = [r for r in rows if any(tag == "td" for tag, _, _ in r)]
    header = [text for _, text, _ in header_rows[-1]]
    names = [text for _, text, _ in header_rows[0]]  # the grid's first header row holds the model names
    out = []
    for row in body:
        cells = {}
        for i, (_, text, classes) in enumerate(row):
            column = header[i] if header[i] else names[i]
            cells[column] = (text, classes)
        out.append(cells)
    return out


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def number(text):
    """A report's number text as a float (NaN for an empty cell)."""
    return float("nan") if text in ("", None) else float(text)


def close(text, value, digits=3):
    """True when a number printed with `digits` significant digits is `value` (both empty/NaN counts)."""
    shown = number(text)
    if math.isnan(value) or math.isnan(shown):
        return math.isnan(value) and math.isnan(shown)
    if math.isinf(value) or value == 0:
        return shown == value
    return abs(shown - value) <= 0.5 * 10 ** (math.floor(math.log10(abs(value))) - digits + 1) * 1.0001


def expected_cells(records_csv):
    """{cell: (worst status, worst fraction used)} computed from the raw CSV rows."""
    cells = {}
    for r in read_csv(records_csv):
        cell = tuple(r[c] for c in CELL)
        status, fraction = cells.get(cell, ("pass", float("nan")))
        if SEVERITY.index(r["status"]) > SEVERITY.index(status):
            status = r["status"]
        if r["fraction_used"] not in ("", "nan"):
            value = float(r["fraction_used"])
            fraction = value if math.isnan(fraction) else max(fraction, value)
        cells[cell] = (status, fraction)
    return cells


def label_parts(label):
    """Split a grid label: "FAIL 12.5" -> ("fail", "12.5"); "ERROR" -> ("error", "")."""
    word, _, number_text = label.partition(" ")
    return word.lower(), number_text
