"""The layout the design promises: stages side by side, data flowing one way, nothing reaching back up.

Read from the source with ``ast`` (no import runs), so a new import that breaks
the layering fails here before it tangles the stages.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "translate"

# The stages, in pipeline order; each is a module or a sub-package.
STAGES = ("corpus", "segment", "mt", "align", "compare", "report")
# What the stages may share: data, errors, per-language rules, English text analysis,
# model finding, the pair model and the embedding model.
GROUND = ("records", "errors", "version", "lang", "english", "hub", "weights", "match", "embed", "output")
WIRING = ("pipeline", "batch", "cli", "__main__", "__init__")


def _unit(module: str) -> str:
    """'translate.compare.guard' -> 'compare'; 'translate' -> '__init__'."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports() -> dict[str, set[str]]:
    """Unit -> the translate units it imports (relative imports resolved)."""
    graph: dict[str, set[str]] = {}
    for file in PACKAGE.rglob("*.py"):
        relative = file.relative_to(PACKAGE.parent).with_suffix("")
        module = ".".join(relative.parts)
        package = module if file.name == "__init__.py" else module.rsplit(".", 1)[0]
        if file.name == "__init__.py":
            module = module.removesuffix(".__init__")
            package = module
        found = graph.setdefault(_unit(module), set())
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                if target.startswith("translate"):
                    names = [target] if node.module else [f"{target}.{a.name}" for a in node.names]
                    found |= {_unit(n) for n in names if n != "translate"} | ({"__init__"} if target == "translate" and node.module else set())
            elif isinstance(node, ast.Import):
                found |= {_unit(a.name) for a in node.names if a.name.startswith("translate")}
        found.discard(_unit(module))
    return graph


GRAPH = _imports()


def test_every_module_is_placed_in_the_layout():
    assert set(GRAPH) <= set(STAGES) | set(GROUND) | set(WIRING), set(GRAPH) - set(STAGES) - set(GROUND) - set(WIRING)


@pytest.mark.parametrize("stage", STAGES)
def test_a_stage_imports_no_other_stage_and_nothing_above_it(stage):
    assert not GRAPH[stage] & (set(STAGES) | set(WIRING)), GRAPH[stage]


@pytest.mark.parametrize("ground", GROUND)
def test_the_ground_floor_imports_no_stage(ground):
    assert not GRAPH.get(ground, set()) & (set(STAGES) | set(WIRING)), GRAPH[ground]


def test_the_rules_records_and_english_analysis_decide_nothing():
    assert GRAPH["lang"] <= {"errors"}
    assert GRAPH["records"] == set()
    assert GRAPH["english"] <= {"lang"}


def test_only_the_wiring_imports_the_stages():
    users = {unit for unit, targets in GRAPH.items() if targets & set(STAGES)}
    assert users <= {"pipeline", "batch", "cli"}, users
