"""How alignment cost grows with the number of claims: python bench/align_scale.py

Synthetic English claims (8 to 25 words drawn from the seed corpus's English
vocabulary with its own word frequencies, fixed seed) in two documents, aligned
with the project's retrieval step (``nearest_claims``: the TF-IDF candidates
that the fitted model then scores), and at small sizes ``align_claims`` end to
end (retrieval plus the model's features on every candidate), side by side with two exhaustive
baselines on the same claims: rapidfuzz ``process.cdist`` with
``token_set_ratio`` over every pair (what a naive matcher does), and the dense
n x m TF-IDF cosine matrix with argmax. Baselines run only up to the size where
they stay under a minute (cdist) or under 2 GiB (dense). Each configuration
runs in its own process: the time is wall time of the alignment call (median of
--repeats), the memory is that process's peak RSS. Printed as a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, peak_rss_mb  # noqa: E402


def vocabulary() -> tuple[list[str], list[int]]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("00[1-4]_*.txt"))]
    texts += [line.split("\t")[1] for line in (ROOT / "corpus/reference/000.en.tsv").read_text(encoding="utf-8").splitlines() if "\t" in line]
    counts = Counter(w for t in texts for w in re.findall(r"[A-Za-z][A-Za-z'-]*", t))
    words = sorted(counts)
    return words, [counts[w] for w in words]


def claims(n: int, seed: int) -> list[str]:
    words, weights = vocabulary()
    rng = random.Random(seed)
    return [" ".join(rng.choices(words, weights, k=rng.randint(8, 25))) + "." for _ in range(n)]


def segments(n: int, m: int):
    from translate.records import Kind, Segment

    out = []
    for doc, size, seed in (("a", n, 1), ("b", m, 2)):
        for i, text in enumerate(claims(size, seed)):
            out.append(Segment(document=doc, index=i, start=0, end=len(text), text=text, kind=Kind.CLAIM, english=text))
    return out


def run_one(method: str, n: int, m: int, repeats: int) -> dict:
    data = segments(n, m)
    if method == "project":
        from translate.align import CANDIDATES_PER_DOCUMENT, nearest_claims

        def work():
            return len(nearest_claims(data, CANDIDATES_PER_DOCUMENT))
    elif method == "scored":
        from translate.align import align_claims

        def work():
            return len(align_claims(data))
    elif method == "cdist":
        from rapidfuzz import fuzz, process

        a = [s.english.lower() for s in data if s.document == "a"]
        b = [s.english.lower() for s in data if s.document == "b"]

        def work():
            best = 0
            for start in range(0, len(a), 1000):  # row blocks: the n x m matrix is never whole
                block = process.cdist(a[start : start + 1000], b, scorer=fuzz.token_set_ratio, workers=-1, dtype="uint8")
                best += int(block.argmax(axis=1).size)
            return best
    elif method == "dense":
        from translate.align import pair_vectors
        from translate.english import content_terms

        def work():
            va, vb = pair_vectors(
                [content_terms(s.english) for s in data if s.document == "a"], [content_terms(s.english) for s in data if s.document == "b"]
            )
            scores = (va @ vb.T).toarray()
            return int(scores.argmax(axis=1).size + scores.argmax(axis=0).size)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return {
        "method": method, "n": n, "m": m, "seconds": round(statistics.median(times), 3), "result": result,
        "peak_rss_mb": peak_rss_mb(), "repeats": repeats,
    }


PLAN = [
    ("scored", 100, 100), ("scored", 1_000, 1_000),
    ("project", 1_000, 1_000), ("cdist", 1_000, 1_000), ("dense", 1_000, 1_000),
    ("cdist", 3_000, 3_000),
    ("project", 10_000, 10_000), ("dense", 10_000, 10_000),
    ("project", 1_000, 100_000),
    ("project", 100_000, 100_000),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--one", nargs=3, metavar=("METHOD", "N", "M"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        method, n, m = args.one
        print(json.dumps(run_one(method, int(n), int(m), args.repeats)))
        return
    rows = []
    for method, n, m in PLAN:
        repeats = 1 if n * m >= 10**9 or method == "cdist" else args.repeats
        done = subprocess.run([sys.executable, __file__, "--repeats", str(repeats), "--one", method, str(n), str(m)],
                              capture_output=True, text=True, check=True)
        row = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(f"{method:8s} {n:>7,} x {m:<7,}: {row['seconds']:8.2f} s, peak {row['peak_rss_mb']:,} MB", flush=True)
    print()
    print("| Method | Claims (a × b) | Pairs | Seconds | µs per pair | Peak RSS (MB) |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for row in rows:
        pairs = row["n"] * row["m"]
        print(f"| {row['method']} | {row['n']:,} × {row['m']:,} | {pairs:,} | {row['seconds']:.2f} | "
              f"{row['seconds'] / pairs * 1e6:.3f} | {row['peak_rss_mb']:,} |")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
