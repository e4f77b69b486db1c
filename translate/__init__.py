"""translate-compare: what one language's coverage of a story says that another's does not.

The library is usable without the CLI::

    from translate import RunSettings, TranslationSettings, compare_corpus, render_markdown
    settings = RunSettings(translation=TranslationSettings(translations="corpus/reference/000.en.tsv"))
    print(render_markdown(compare_corpus("corpus", settings)))

Names are imported on first use (PEP 562), so ``import translate`` (and the
command's ``--help``) does not pay for numpy, scipy and the matcher.
"""

from __future__ import annotations

import importlib

from .version import __version__ as __version__

# Public name -> the module that defines it.
_EXPORTS = {
    "Candidate": "records",
    "Claim": "records",
    "Comparison": "records",
    "Document": "records",
    "Group": "records",
    "Kind": "records",
    "Match": "records",
    "MatchSettings": "records",
    "RunSettings": "records",
    "Segment": "records",
    "Status": "records",
    "TranslationSettings": "records",
    "Verdict": "records",
    "CorpusError": "errors",
    "MissingTranslationsError": "errors",
    "ModelUnavailableError": "errors",
    "OutputError": "errors",
    "TranslateCompareError": "errors",
    "TranslationsFileError": "errors",
    "MATCH_THRESHOLD": "match",
    "score_pairs": "match",
    "compare_corpus": "pipeline",
    "segment_file": "pipeline",
    "translate_file": "pipeline",
    "render_html": "report",
    "render_json": "report",
    "render_markdown": "report",
}

__all__ = sorted([*_EXPORTS, "__version__"])


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
