"""The app's own dependencies cover what its code imports, so `make run` works without the test extras."""

from __future__ import annotations

import ast
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
OWN = {"segments", "webapp", "glossary"}
# Optional on purpose: the local-embeddings aligner looks for it with find_spec before importing it.
OPTIONAL = {"sentence_transformers"}


def _imported_modules() -> set[str]:
    names: set[str] = set()
    for package in OWN:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names.add(node.module.split(".")[0])
    return names - OWN - OPTIONAL - set(sys.stdlib_module_names)


def _runtime_closure(dist: str) -> set[str]:
    """Normalised names of `dist` and everything it needs at run time, extras left out."""
    seen: set[str] = set()
    todo = [dist]
    while todo:
        name = todo.pop().lower().replace("_", "-")
        if name in seen:
            continue
        seen.add(name)
        for line in metadata.requires(name) or ():
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return seen


def test_every_imported_package_is_an_app_dependency() -> None:
    closure = _runtime_closure("bitext-workbench")
    providers = metadata.packages_distributions()
    missing = {module: providers.get(module) for module in _imported_modules()
               if not any(d.lower().replace("_", "-") in closure for d in providers.get(module, ()))}
    assert missing == {}
