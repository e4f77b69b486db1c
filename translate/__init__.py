"""translate-compare: what one language's coverage of a story says that another's does not.

The library is usable without the CLI::

    from translate import compare_corpus, render_markdown
    comparison = compare_corpus("corpus", translations="corpus/reference/000.en.tsv")
    print(render_markdown(comparison))
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("translate-compare")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

from .errors import (  # noqa: E402
    CorpusError,
    MissingTranslationsError,
    ModelUnavailableError,
    OutputError,
    TranslateCompareError,
    TranslationsFileError,
)
from .match import MATCH_THRESHOLD, score_pairs  # noqa: E402
from .pipeline import compare_corpus, segment_file, translate_file  # noqa: E402
from .records import Claim, Comparison, Document, Group, Kind, Match, Segment, Status, Verdict  # noqa: E402
from .report import render_json, render_markdown  # noqa: E402

__all__ = [
    "Claim",
    "Comparison",
    "CorpusError",
    "Document",
    "Group",
    "Kind",
    "MATCH_THRESHOLD",
    "Match",
    "MissingTranslationsError",
    "ModelUnavailableError",
    "OutputError",
    "Segment",
    "Status",
    "TranslateCompareError",
    "TranslationsFileError",
    "Verdict",
    "__version__",
    "compare_corpus",
    "render_json",
    "render_markdown",
    "score_pairs",
    "segment_file",
    "translate_file",
]
