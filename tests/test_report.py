from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from translate.report import md

HOSTILE = [
    "a | b | c",
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "<!-- hidden --> text",
    "# not a heading",
    "`code` and *stars* and _under_",
    "1. not a list",
    "- not a bullet",
    "&lt;b&gt; stays text",
    "back\\slash | pipe",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_md_keeps_a_table_row_whole_and_inert(text):
    table = f"| id | text |\n| --- | --- |\n| x | {md(text)} |\n"
    html = MarkdownIt("commonmark").enable("table").render(table)
    row = html.split("<tbody>")[1]
    assert row.count("<td>") == 2
    for raw in ("<script", "<!--", "<a ", "<code>", "<em>", "<strong>", "<h1>", "<ol>", "<ul>"):
        assert raw not in row


@pytest.mark.parametrize("text", HOSTILE)
def test_md_text_reads_back_the_same_in_a_paragraph(text):
    html = MarkdownIt("commonmark").render(md(text))
    from html import unescape

    shown = unescape(html.removeprefix("<p>").removesuffix("</p>\n"))
    assert shown == " ".join(text.split())
