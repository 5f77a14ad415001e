"""The one stylesheet of every HTML file dl-rosetta writes: the reports (conformance, benchmark, comparison) and
the equation pages (rosetta.pages). Each rule is written once: CSS holds what every document shares (type,
tables, the colours of a status, code), REPORT_CSS and PAGES_CSS add each kind's own layout to it.

A status cell carries the class "s-<status>" (s-pass, s-fail, s-error, s-xpass, s-xfail, s-diverged) in every
document. A Python string, not a .css file: nothing to declare as package data, nothing to find at run time.
"""

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1f2328; }
h2 { border-bottom: 1px solid #d0d7de; padding-bottom: 0.2em; }
.muted { color: #59636e; }
table.data { border-collapse: collapse; font-size: 0.85em; margin: 0.6em 0; }
table.data th, table.data td { border: 1px solid #d0d7de; padding: 3px 7px; text-align: left; vertical-align: top; }
table.data th { background: #f6f8fa; }
table.data td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.s-pass { background: #eef9f0; } td.s-xfail { background: #eee6f7; }
td.s-fail, td.s-error, td.s-xpass, td.s-diverged { background: #ffc9c9; font-weight: 600; color: #82071e; }
code { background: #f6f8fa; padding: 0 4px; border-radius: 4px; }
summary { cursor: pointer; color: #0969da; }
"""

REPORT_CSS = (
    CSS
    + """body { margin: 1.5em 2em; max-width: 1500px; }
h1 { margin-bottom: 0.2em; } h2 { margin-top: 1.6em; }
.verdict { font-size: 1.25em; font-weight: 600; padding: 0.4em 0.8em; border-radius: 6px; display: inline-block; }
.verdict.pass { background: #dafbe1; color: #116329; } .verdict.fail { background: #ffebe9; color: #a40e26; }
.note { color: #59636e; font-style: italic; }
table.data thead th { position: sticky; top: 0; }
table.data tbody th { font-weight: 600; }
table.data td.msg { max-width: 60em; word-break: break-word; }
td.near { background: #fff1b8; } td.over { background: #ffc9c9; font-weight: 600; }
td.s-pass.near { background: #fff1b8; }
.legend span { display: inline-block; padding: 1px 8px; margin-right: 6px; border: 1px solid #d0d7de; }
figure { margin: 1em 0 2em 0; } figure img { max-width: 100%; border: 1px solid #d0d7de; }
figcaption { color: #59636e; font-size: 0.9em; margin-top: 0.3em; max-width: 80em; }
details { margin: 0.6em 0; }
nav.toc a { margin-right: 1em; font-size: 0.9em; color: #0969da; text-decoration: none; }
"""
)

PAGES_CSS = (
    CSS
    + """body { margin: 1.5em auto; max-width: 1200px; padding: 0 1.5em; line-height: 1.45; }
nav { font-size: 0.95em; margin-bottom: 1em; } nav a { color: #0969da; text-decoration: none; }
nav .here { font-weight: 600; }
h1 { font-size: 1.8em; margin: 0.3em 0; }
h2 { margin-top: 2.2em; }
h3 { font-size: 1em; margin: 1.2em 0 0.4em 0; color: #59636e; }
.math { font-family: "Cambria Math", "STIX Two Math", "Latin Modern Math", Cambria, "Times New Roman", serif;
        font-size: 1.25em; font-weight: normal; }
.math sup, .math sub { font-size: 0.7em; }
h2 .n { color: #59636e; font-weight: 600; margin-right: 0.4em; }
.tag, .shapes, .muted { color: #59636e; font-size: 0.92em; margin: 0.2em 0; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
code { font-size: 0.9em; }
.impl { display: grid; grid-template-columns: 12em 1fr; gap: 0 1em; border-top: 1px solid #eaeef2;
        padding: 0.45em 0; align-items: start; }
.impl .who { font-weight: 600; font-size: 0.92em; }
.impl .where { color: #59636e; font-size: 0.85em; margin: 0.1em 0 0.15em 0; }
.impl .where a { color: #0969da; text-decoration: none; }
.impl .where + pre { margin-bottom: 0.5em; }
.impl pre { margin: 0; background: #f6f8fa; padding: 0.4em 0.6em; border-radius: 6px; overflow-x: auto;
            font-size: 0.86em; }
.impl .why { color: #59636e; font-style: italic; font-size: 0.92em; }
.ln { color: #8c959f; display: inline-block; min-width: 2.6em; user-select: none; }
.cm { color: #6e7781; }
aside.note { background: #fff8c5; border-left: 4px solid #d4a72c; padding: 0.5em 0.9em; margin: 0.8em 0;
             font-size: 0.93em; }
details { margin: 0.4em 0; } summary { font-size: 0.92em; }
"""
)
