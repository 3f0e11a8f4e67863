"""The plans a scenario's ``pay_changes`` name, read while loading it: each change's
``pay`` is filled in from its plan file's pay section (a path relative to the file that
names it, a parent's when inherited through ``extends``), so the scenario carries what it
pays and survives a dump and a re-validation. A plan in another currency is refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from salesperf_model.loading.errors import Problem
from salesperf_model.loading.paths import KeyPath, Origin


def fill_change_pays(
    data: dict[str, Any],
    path: Path,
    *,
    origins: dict[KeyPath, Origin],
    problems: list[Problem],
) -> None:
    """Set ``pay`` of every ``pay_changes`` item that names a ``plan`` and gives no
    ``pay``, from that plan's file (loaded as a scenario; its own pay_changes are not
    followed); a missing or broken plan file is a Problem naming file, line, key, value."""
    from salesperf_model.loading.errors import ScenarioError
    from salesperf_model.loading.load import load_scenario  # the loader calls this module

    changes = data.get("pay_changes")
    if not isinstance(changes, list):
        return
    for i, change in enumerate(changes):
        if not isinstance(change, dict) or "pay" in change or not change.get("plan"):
            continue
        key = ("pay_changes", i, "plan")
        source, line = origins.get(key, (None, None))
        # beside the file that names the plan: an inherited change (extends) reads it
        # beside its own file, not beside the scenario that extends it
        beside = Path(source).parent if source else path.parent
        target = (beside / str(change["plan"])).resolve()
        problem = None
        try:
            if not target.is_file():
                raise FileNotFoundError(f"no such scenario file beside {source or path}")
            if target.suffix.lower() not in (".yaml", ".yml"):  # nor echo another file's text
                raise FileNotFoundError(f"{target.name} is not a scenario file (.yaml or .yml)")
            plan = load_scenario(target, changes=False)
            currency = data.get("currency", "CNY")
            if plan.currency != currency:
                problem = (
                    f"{target.name} pays in {plan.currency} and this scenario in {currency}: "
                    "its amounts would be paid as the wrong currency"
                )
            else:
                change["pay"] = plan.pay.model_dump(by_alias=True)
        except (FileNotFoundError, ScenarioError) as error:
            problem = " ".join(str(error).split())  # the plan file's own problems, whole
        except OSError as error:  # a path the system refuses, e.g. a name too long
            problem = f"cannot read the plan: {error.strerror}"
        if problem:
            problems.append(
                Problem(
                    file=str(path),
                    path=f"pay_changes.{i}.plan",
                    message=problem,
                    value=change["plan"],
                    expected="a valid scenario file in the same currency, its path relative "
                    "to the file that names it, e.g. steep_accelerator.yaml",
                    source=source,
                    line=line,
                )
            )
