"""environment.yml (conda users) stays in step with pyproject.toml (the one source of dependencies).

No conda solver can reach its channels from these machines, so this checks the file's structure
and its agreement with pyproject.toml, not a real solve.
"""

from __future__ import annotations

import re
from pathlib import Path

import tomllib
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

REPO = Path(__file__).resolve().parents[1]


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ ]", spec, maxsplit=1)[0].strip().lower().replace("_", "-")


def _pyproject():
    return tomllib.loads((REPO / "pyproject.toml").read_text())


def test_conda_packages_are_pyproject_dependencies_with_the_same_floor():
    project = _pyproject()["project"]
    declared = {}
    for spec in project["dependencies"] + [d for deps in project["optional-dependencies"].values() for d in deps]:
        requirement = Requirement(spec)
        declared[requirement.name.lower()] = requirement.specifier
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    for spec in conda:
        name = _name(spec)
        if name in ("python", "pip"):
            continue
        assert name in declared, f"environment.yml lists {name}, which pyproject.toml does not declare"
        assert SpecifierSet(spec[len(name) :].strip()) == declared[name], f"{name}: {spec} vs {declared[name]}"


def test_python_floor_matches_requires_python():
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    python = next(d for d in env["dependencies"] if isinstance(d, str) and _name(d) == "python")
    assert SpecifierSet(python[len("python") :]) == SpecifierSet(_pyproject()["project"]["requires-python"])


def test_pip_section_installs_litmap_with_every_extra_users_need():
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    editable = [line for line in pip if line.startswith("-e .")]
    assert editable, "environment.yml must pip-install litmap itself"
    extras = set(re.search(r"\[(.*)\]", editable[0]).group(1).split(","))
    optional = _pyproject()["project"]["optional-dependencies"]
    assert extras <= set(optional)
    covered = set().union(*(_expand(extra, optional) for extra in extras))
    assert {"notebooks", "test", "docs"} <= covered


def _expand(extra: str, optional: dict) -> set[str]:
    """An extra and every extra it pulls in through ``litmap[...]``."""
    found = {extra}
    for dep in optional[extra]:
        for nested in re.findall(r"litmap\[(.+?)\]", dep):
            for name in nested.split(","):
                found |= _expand(name.strip(), optional)
    return found
