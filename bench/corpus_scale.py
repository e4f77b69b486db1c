"""How a whole run grows with the corpus: python bench/corpus_scale.py

Builds corpora of the Norwegian seed article (with its supplied reference
translation, so no model runs) and N English news articles, N from 8 to 1,000,
in a temporary folder, from text read at run time and never committed:

- the 58 NTREX articles (``../shared/data/ntrex-dev``: real news, several
  stories told by two or three outlets), then
- stories of two articles made of MRPC pairs (``../shared/data/mrpc``): 16
  pairs a story, the first sentence of each pair in one article and the second
  in the other, as two outlets tell one story (two thirds of MRPC's pairs are
  paraphrases). The pairs are shuffled with a fixed seed; beyond the 4,484
  pairs they are shuffled again into new stories, so past some 600 articles a
  sentence also recurs in a second, unrelated article, as wire copy does.

Articles have about 16 sentences (NTREX's run from 5 to 29), two to a
paragraph. Each size runs ``translate-compare run CORPUS --translations ...
-o report.md --json result.json`` in its own process (the code of the checkout
given, or of this one), timing each stage by wrapping the pipeline's stage
functions, and reports the median of ``--repeats`` runs and the peak RSS.
``--agreement N ...`` compares, instead, the verdicts of the index with
those of scoring every pair of documents on the corpus of N articles.
``--before PATH`` runs a second checkout side by side in the same loop (its
sizes capped by ``--before-limit`` seconds: once one size takes longer, larger
sizes are skipped). The growth exponent is the slope of log time against log
articles between the sizes given by ``--fit`` (default 100 to 1,000).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
SENTENCES_PER_ARTICLE = 16

# The stage functions, where each version of the code keeps them. A stage is timed by
# wrapping the function in every module that holds it, once.
STAGES = {
    "load": [("translate.corpus", "load_corpus"), ("translate.pipeline", "load_corpus")],
    "segment": [("translate.segment", "segment_document"), ("translate.pipeline", "segment_document")],
    "translate": [("translate.mt", "translate_segments"), ("translate.pipeline", "translate_segments")],
    "align": [
        ("translate.align", "align_claims"),
        ("translate.pipeline", "align_claims"),
        ("translate.align", "Alignment.within"),
        ("translate.align", "Alignment.explain"),
    ],
    "compare": [
        ("translate.compare", "decide_verdicts"),
        ("translate.pipeline", "decide_verdicts"),
        ("translate.compare", "find_events"),
    ],
    "report": [
        ("translate.report", "render_markdown"),
        ("translate.report", "render_json"),
        ("translate.cli", "render_markdown"),
        ("translate.cli", "render_json"),
    ],
}

CHILD = r"""
import importlib, json, sys, time
from pathlib import Path
stages, argv, out = json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
spent = {}
def wrap(stage, function):
    if getattr(function, "_timed", False):
        return function
    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[stage] = spent.get(stage, 0.0) + time.perf_counter() - start
    timed._timed = True
    return timed
started = time.perf_counter()
import translate.cli as cli
import translate.pipeline
for stage, places in stages.items():
    wrapped = {}
    for module_name, name in places:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        owner, _, attribute = name.rpartition(".")
        holder = getattr(module, owner, None) if owner else module
        function = getattr(holder, attribute, None)
        if function is None:
            continue
        wrapped.setdefault(id(function), wrap(stage, function))
        setattr(holder, attribute, wrapped[id(function)])
try:
    cli.app(argv, standalone_mode=False)
except SystemExit as e:
    if e.code:
        raise
total = time.perf_counter() - started
peak = next(int(l.split()[1]) // 1024 for l in Path("/proc/self/status").read_text().splitlines() if l.startswith("VmHWM:"))
Path(out).write_text(json.dumps({"total": total, "stages": spent, "peak_mb": peak}))
"""


def mrpc_pairs() -> list[tuple[str, str]]:
    pairs = []
    for name in ("msr_paraphrase_train.txt", "msr_paraphrase_dev.txt"):
        lines = (DATA / "mrpc" / name).read_text(encoding="utf-8-sig").splitlines()[1:]
        pairs += [(f[3], f[4]) for f in (line.split("\t") for line in lines) if len(f) == 5]
    return pairs


def ntrex_articles() -> list[list[str]]:
    folder = DATA / "ntrex-dev"
    ids = (folder / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    lines = (folder / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    articles: dict[str, list[str]] = {}
    for doc, line in zip(ids, lines, strict=True):
        articles.setdefault(doc.split("\t")[0], []).append(line)
    return list(articles.values())


def articles(n: int) -> list[list[str]]:
    """N English articles, each a list of sentences (an NTREX article's first is its headline)."""
    out = ntrex_articles()[:n]
    pairs = mrpc_pairs()
    edition = 0
    while len(out) < n:
        shuffled = pairs[:]
        random.Random(edition).shuffle(shuffled)
        for start in range(0, len(shuffled) - SENTENCES_PER_ARTICLE + 1, SENTENCES_PER_ARTICLE):
            story = shuffled[start : start + SENTENCES_PER_ARTICLE]
            out += [[a for a, _ in story], [b for _, b in story]]
            if len(out) >= n:
                break
        edition += 1
    return out[:n]


def write_corpus(folder: Path, n: int) -> None:
    folder.mkdir(parents=True)
    seed = next((ROOT / "corpus").glob("000_*.txt"))
    shutil.copy(seed, folder / seed.name)
    lines = [f'[[documents]]\nid = "000"\nfile = "{seed.name}"\nlanguage = "nb"\n']
    for i, sentences in enumerate(articles(n), start=1):
        paragraphs = [" ".join(sentences[j : j + 2]) for j in range(0, len(sentences), 2)]
        (folder / f"en{i:04d}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        lines.append(f'[[documents]]\nid = "en{i:04d}"\nfile = "en{i:04d}.txt"\nlanguage = "en"\n')
    (folder / "corpus.toml").write_text("\n".join(lines), encoding="utf-8")


def run_once(code: Path, corpus: Path, work: Path, extra: list[str]) -> dict:
    out = work / "timing.json"
    # Each version reads the reference translation it was written with (claim by claim before issue 14).
    argv = ["run", str(corpus), "--translations", str(code / "corpus/reference/000.en.tsv"), "-o", str(work / "report.md")]
    argv += ["--json", str(work / "result.json"), "--cache-dir", str(work / "cache"), *extra]
    env = {**os.environ, "PYTHONPATH": str(code), "TQDM_DISABLE": "1"}
    (work / "result.json").unlink(missing_ok=True)
    done = subprocess.run([sys.executable, "-c", CHILD, json.dumps(STAGES), json.dumps(argv), str(out)], cwd=work, env=env)
    if done.returncode != 0 or not (work / "result.json").is_file():
        return None  # its message is above: the code before may fail where this one does not
    return json.loads(out.read_text())


def measure(code: Path, corpus: Path, repeats: int, extra: list[str]) -> dict | None:
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(repeats):
            run = run_once(code, corpus, Path(tmp), extra)
            if run is None:
                return None
            runs.append(run)
        counts = json.loads((Path(tmp) / "result.json").read_text())
    stages = {s: statistics.median(r["stages"].get(s, 0.0) for r in runs) for s in STAGES}
    return {
        "total": statistics.median(r["total"] for r in runs),
        "stages": stages,
        "peak_mb": max(r["peak_mb"] for r in runs),
        "claims": sum(1 for c in counts["claims"] if c.get("kind") == "claim"),
        "events": len(counts.get("events", [])),
    }


def agreement(n: int) -> str:
    """Verdicts of the index against scoring every pair of documents, on the corpus of ``n`` articles."""
    import time

    import translate.align as align
    from translate import RunSettings, TranslationSettings
    from translate.pipeline import compare_corpus

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        write_corpus(corpus, n)
        settings = RunSettings(translation=TranslationSettings(translations=str(ROOT / "corpus/reference/000.en.tsv"), cache_dir=tmp))

        def verdicts(comparison):
            return {v.claim: (v.status, tuple((m.document, m.other, m.tier) for m in v.matches + v.related)) for v in comparison.verdicts}

        started = time.perf_counter()
        indexed = compare_corpus(corpus, settings)
        indexed_s = time.perf_counter() - started
        every_pair = align.align_claims
        align.align_claims = lambda *a, **k: every_pair(*a, **{**k, "exhaustive": True})
        try:
            started = time.perf_counter()
            exhaustive = compare_corpus(corpus, settings)
            exhaustive_s = time.perf_counter() - started
        finally:
            align.align_claims = every_pair
    a, b = verdicts(indexed), verdicts(exhaustive)
    links = sum(len(b[c][1]) for c in b)
    missed = sum(len(set(b[c][1]) - set(a[c][1])) for c in b)
    extra = sum(len(set(a[c][1]) - set(b[c][1])) for c in b)
    same_events = {e.documents for e in indexed.events} == {e.documents for e in exhaustive.events}
    return (
        f"{n + 1} articles, {len(a):,} segments: status differs for {sum(a[c][0] != b[c][0] for c in a)}; "
        f"links (shared, told differently, recurring, related) missed {missed} of {links:,}, added {extra}; "
        f"events {'the same' if same_events else 'different'}; {indexed_s:.1f} s against {exhaustive_s:.1f} s scoring every pair"
    )


def slope(points: list[tuple[int, float]]) -> float | None:
    """Least-squares slope of log(seconds) on log(articles)."""
    if len(points) < 2:
        return None
    xs, ys = [math.log(n) for n, _ in points], [math.log(t) for _, t in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[8, 16, 32, 100, 300, 1000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--before", type=Path, help="a checkout of the code before, run side by side")
    parser.add_argument("--before-limit", type=float, default=120.0, help="skip larger sizes of --before once one takes longer")
    parser.add_argument("--fit", type=int, nargs=2, default=[100, 1000], help="sizes between which the growth exponent is fitted")
    parser.add_argument("--json", type=Path, help="also write the measurements here")
    parser.add_argument("--agreement", type=int, nargs="*", metavar="N", help="only compare the index's verdicts with scoring every pair, on N articles")
    parser.add_argument("extra", nargs="*", help="more options for run (after --)")
    args = parser.parse_args()
    if args.agreement:
        for n in args.agreement:
            print(agreement(n))
        return
    if not (DATA / "mrpc").is_dir() or not (DATA / "ntrex-dev").is_dir():
        sys.exit(f"The articles are read from {DATA}/mrpc and {DATA}/ntrex-dev, which are not there.")
    versions = [("now", ROOT)] + ([("before", args.before.resolve())] if args.before else [])
    results: dict[str, dict[int, dict]] = {name: {} for name, _ in versions}
    too_slow: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            corpus = Path(tmp) / f"corpus{n}"
            write_corpus(corpus, n)
            for name, code in versions:
                if name in too_slow:
                    continue
                found = measure(code, corpus, args.repeats, args.extra)
                if found is None:
                    print(f"{name:>6} {n:>5} articles: the run failed (its message is above); larger sizes skipped", file=sys.stderr)
                    if name == "now":
                        sys.exit(1)
                    too_slow.add(name)
                    continue
                results[name][n] = found
                print(f"{name:>6} {n:>5} articles: {found['total']:.2f} s, {found['peak_mb']} MB, {found['claims']} claims", file=sys.stderr)
                if name == "before" and found["total"] > args.before_limit:
                    too_slow.add(name)
    print("| Code | Articles | Claims | Events | Total (s) | " + " | ".join(f"{s} (s)" for s in STAGES) + " | Peak RSS (MB) |")
    print("| --- | ---: | ---: | ---: | ---: | " + " | ".join("---:" for _ in STAGES) + " | ---: |")
    for name, _ in versions:
        for n, r in results[name].items():
            cells = " | ".join(f"{r['stages'][s]:.2f}" for s in STAGES)
            print(f"| {name} | {n + 1} | {r['claims']:,} | {r['events']} | {r['total']:.2f} | {cells} | {r['peak_mb']:,} |")
    lo, hi = args.fit
    for name, _ in versions:
        for what in ("total", "align", "compare"):
            points = [(n, (r["total"] if what == "total" else r["stages"][what])) for n, r in results[name].items() if lo <= n <= hi]
            exponent = slope([(n, t) for n, t in points if t > 0])
            if exponent is not None:
                print(f"{name}: {what} grows as articles^{exponent:.2f} between {lo} and {hi} articles")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
