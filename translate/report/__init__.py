"""Comparison -> what readers and scripts see: Markdown (``render_markdown``) and JSON (``render_json``).

The renderers compute nothing new: every figure, verdict and word diff arrives
in the Comparison. Article text is untrusted and is escaped in one place per
format (``markdown.md`` for Markdown).
"""

from .json import JSON_SCHEMA_VERSION, render_json
from .markdown import md, render_markdown

__all__ = ["JSON_SCHEMA_VERSION", "md", "render_json", "render_markdown"]
