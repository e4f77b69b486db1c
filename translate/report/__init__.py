"""Comparison -> what readers and scripts see: Markdown (``render_markdown``), JSON (``render_json``) and HTML (``render_html``).

The renderers compute nothing new: every figure, verdict and word diff arrives
in the Comparison. Article text is untrusted and is escaped in one place per
format (``markdown.md`` for Markdown).
"""

from .html import render_html
from .json import JSON_SCHEMA_VERSION, render_json
from .markdown import md, render_markdown

__all__ = ["JSON_SCHEMA_VERSION", "md", "render_html", "render_json", "render_markdown"]
