"""Start-up and whole-run times, this tree against another checkout, side by side: python bench/startup.py --before DIR

Each command runs in a fresh process, alternating between the two trees
(``PYTHONPATH`` puts the tree's ``translate`` first), ``--repeats`` times each;
the table gives the median wall time measured by ``/usr/bin/time`` and the
peak RSS. The commands are the ones a user waits for:

- ``--help``;
- ``claims FILE`` on an English seed article;
- a run of the seed corpus without a manifest (languages identified) with the
  supplied reference translation;
- a fully cached run: a tiny MarianMT model (tests/tiny_marian.py) translates
  the Norwegian article once, then every run is served from the cache.

``DIR`` is a checkout of the code to compare with, e.g. made with
``git worktree add /tmp/before HEAD~1``. ``python -X importtime`` of
``--help`` is summarised too: which heavy modules it imports.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
HEAVY = ("numpy", "scipy", "rapidfuzz", "sparse_dot_topn", "torch", "transformers", "lingua", "sentencex")


def timed(command: list[str], env: dict) -> tuple[float, int]:
    # Run outside the checkout: `python -m translate` looks in the working folder first.
    done = subprocess.run(["/usr/bin/time", "-f", "%e %M", *command], env=env, capture_output=True, text=True, cwd=tempfile.gettempdir())
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    seconds, kb = done.stderr.strip().splitlines()[-1].split()
    return float(seconds), round(int(kb) / 1024)


def heavy_imports(tree: Path, env: dict) -> list[str]:
    trace = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "translate", "--help"], env=env | {"PYTHONPATH": str(tree)},
        capture_output=True, text=True, check=True, cwd=tempfile.gettempdir(),
    )
    names = {line.split("|")[-1].strip() for line in trace.stderr.splitlines() if "|" in line}
    return [h for h in HEAVY if h in names]


def main() -> None:
    from tiny_marian import build_tiny_marian

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="a checkout of the code to compare with")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    trees = {"before": args.before.resolve(), "after": ROOT}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        plain = work / "plain"
        plain.mkdir()
        for article in (ROOT / "corpus").glob("*.txt"):
            shutil.copy(article, plain / article.name)
        model = build_tiny_marian(work / "tiny")
        def commands_of(tree: Path) -> dict[str, list[str]]:
            # Each tree reads the reference translation it was written with (claim by claim before issue 14).
            reference = str(tree / "corpus" / "reference" / "000.en.tsv")
            return {
                "--help": ["--help"],
                "claims FILE": ["claims", str(ROOT / "corpus" / "003_3a7575a8856c8f9d.txt")],
                "run, no manifest, supplied translations": ["run", str(plain), "--translations", reference, "-o", str(work / "r.md")],
                "run, every translation cached": ["run", str(ROOT / "corpus"), "--model", str(model), "--num-beams", "1", "-o", str(work / "r.md")],
            }

        commands = {name: commands_of(tree) for name, tree in trees.items()}
        base = os.environ | {"HF_HUB_OFFLINE": "1", "HF_HOME": str(work / "hf")}
        envs = {name: base | {"PYTHONPATH": str(tree), "TRANSLATE_COMPARE_CACHE": str(work / f"cache-{name}")} for name, tree in trees.items()}
        for name in trees:  # fill each tree's cache once
            timed([sys.executable, "-m", "translate", *commands[name]["run, every translation cached"]], envs[name])
        results: dict[tuple[str, str], list[tuple[float, int]]] = {}
        for _ in range(args.repeats):
            for label in commands["after"]:
                for name in trees:
                    results.setdefault((label, name), []).append(timed([sys.executable, "-m", "translate", *commands[name][label]], envs[name]))
        print(f"Median of {args.repeats} (wall seconds), peak RSS; the two trees alternate run by run.\n")
        print("| Command | Before (s) | After (s) | After / before | Peak RSS before / after (MB) |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for label in commands["after"]:
            before = statistics.median(t for t, _ in results[(label, "before")])
            after = statistics.median(t for t, _ in results[(label, "after")])
            rss = "/".join(str(max(m for _, m in results[(label, name)])) for name in trees)
            print(f"| `{label}` | {before:.2f} | {after:.2f} | {after / before:.2f} | {rss} |")
        print()
        for name, tree in trees.items():
            print(f"`--help` imports ({name}): {', '.join(heavy_imports(tree, envs[name])) or 'none of ' + ', '.join(HEAVY)}")


if __name__ == "__main__":
    main()
