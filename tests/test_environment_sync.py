"""environment.yml (conda users) and pyproject.toml (pip) must list the same packages."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _split(requirement: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement)
    assert match, requirement
    return match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")


def _pyproject() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"] + project["optional-dependencies"]["dev"]
    return dict(_split(r) for r in requirements)


def _environment() -> dict[str, str]:
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    packages: dict[str, str] = {}
    for entry in environment["dependencies"]:
        if isinstance(entry, dict):
            packages.update(_split(r) for r in entry["pip"] if not r.startswith("-e"))
        elif entry != "pip" and not entry.startswith("python="):
            name, spec = _split(entry)
            packages[name] = spec
    return packages


def test_environment_yml_lists_the_same_packages_as_pyproject():
    pyproject, environment = _pyproject(), _environment()
    only_pip = sorted(set(pyproject) - set(environment))
    only_conda = sorted(set(environment) - set(pyproject))
    assert not only_pip, f"in pyproject.toml but not environment.yml: {only_pip}"
    assert not only_conda, f"in environment.yml but not pyproject.toml: {only_conda}"
    differ = {
        n: (pyproject[n], environment[n]) for n in pyproject if pyproject[n] != environment[n]
    }
    assert not differ, f"version bounds differ (pyproject, environment.yml): {differ}"


def test_environment_yml_installs_the_package_itself():
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_entries = next(e["pip"] for e in environment["dependencies"] if isinstance(e, dict))
    assert "-e ." in pip_entries
