"""The house rules of the package, checked over every module's imports (STYLE.md, "The shape of the code").

Imports run one way, from later stages to earlier ones: core < read < parse < verify < evidence <
present < pipeline < corpus < notebooks < cli. No circles between modules, no private name imported
from another module, no module loaded by name.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "litmap"

#: Each module's layer, by its dotted name's first part after ``litmap``; the core is layer 0.
LAYERS = {
    "errors": 0,
    "arguments": 0,
    "text": 0,
    "settings": 0,
    "values": 0,
    "schemas": 0,
    "web": 0,
    "limits": 0,
    "read": 1,
    "parse": 2,
    "verify": 3,
    "evidence": 4,
    "present": 5,
    "pipeline": 6,
    "corpus": 7,
    "notebooks": 8,
    "cli": 9,
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[str, list[str], int]]:
    """``(imported module, names, line)`` for every litmap import in a file, wherever it stands."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "litmap":
            found.append((node.module, [a.name for a in node.names], node.lineno))
        elif isinstance(node, ast.Import):
            found += [(a.name, [], node.lineno) for a in node.names if a.name.split(".")[0] == "litmap"]
    return found


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _target(module: str, names: list[str]) -> list[str]:
    """The modules an import statement loads: ``from litmap.parse import claims`` loads litmap.parse.claims."""
    targets = [module]
    targets += [f"{module}.{n}" for n in names if f"{module}.{n}" in MODULES]
    return targets


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.get(parts[1]) if len(parts) > 1 else None  # the package itself sits above everything


def _graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    for name, path in MODULES.items():
        graph.add_node(name)
        for module, names, line in _imports(path):
            for target in _target(module, names):
                if target in MODULES and target != name:
                    graph.add_edge(name, target, line=line)
    return graph


def test_every_module_has_a_layer():
    unplaced = [m for m in MODULES if m != "litmap" and _layer(m) is None]
    assert not unplaced, f"modules outside every layer (add them to LAYERS or move them): {unplaced}"


def test_no_import_from_a_later_stage():
    graph = _graph()
    backward = [
        f"{a} (layer {_layer(a)}) imports {b} (layer {_layer(b)}) at line {graph.edges[a, b]['line']}"
        for a, b in graph.edges
        if a != "litmap" and _layer(b) is not None and _layer(a) is not None and _layer(b) > _layer(a)
    ]
    assert not backward, "imports that run back up the pipeline:\n" + "\n".join(backward)


def test_no_circles_between_modules():
    graph = _graph()
    # A subpackage's __init__ re-exports its own modules; that is not a circle of logic.
    edges = [(a, b) for a, b in graph.edges if not (MODULES[a].name == "__init__.py" and b.startswith(a + "."))]
    cycles = list(nx.simple_cycles(nx.DiGraph(edges)))
    assert not cycles, "import circles:\n" + "\n".join(" -> ".join(c + [c[0]]) for c in cycles[:10])


def test_no_private_name_imported_across_modules():
    private = [
        f"{name}: from {module} import {n} (line {line})"
        for name, path in MODULES.items()
        for module, names, line in _imports(path)
        for n in names
        if n.startswith("_") and n != "__version__"
    ]
    assert not private, "private names used across modules:\n" + "\n".join(private)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_loaded_by_name(name):
    source = MODULES[name].read_text(encoding="utf-8")
    assert "import_module(" not in source and "__import__(" not in source, f"{name} loads a module by name"


def test_public_api_is_small_and_importable():
    import litmap

    assert 40 <= len(litmap.__all__) <= 70, len(litmap.__all__)
    missing = [n for n in litmap.__all__ if n != "explore" and not hasattr(litmap, n)]
    assert not missing, missing
