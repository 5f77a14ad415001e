"""The equation-to-code pages: one per course model, in Markdown and self-contained HTML, built from the tags.

For each equation the page shows: the equation (typeset with HTML only, rosetta.notation), its tag as it appears
in the code, the shapes of its symbols in general and for this model, the lines of every implementation that
compute it (read from the installed source by rosetta.tags), the conventions that differ there
(rosetta.conventions), and how closely each backend agreed with the reference in a run (rosetta.agreement).

    build_pages(rosetta, records)       -> [Page]   what the pages say, as data (build)
    render_markdown(page), render_html(page)        the page laid out (markdown, html)
    write_docs(out_dir, rosetta, records)  -> the files written (index + one page per model, .md and .html; write)

spec -> build -> markdown, html -> write: each module imports only those before it.
The pages depend only on the source and the records given, never on the clock or the machine that renders
them, so `dlrosetta docs --out docs --results docs/run` reproduces the committed docs/ byte for byte.
"""

from rosetta.pages.build import (
    INDEX_INTRO,
    REFRESH,
    CodeBlock,
    Page,
    Section,
    build_pages,
    equations_table,
    implementations_table,
    layer_table,
    run_sentence,
    shapes_here,
)
from rosetta.pages.html import render_html, render_index_html
from rosetta.pages.markdown import render_index_markdown, render_markdown
from rosetta.pages.spec import PAGES, PageSpec
from rosetta.pages.write import PAGE_COLUMNS, ROUNDED, render_all, slim_run, write_docs

__all__ = [
    "INDEX_INTRO", "PAGES", "PAGE_COLUMNS", "REFRESH", "ROUNDED", "CodeBlock", "Page", "PageSpec", "Section",
    "build_pages", "equations_table", "implementations_table", "layer_table", "render_all", "render_html",
    "render_index_html", "render_index_markdown", "render_markdown", "run_sentence", "shapes_here", "slim_run",
    "write_docs",
]  # fmt: skip
