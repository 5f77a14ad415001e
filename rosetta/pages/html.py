"""The equation-to-code pages as self-contained HTML: inline CSS, no script, no font, no image, nothing to fetch.

The content is rosetta.pages.build's Page; this module only lays it out (the stylesheet: reports.style).
Equations are typeset with <sup>/<sub> and Unicode (rosetta.notation.math_html), code is escaped text in <pre>
with its line numbers.
"""

import html
import re

from reports.formatting import display_frame
from reports.style import PAGES_CSS
from rosetta.notation import math_html, shape_line
from rosetta.pages.build import (
    INDEX_INTRO,
    REFRESH,
    equations_table,
    implementations_table,
    layer_table,
    run_sentence,
    shapes_here,
)
from rosetta.pages.spec import PAGES

NUMERIC = {"records", "worst fraction used", "max abs error", "agreement", "layer l", "n[l]"}


def inline(text):
    """A note's Markdown-lite (`code`, **bold**) as HTML, everything else escaped."""
    out = html.escape(text, quote=False)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    return re.sub(r"\*\*([^*]+)\*\*", r"<b>\1</b>", out)


def links(text):
    """Markdown links [text](target) in a table cell as HTML links (the index's page column)."""
    return re.sub(r"\[([^\]]+)\]\(([^)]+)\)", lambda m: f'<a href="{m.group(2)}">{m.group(1)}</a>', text)


def table(frame, raw=()):
    """A DataFrame as an HTML table with the reports' number formatting; columns in `raw` hold HTML already."""
    shown = display_frame(frame)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in shown.columns)
    rows = []
    for row in shown.itertuples(index=False):
        cells = []
        for column, value in zip(shown.columns, row, strict=True):
            text = str(value) if column in raw else html.escape(str(value))
            css = "num" if column in NUMERIC else (f"s-{text}" if column == "status" and text else "")
            cells.append(f'<td class="{css}">{text}</td>' if css else f"<td>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="data"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def code_html(code):
    """Code lines with their line numbers; a trailing comment greyed."""
    lines = []
    for number, line in code:
        text = html.escape(line)
        text = re.sub(r"(  # .*)$", r'<span class="cm">\1</span>', text)
        text = re.sub(r"^(\s*# .*)$", r'<span class="cm">\1</span>', text)
        lines.append(f'<span class="ln">{number}</span>{text}')
    return "<pre>" + "\n".join(lines) + "</pre>"


def block_body(block):
    """One block's right-hand side: where it is (function, file:lines), then its code or why there is none."""
    if not block.code:
        return f'<div class="why">{html.escape(block.reason)}.</div>'
    link = f'<a href="{html.escape(block.link)}">{html.escape(block.location)}</a>'
    where = f'<div class="where">{html.escape(block.heading)} · {link}</div>'
    if block.shared_with:
        return where + f'<div class="why">the {html.escape(block.shared_with)} line above</div>'
    return where + code_html(block.code)


def blocks_html(blocks):
    """One row per implementation (consecutive blocks of one implementation share its row)."""
    rows = []
    for block in blocks:
        if rows and rows[-1][0] == block.label:
            rows[-1][1].append(block_body(block))
        else:
            rows.append((block.label, [block_body(block)]))
    return "\n".join(
        f'<div class="impl"><div class="who">{html.escape(label)}</div><div>{"".join(bodies)}</div></div>'
        for label, bodies in rows
    )


def nav_html(current):
    items = ['<span class="here">index</span>' if current == "index" else '<a href="index.html">index</a>']
    for spec in PAGES:
        if spec.name == current:
            items.append(f'<span class="here">{html.escape(spec.title)}</span>')
        else:
            items.append(f'<a href="{spec.name}.html">{html.escape(spec.title)}</a>')
    return "<nav>" + " · ".join(items) + "</nav>"


def section_html(section, spec):
    parts = [
        f'<section id="eq-{section.number}">',
        f'<h2><span class="n">({section.number})</span><span class="math">{section.math}</span></h2>',
        f'<p class="tag">In the code: <code>{html.escape(section.tag)}</code></p>',
        f'<p class="shapes">Shapes: {html.escape(shape_line(section.number))}.<br>'
        f"Here: {html.escape(shapes_here(section.number, spec))}.</p>",
    ]
    parts.append(blocks_html(section.blocks))
    for title, blocks in section.activations:
        parts.append(f"<h3>{html.escape(title)}</h3>")
        parts.append(blocks_html(blocks))
    for note in section.notes:
        parts.append(f'<aside class="note"><b>{inline(note.title)}.</b> {inline(note.text)}</aside>')
    if not section.measured.empty:
        parts.append(f"<h3>Measured on {html.escape(section.measured_keys)}</h3>{table(section.measured)}")
    elif section.number == 4:
        parts.append(
            '<p class="muted">Not measured: no backend returns dA[L] (every L_model_backward starts from (5)).</p>'
        )
    parts.append("</section>")
    return "\n".join(parts)


def document(title, body):
    head = '<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
    head += f"<title>{html.escape(title)}</title>\n<style>{PAGES_CSS}</style>"
    return f'<!DOCTYPE html>\n<html lang="en"><head>{head}</head>\n<body>\n{body}\n</body></html>\n'


def render_html(page):
    """One model's page as a self-contained HTML document."""
    spec = page.spec
    counts = ", ".join(f"{n} {status}" for status, n in page.counts.items()) or "none"
    toc = " · ".join(f'<a href="#eq-{s.number}">({s.number})</a>' for s in page.sections)
    body = [
        nav_html(spec.name),
        "<!-- Generated by `dlrosetta docs` from the equation tags in the source and a run's records; "
        "do not edit by hand. -->",
        f"<h1>{html.escape(spec.title)} ({spec.week}): the equations in NumPy, PyTorch and JAX</h1>",
        f"<p>{inline(spec.intro)}</p>",
        f"<p>Model <code>{html.escape(spec.model.describe())}</code>, m = {spec.m} examples. Every line of code "
        "below is read from the installed source, under its tag <code># (N) ...</code>; "
        "<code>dlrosetta explain N</code> prints the same in a terminal.</p>",
        table(layer_table(spec)),
        f'<p class="muted">{inline(run_sentence(page.run, page.source))} Records of this model: {counts}.</p>',
        *[f'<aside class="note"><b>{inline(note.title)}.</b> {inline(note.text)}</aside>' for note in page.notes],
        f"<nav>Equations: {toc}</nav>",
    ]
    body += [section_html(section, spec) for section in page.sections]
    return document(f"dl-rosetta: {spec.title}", "\n".join(body))


def render_index_html(pages):
    """The index: the pages, the twelve equations, the implementations, the run."""
    run, source = (pages[0].run, pages[0].source) if pages else ({}, "")
    equations = equations_table("html")
    equations["equation"] = [f'<span class="math">{math_html(text)}</span>' for text in equations["equation"]]
    equations["pages"] = [links(text) for text in equations["pages"]]
    items = "".join(
        f'<li><a href="{spec.name}.html">{html.escape(spec.title)}</a> ({spec.week}): {inline(spec.intro)}</li>'
        for spec in PAGES
    )
    body = [
        nav_html("index"),
        f"<!-- Generated by `dlrosetta docs`; do not edit by hand. Refresh with: {REFRESH} -->",
        "<h1>dl-rosetta: the course's equations in NumPy, PyTorch and JAX</h1>",
        f"<p>{inline(INDEX_INTRO)}</p>",
        f"<h2>The pages</h2><ul>{items}</ul>",
        "<h2>The equations</h2>" + table(equations, raw=("equation", "pages")),
        "<h2>The implementations</h2>" + table(implementations_table()),
        f'<h2>The measurements</h2><p class="muted">{inline(run_sentence(run, source))}</p>',
        "<h2>In a terminal</h2><pre>dlrosetta explain 8                 # an equation, by its number\n"
        "dlrosetta explain dW                # a quantity\n"
        "dlrosetta explain L_model_backward  # a function: the equations in it and in what it calls\n"
        "dlrosetta explain --list</pre>"
        f"<p>Regenerate these pages after changing the code: <code>{REFRESH}</code>.</p>",
    ]
    return document("dl-rosetta: the equation-to-code pages", "\n".join(body))
