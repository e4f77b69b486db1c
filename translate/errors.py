"""The exceptions users see. Each message says what went wrong and what to do next.

The library raises these and never exits; ``cli.py`` prints the message as one
paragraph and exits with ``exit_code`` (1: the run failed, 2: bad input).
"""

from __future__ import annotations


class TranslateCompareError(Exception):
    """Base class: a problem the user can fix, explained in the message."""

    exit_code = 1


class CorpusError(TranslateCompareError):
    """The corpus folder, a file in it or its manifest cannot be used."""

    exit_code = 2


class TranslationsFileError(TranslateCompareError):
    """The --translations file cannot be read or parsed."""

    exit_code = 2


class ModelUnavailableError(TranslateCompareError):
    """The translation model cannot be had: not downloaded, offline, or a wrong path."""

    exit_code = 1


class MissingTranslationsError(TranslateCompareError):
    """Some sentences are covered neither by the supplied file nor by a model."""

    exit_code = 1


class OutputError(TranslateCompareError):
    """The report or JSON cannot be written where the user asked."""

    exit_code = 2


class ModelArgumentError(ModelUnavailableError):
    """--model (or --embeddings) names a folder that is not there, or not a model of the right kind: bad input."""

    exit_code = 2


class WriteError(TranslateCompareError):
    """Writing an output failed on the way (disk full, read-only, permission): the run failed, the input was fine."""

    exit_code = 1


class Terminated(BaseException):
    """SIGTERM arrived: unwinds like Ctrl-C, so that temporary files are removed on the way out."""
