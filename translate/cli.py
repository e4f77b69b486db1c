"""The translate-compare command: parse options, call the library, print, exit.

Exit codes: 0 success, 1 the run failed, 2 bad usage or bad input. Errors are
one paragraph on stderr; ``--debug`` (before the command) shows the traceback.
"""

from __future__ import annotations

import functools
import inspect
import json
import logging
import sys
from contextlib import contextmanager
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .errors import OutputError, Terminated, TranslateCompareError
from .output import describe_os_error, inputs_of, plan_outputs, write_together
from .records import DEFAULT_BATCH_SIZE, DEFAULT_NUM_BEAMS, MatchSettings, RunSettings, TranslationSettings
from .version import __version__

# Nothing heavy is imported at the top: --help, claims and a cached run must start fast.
# Each command imports the stages it uses.

app = typer.Typer(
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help and errors: one "Error:" paragraph like ours, and no rich import (0.13 s)
    add_completion=False,
    help="Show what one language's (or one outlet's) coverage of a story says that another's does not.",
)
_state = {"debug": False}


# Bounds that keep a typo from growing for minutes before it fails: OPUS-MT is tuned with beams of 4 to 6,
# and a batch's tokens are capped anyway (mt/marian.py), so larger batches only cost memory.
MAX_NUM_BEAMS = 32
MAX_BATCH_SIZE = 1024


class Backend(str, Enum):
    auto = "auto"
    transformers = "transformers"
    ct2 = "ct2"


# The translation options, declared once: every command that translates takes all of them,
# and ``translation_options`` turns them into the one TranslationSettings the library reads.
_TRANSLATION_OPTIONS: dict[str, tuple[object, object]] = {
    "model": (
        Annotated[
            Optional[list[str]],
            typer.Option(
                "--model",
                help="Hub id or local folder of a MarianMT (OPUS-MT) model for every language, or LANG=ID for one language (repeatable: --model de=./opus-mt-de-en). Default: the best OPUS-MT model into English for each language (README).",
            ),
        ],
        None,
    ),
    "revision": (Annotated[Optional[str], typer.Option("--revision", help="Pin the model to a commit hash, branch or tag.")], None),
    "translations": (
        Annotated[
            Optional[Path],
            typer.Option("--translations", help="TSV of source sentence, tab, English: used instead of the model where it covers a sentence."),
        ],
        None,
    ),
    "device": (Annotated[str, typer.Option("--device", help="auto (CUDA when present), cpu, cuda or cuda:N.")], "auto"),
    "batch_size": (
        Annotated[int, typer.Option("--batch-size", min=1, max=MAX_BATCH_SIZE, help="Sentences per translation batch.")],
        DEFAULT_BATCH_SIZE,
    ),
    "num_beams": (Annotated[int, typer.Option("--num-beams", min=1, max=MAX_NUM_BEAMS, help="Beam size for translation.")], DEFAULT_NUM_BEAMS),
    "cache_dir": (
        Annotated[Optional[Path], typer.Option("--cache-dir", help="Folder of the translation cache (default: the user cache folder).")],
        None,
    ),
    "allow_pickle": (
        Annotated[
            bool,
            typer.Option(
                "--allow-pickle",
                help="Load a model folder (--model or --embeddings) that has only pickled PyTorch weights (pytorch_model.bin). Pickle can run code: only for folders you trust.",
            ),
        ],
        False,
    ),
    "backend": (
        Annotated[
            Backend,
            typer.Option(
                "--backend",
                help="Translation engine: ct2 (CTranslate2, pip install \"translate-compare[ct2]\"), transformers, or auto (ct2 when installed).",
            ),
        ],
        Backend.auto,
    ),
}


def translation_options(command):
    """Give a command the translation options; it receives them as ``translation: TranslationSettings``.

    The option group of sqlite-utils and llm, for typer: the options are added to
    the command's signature (which typer reads) and gathered into one settings
    object before the command runs.
    """
    signature = inspect.signature(command, eval_str=True)
    own = [p for p in signature.parameters.values() if p.name != "translation"]
    added = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default)
        for name, (annotation, default) in _TRANSLATION_OPTIONS.items()
    ]

    @functools.wraps(command)
    def wrapper(**kwargs):
        values = {name: kwargs.pop(name) for name in _TRANSLATION_OPTIONS}
        values["model"], values["models"] = _models(values["model"] or [])
        values["backend"] = values["backend"].value
        values["device"] = _device(values["device"])
        values["translations"] = str(values["translations"]) if values["translations"] is not None else None
        values["cache_dir"] = str(values["cache_dir"]) if values["cache_dir"] is not None else None
        return command(**kwargs, translation=TranslationSettings(**values))

    wrapper.__signature__ = signature.replace(parameters=own + added)
    wrapper.__annotations__ = {**{p.name: p.annotation for p in own}, **{p.name: p.annotation for p in added}}
    return wrapper


def _models(given: list[str]) -> tuple[str | None, tuple[tuple[str, str], ...]]:
    """--model values: one model for all languages, and LANG=ID pairs for one language each."""
    every, per_language = None, {}
    for value in given:
        language, equals, model = value.partition("=")
        if equals and language.isalpha() and 2 <= len(language) <= 3:
            per_language[language.lower()] = model
        elif every is None:
            every = value
        else:
            raise typer.BadParameter(f"--model is given twice without a language ({every}, {value}); use LANG=ID for one language.")
    return every, tuple(sorted(per_language.items()))


def _device(value: str) -> str:
    """--device checked before any model is read or converted: a form torch knows, and a GPU if CUDA is asked for."""
    device = value.strip().lower()
    kind, colon, number = device.partition(":")
    if device in ("auto", "cpu"):
        return device
    if kind != "cuda" or (colon and not number.isdigit()):
        raise typer.BadParameter(f"'{value}' is not a device; use auto (CUDA when present), cpu, cuda or cuda:N (N a GPU's number).", param_hint="'--device'")
    import torch

    count = torch.cuda.device_count()
    if count == 0:
        raise typer.BadParameter(f"{value} was asked for, but this machine has no CUDA GPU that torch can use; use --device cpu (or auto).", param_hint="'--device'")
    if colon and int(number) >= count:
        raise typer.BadParameter(f"{value} was asked for, but this machine has {count} CUDA GPU{'s' if count > 1 else ''} (cuda:0 to cuda:{count - 1}).", param_hint="'--device'")
    return device


LanguageOption = Annotated[
    Optional[str], typer.Option("--language", help="Language of the file (nb, en, ...); identified from the text if not given.")
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"translate-compare {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    debug: Annotated[bool, typer.Option("--debug", help="Show the full traceback when something fails.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    _state["debug"] = debug


@contextmanager
def _user_errors():
    """Turn the library's errors into one paragraph and an exit code."""
    try:
        yield
    except TranslateCompareError as exc:
        if _state["debug"]:
            raise
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        typer.echo("Interrupted. Translations finished so far are kept in the cache; run again to go on.", err=True)
        raise typer.Exit(130) from None
    except Terminated:
        typer.echo("Stopped (SIGTERM). Translations finished so far are kept in the cache, and no output was written half.", err=True)
        raise typer.Exit(143) from None
    except typer.Exit:
        raise
    except BrokenPipeError:
        _pipe_closed()
    except OSError as exc:  # the system refused something the code did not expect to fail: say what and where
        if _state["debug"]:
            raise
        typer.echo(f"Error: {describe_os_error(exc)}", err=True)
        raise typer.Exit(1) from None
    except Exception as exc:  # a bug: say so plainly, keep the traceback for --debug
        if _state["debug"]:
            raise
        typer.echo(
            f"Error: unexpected {type(exc).__name__}: {exc}. This is a bug in translate-compare; "
            "run again with --debug before the command to see the traceback, and report it.",
            err=True,
        )
        raise typer.Exit(1) from None


def _pipe_closed():
    """The reader of stdout went away (``| head``): a normal end, as for git and cat. Exit quietly with
    128 + SIGPIPE, and point stdout at /dev/null so that flushing it at exit raises nothing."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    raise typer.Exit(141)


class _Progress:
    """A tqdm bar on stderr for a stage that takes more than a second; silent when stderr is not a terminal."""

    def __init__(self, total: int, stage: str = "Translating") -> None:
        from tqdm import tqdm

        unit = "sentence" if stage == "Translating" else "step"
        self.bar = tqdm(total=total, desc=stage, unit=unit, file=sys.stderr, disable=not sys.stderr.isatty(), delay=1.0, leave=False)
        self.done = 0

    def __call__(self, n: int) -> None:
        self.bar.update(n)
        self.done += n
        if self.done >= self.bar.total:
            self.bar.close()


class _Stderr(logging.StreamHandler):
    """Warnings to whatever sys.stderr is when they are written (a test runner swaps it between runs)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value):
        pass


def _setup_logging() -> None:
    logger = logging.getLogger("translate")
    if not any(getattr(h, "_translate_compare", False) for h in logger.handlers):
        handler = _Stderr()
        handler.setFormatter(logging.Formatter("Warning: %(message)s"))
        handler._translate_compare = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)
        logger.propagate = False


@app.command()
@translation_options
def run(
    corpus: Annotated[Path, typer.Argument(help="Folder of articles (.txt/.md), optionally with corpus.toml.")] = Path("corpus"),
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the Markdown report here (default: stdout).")] = None,
    json_path: Annotated[Optional[Path], typer.Option("--json", help="Also write the result as JSON here.")] = None,
    html_path: Annotated[
        Optional[Path], typer.Option("--html", help="Also write a self-contained HTML page here: the articles side by side, claims coloured by verdict.")
    ] = None,
    embeddings: Annotated[
        Optional[str],
        typer.Option(
            "--embeddings",
            help="Hub id or folder of a sentence-transformers model (all-mpnet-base-v2 recommended) whose cosine ranks and links claims beside the TF-IDF cosine, so that counterparts worded differently are found. Needs pip install \"translate-compare[embeddings]\".",
        ),
    ] = None,
    verifier: Annotated[
        Optional[str],
        typer.Option(
            "--verifier",
            help="Hub id or folder of a sentence-transformers CrossEncoder (an NLI or paraphrase model) that confirms each link (entailment both ways) or demotes it to possibly related; it never makes one.",
        ),
    ] = None,
    one_event: Annotated[
        bool, typer.Option("--one-event", help="Treat the corpus as one event, whatever the dates and the manifest say.")
    ] = False,
    timestamp: Annotated[
        bool, typer.Option("--timestamp", help="Record the time of the run in the report and JSON (off: the same inputs give the same bytes).")
    ] = False,
    jobs: Annotated[
        Optional[int],
        typer.Option("--jobs", min=1, help="Threads for the comparison's compiled parts (the sparse product, rapidfuzz). Default: one per core."),
    ] = None,
    *,
    translation: TranslationSettings,
) -> None:
    """Compare the articles of a corpus and write a Markdown report (and JSON).

    Example: translate-compare run corpus --translations corpus/reference/000.en.tsv -o report.md --json result.json --html report.html
    """
    from .corpus import is_our_output
    from .pipeline import compare_corpus
    from .report import render_html, render_json, render_markdown

    _setup_logging()
    settings = RunSettings(
        translation=translation,
        match=MatchSettings(embeddings=embeddings, verifier=verifier, one_event=one_event),
        timestamp=datetime.now(timezone.utc).isoformat(timespec="seconds") if timestamp else None,
    )
    with _user_errors():
        # Every output checked before the run: none over an input, no two the same, each writable.
        wanted = (("-o", output, render_markdown), ("--json", json_path, render_json), ("--html", html_path, render_html))
        renderers = [(option, p, r) for option, p, r in wanted if p is not None]
        targets = plan_outputs([(option, p) for option, p, _ in renderers], inputs_of(corpus, translation.translations, ours=is_our_output))
        comparison = compare_corpus(corpus, settings, progress=_Progress, jobs=jobs)
        write_together((t, render(comparison)) for t, (_, _, render) in zip(targets, renderers, strict=True))
        if output is None:
            sys.stdout.write(render_markdown(comparison))
            sys.stdout.flush()
        written = [str(p) for p in (output, json_path, html_path) if p is not None]
        if written:
            typer.echo(f"Wrote {', '.join(written[:-1]) + ' and ' if len(written) > 1 else ''}{written[-1]}.", err=True)


@app.command()
@translation_options
def batch(
    stories: Annotated[Path, typer.Argument(help="Folder whose subfolders are stories, each a folder of articles as run reads it.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the results: OUT/STORY/result.json per story, and OUT/index.jsonl.")],
    address: Annotated[
        Optional[str], typer.Option("--address", help="Address of a running Ray cluster (ray start --head prints it). Default: a local cluster on this machine.")
    ] = None,
    workers: Annotated[Optional[int], typer.Option("--workers", min=1, help="CPUs of the local cluster (default: every core).")] = None,
    markdown: Annotated[bool, typer.Option("--markdown", help="Also write OUT/STORY/report.md.")] = False,
    html: Annotated[bool, typer.Option("--html", help="Also write OUT/STORY/report.html.")] = False,
    one_event: Annotated[bool, typer.Option("--one-event", help="Treat each story as one event.")] = False,
    *,
    translation: TranslationSettings,
) -> None:
    """Compare every story folder under STORIES on Ray; stories already done are skipped, so an interrupted batch resumes.

    Example: translate-compare batch stories -o results --markdown
    """
    from .batch import run_batch

    _setup_logging()
    settings = RunSettings(translation=translation, match=MatchSettings(one_event=one_event))
    with _user_errors():
        if output.exists() and not output.is_dir():
            raise OutputError(f"{output} is a file; give a folder for the results (it is created if missing).")
        rows = run_batch(stories, output, settings, address=address, workers=workers, markdown=markdown, html=html, echo=lambda m: typer.echo(m, err=True))
        typer.echo(f"Wrote {len(rows)} stories to {output} (index: {output / 'index.jsonl'}).", err=True)


@app.command()
@translation_options
def translate(
    file: Annotated[Path, typer.Argument(help="One article (.txt or .md).")],
    language: LanguageOption = None,
    *,
    translation: TranslationSettings,
) -> None:
    """Print the English translation of a file, sentence by sentence (and its headings).

    The output is a TSV (source sentence, tab, English) that --translations accepts,
    so a machine translation can be corrected by hand and fed back.

    Example: translate-compare translate corpus/000_b006d7bdd22ff01c.txt > 000.en.tsv
    """
    from .pipeline import translate_file

    _setup_logging()
    with _user_errors():
        rows = translate_file(file, translation, language=language, progress=_Progress)
        sources = sorted({source for _, _, source in rows})
        typer.echo(f"# {file}: English by {', '.join(sources)}")
        for sentence, english, _ in rows:
            typer.echo(f"{' '.join(sentence.split())}\t{' '.join(english.split())}")


@app.command()
def claims(
    file: Annotated[Path, typer.Argument(help="One article (.txt or .md).")],
    language: LanguageOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Print the claims of a file with their character spans, kinds (or why set aside) and sources.

    Example: translate-compare claims corpus/003_3a7575a8856c8f9d.txt --json
    """
    from .pipeline import segment_file

    _setup_logging()
    with _user_errors():
        document, segments = segment_file(file, language=language)
        if as_json:
            typer.echo(
                json.dumps(
                    {
                        "document": {"path": str(file), "language": document.language, "language_source": document.language_source},
                        "segments": [
                            {
                                "id": s.id,
                                "index": s.index,
                                "start": s.start,
                                "end": s.end,
                                "kind": s.kind.value,
                                "reason": s.reason,
                                "speaker": s.speaker,
                                "sentence": {"start": s.sentence[0], "end": s.sentence[1]} if s.sentence else None,
                                "text": s.text,
                            }
                            for s in segments
                        ],
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        typer.echo(f"# {file} ({document.language}, {document.language_source}): {len(segments)} segments")
        for s in segments:
            label = s.reason if s.reason else s.kind.value
            said = f"  [source: {s.speaker}]" if s.speaker else ""
            typer.echo(f"{s.index:>4}  {s.start:>6}-{s.end:<6} {label:<11} {s.text}{said}")


def main(argv: list[str] | None = None) -> None:
    import signal

    def terminate(signum, frame):
        raise Terminated()

    try:
        previous = signal.signal(signal.SIGTERM, terminate)  # unwind as Ctrl-C does: temporary files removed
    except ValueError:  # not the main thread: leave signals alone
        previous = None
    try:
        app(args=argv, prog_name="translate-compare")
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
