"""translate-compare batch: every story folder under one folder, compared on a Ray cluster.

A coverage study has thousands of stories, each a corpus as ``run`` reads it
(a folder of articles, optionally with corpus.toml). Translation dominates
(some 5 sentences a second on two CPU cores), so it runs as one Ray Data stage
over the sentences of every story: ``map_batches`` with a pool of actors, each
loading its models once (and taking a GPU where the cluster has them).
Comparison then runs per story as Ray tasks, each writing the story's
``result.json`` (and ``report.md``, ``report.html`` when asked) under
``OUT/STORY/``, through a temporary file, as soon as it is done.

Translations reach the comparison tasks with the task, and each task adds
them to the translation cache it reads (``--cache-dir``): on one machine the
actors and tasks share one SQLite cache (its writes wait for each other), on a
cluster every node keeps its own and gets what it needs. A story is done when
its ``result.json`` exists: a batch that is stopped, killed or crashes keeps
every story it finished, and started again compares only the others.
``OUT/index.jsonl`` has one line per story (its counts per verdict, events,
claims), written as stories finish and rewritten in story order at the end.

Ray is an optional extra (``pip install -e ".[scale]"``); nothing else in the
package imports this module.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from .errors import CorpusError, TranslateCompareError
from .output import write_atomically
from .records import RunSettings

INDEX = "index.jsonl"
RESULT = "result.json"
ARTICLE_SUFFIXES = (".txt", ".md")


class BatchError(TranslateCompareError):
    """A batch cannot start: no Ray, no stories, an unreachable cluster."""


def find_stories(folder: Path, out: Path | None = None) -> list[Path]:
    """The story folders under ``folder``, by name: those holding articles or a corpus.toml."""
    if not folder.is_dir():
        raise CorpusError(f"'{folder}' is not a folder. Pass a folder whose subfolders are stories, each a folder of articles.")
    skip = out.resolve() if out is not None else None
    stories = [
        p
        for p in sorted(folder.iterdir())
        if p.is_dir()
        and not p.name.startswith(".")
        and p.resolve() != skip
        and ((p / "corpus.toml").is_file() or any(f.suffix in ARTICLE_SUFFIXES for f in p.iterdir() if f.is_file()))
    ]
    if not stories:
        raise CorpusError(
            f"{folder} has no story folders: a batch compares each subfolder that holds articles (.txt/.md) "
            f"or a corpus.toml, as 'translate-compare run' compares one. For a single corpus, use "
            f"'translate-compare run {folder}'."
        )
    return stories


def run_batch(
    stories: Path,
    out: Path,
    settings: RunSettings,
    *,
    address: str | None = None,
    workers: int | None = None,
    markdown: bool = False,
    html: bool = False,
    echo: Callable[[str], None] = print,
) -> list[dict]:
    """Compare every story under ``stories``, writing under ``out``; returns the index rows, by story."""
    folders = find_stories(stories, out)
    out.mkdir(parents=True, exist_ok=True)
    todo = [p for p in folders if not (out / p.name / RESULT).is_file()]
    echo(f"{len(folders)} stories in {stories}: {len(folders) - len(todo)} done before, {len(todo)} to compare.")
    if todo:
        ray = _start_ray(address, workers)
        try:
            translations = _translate(ray, todo, settings, workers)
            _compare(ray, todo, out, settings, translations, markdown=markdown, html=html, echo=echo)
        finally:
            ray.shutdown()
    rows = [_index_row(p.name, out / p.name / RESULT) for p in folders if (out / p.name / RESULT).is_file()]
    write_atomically(out / INDEX, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), set())
    return rows


def _start_ray(address: str | None, workers: int | None):
    try:
        import ray
    except ImportError:
        raise BatchError(
            "translate-compare batch runs on Ray, which is not installed. Install the extra with "
            "pip install -e \".[scale]\" (or pip install \"ray[data]\"), or compare one story at a time "
            "with 'translate-compare run STORY'."
        ) from None
    options = dict(include_dashboard=False, configure_logging=False, log_to_driver=False, ignore_reinit_error=True)
    try:
        if address:
            ray.init(address=address, **options)
        else:
            # Ray turns token authentication on for a local cluster and says so in a warning: the
            # safe default, not something for the user to act on.
            logging.getLogger("ray._private.authentication").setLevel(logging.ERROR)
            ray.init(num_cpus=workers, **options)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        where = f"the Ray cluster at {address}" if address else "a local Ray cluster"
        raise BatchError(f"Could not start or reach {where}: {exc}. Check the address (ray status on the head node shows it).") from None
    return ray


# -- translation: one Ray Data stage over the sentences of every story ------------------------


def _sentences(row: dict, settings: RunSettings) -> list[dict]:
    """The sentences of one story that a model (or the cache) must translate: {story, language, sentence}."""
    from .mt import SuppliedTranslations, sentences_for_a_model
    from .pipeline import load_and_cut

    try:
        documents, segments = load_and_cut(row["story"])
    except TranslateCompareError:
        return []  # its comparison task says what is wrong with it
    t = settings.translation
    supplied = SuppliedTranslations.read(t.translations) if t.translations is not None else None
    return [
        {"story": row["story"], "language": language, "sentence": sentence}
        for language, found in sentences_for_a_model(documents, segments, supplied).items()
        for sentence in found
    ]


class _Translate:
    """A Ray Data actor: loads each language's model once, translates batches of sentences through the cache.

    Its settings are a class attribute of a subclass made per batch (``_translator_for``), not
    constructor arguments, which Ray Data would keep in the object store for restarts.
    """

    run_settings: RunSettings

    def __init__(self) -> None:
        from .mt import TranslationCache

        self.settings = self.run_settings.translation
        self.cache = TranslationCache(self.settings.cache_dir)

    def __call__(self, batch: dict) -> dict:
        from .mt import translate_sentences

        out: dict[str, list] = {k: [] for k in ("story", "language", "sentence", "english", "confidence", "model", "revision", "generation")}
        stories, languages, sentences = list(batch["story"]), list(batch["language"]), list(batch["sentence"])
        for language in sorted(set(languages)):
            mine = [i for i, lang in enumerate(languages) if lang == language]
            done = translate_sentences([sentences[i] for i in mine], self.settings, language=language, cache=self.cache)
            model, revision, generation = done.cache_key or ("", "", "")
            for i in mine:
                out["story"].append(stories[i])
                out["language"].append(language)
                out["sentence"].append(sentences[i])
                out["english"].append(done.english[sentences[i]])
                out["confidence"].append(done.confidence.get(sentences[i], float("nan")))
                out["model"].append(model)
                out["revision"].append(revision)
                out["generation"].append(generation)
        return out


def _translate(ray, stories: Sequence[Path], settings: RunSettings, workers: int | None) -> dict[str, list[dict]]:
    """Every story's model translations, as cache rows: {story: [{sentence, english, confidence, model, ...}]}.

    One streaming Ray Data pipeline: stories are cut into sentences by tasks while actors
    translate what is already cut. A sentence several stories tell (wire copy, a quotation) is
    translated once and found in the cache the next time.
    """
    import ray.data

    logging.getLogger("ray.data").setLevel(logging.ERROR)  # the batch reports per story
    ray.data.DataContext.get_current().enable_progress_bars = False
    gpus = int(ray.cluster_resources().get("GPU", 0)) if settings.translation.device != "cpu" else 0
    cpus = workers or int(ray.cluster_resources().get("CPU", 1))
    # Each CPU actor holds a CPU while it lives: one is left for cutting stories into sentences.
    pool = gpus or max(1, min(cpus - 1, len(stories)))
    translated = (
        ray.data.from_items([{"story": str(p)} for p in stories])
        .flat_map(_sentences, fn_kwargs={"settings": settings})
        .map_batches(
            type("Translate", (_Translate,), {"run_settings": settings}),
            batch_size=settings.translation.batch_size,
            batch_format="numpy",
            compute=ray.data.ActorPoolStrategy(size=pool),
            num_gpus=1 if gpus else 0,
        )
    )
    found: dict[str, list[dict]] = {}
    try:
        for row in translated.iter_rows():
            found.setdefault(row["story"], []).append(row)
    except Exception as exc:  # a worker's error comes wrapped in Ray's: say ours
        cause = _our_error(exc)
        if cause is None:
            raise
        raise BatchError(f"Translating the stories failed: {cause}") from None
    return found


def _our_error(exc: BaseException | None, depth: int = 0) -> TranslateCompareError | None:
    """The translate-compare error inside an exception Ray raised for a worker, if any."""
    if exc is None or depth > 8:
        return None
    if isinstance(exc, TranslateCompareError):
        return exc
    for inner in (getattr(exc, "cause", None), exc.__cause__, exc.__context__):
        if isinstance(inner, BaseException) and inner is not exc:
            found = _our_error(inner, depth + 1)
            if found is not None:
                return found
    return None


# -- comparison: one Ray task per story ------------------------------------------------------------


def compare_story(story: str, target: str, settings: RunSettings, translations: list[dict], markdown: bool, html: bool) -> dict:
    """Compare one story and write its outputs (result.json last: it marks the story done)."""
    import math

    from .mt import TranslationCache
    from .pipeline import compare_corpus
    from .report import render_html, render_json, render_markdown

    started = time.monotonic()
    if translations:
        cache = TranslationCache(settings.translation.cache_dir)
        keys = {(r["model"], r["revision"], r["generation"]) for r in translations if r["model"]}
        for model, revision, generation in sorted(keys):
            rows = [r for r in translations if (r["model"], r["revision"], r["generation"]) == (model, revision, generation)]
            cache.put_many(
                model, revision, generation, {r["sentence"]: r["english"] for r in rows},
                confidence={r["sentence"]: None if math.isnan(r["confidence"]) else float(r["confidence"]) for r in rows},
            )
        cache.close()
    folder = Path(target)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        comparison = compare_corpus(story, settings)
    except TranslateCompareError as exc:
        return {"story": Path(story).name, "error": str(exc), "seconds": round(time.monotonic() - started, 2)}
    if markdown:
        write_atomically(folder / "report.md", render_markdown(comparison), set())
    if html:
        write_atomically(folder / "report.html", render_html(comparison), set())
    write_atomically(folder / RESULT, render_json(comparison), set())
    return _index_row(Path(story).name, folder / RESULT)


def _compare(ray, stories, out: Path, settings, translations, *, markdown: bool, html: bool, echo) -> None:
    task = ray.remote(num_cpus=1)(compare_story)
    pending = {
        task.remote(str(p), str(out / p.name), settings, translations.get(str(p), []), markdown, html): p.name for p in stories
    }
    done = 0
    with (out / INDEX).open("a", encoding="utf-8") as index:
        while pending:
            ready, _ = ray.wait(list(pending), num_returns=1)
            name = pending.pop(ready[0])
            row = ray.get(ready[0])
            done += 1
            if "error" in row:
                echo(f"[{done}/{len(stories)}] {name}: not compared: {row['error']}")
            else:
                index.write(json.dumps(row, ensure_ascii=False) + "\n")
                index.flush()
                echo(f"[{done}/{len(stories)}] {name}: {row['claims']} claims, {row['events']} event(s)")


def _index_row(story: str, result: Path) -> dict:
    """A story's line in index.jsonl, read back from its result.json."""
    data = json.loads(result.read_text(encoding="utf-8"))
    claims = [c for c in data["claims"] if c["kind"] == "claim"]
    statuses: dict[str, int] = {}
    for c in claims:
        statuses[c["status"]] = statuses.get(c["status"], 0) + 1
    return {
        "story": story,
        "documents": len(data["documents"]),
        "languages": sorted({d["language"] for d in data["documents"]}),
        "claims": len(claims),
        "events": len(data["events"]),
        "statuses": dict(sorted(statuses.items())),
        "signature": data["signature"],
    }
