"""The explorer's files: the scenario it starts from (the picker, kept in step with the plan shown) and Save."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from salesperf_model.explore.plan_values import PlanRefused
from salesperf_model.explore.save import (
    diff_rows,
    plan_differences,
    save_scenario,
    scenario_file_name,
    write_problem,
)
from salesperf_model.present.format import escape

if TYPE_CHECKING:
    import ipywidgets as widgets

    from salesperf_model.explore.explorer import Explorer


def scenario_files(folder: Path) -> list[str]:
    """The scenario files the picker offers: .yaml and .yml, any case, not hidden."""
    return sorted(
        p.name
        for p in folder.iterdir()
        if p.suffix.lower() in (".yaml", ".yml") and not p.name.startswith(".") and p.is_file()
    )


class StartingFile:
    """The picker and Save of :class:`~salesperf_model.explore.app.ExplorerApp`, which
    gives ``start_from`` and ``edited``."""

    folder: Path
    started: str
    picker: widgets.Dropdown
    message: widgets.HTML
    save_name: widgets.Text
    explorer: Explorer | None
    _reverting: bool

    @property
    def start_path(self) -> Path:
        """The starting scenario's file."""
        return self.folder / self.started

    def _picked(self, file_name: str) -> None:
        """Start from the file picked; one that does not load is said and the picker goes
        back to the plan still shown, its edits kept; edits left behind are said."""
        from salesperf_model.loading import ScenarioError

        if self._reverting or file_name == self.started:
            return
        left, edited = self.started, self._has_edits()
        try:
            self.start_from(file_name)
        except (ScenarioError, OSError, ValueError) as problem:
            self._show_picked(left)
            self.message.value = (
                f"<b>Could not start from {escape(file_name)}:</b> {escape(problem)}. "
                f"Still on {escape(left)}, with your edits."
            )
            return
        if edited:
            self.message.value = (
                f"Started from {escape(file_name)}; the edits to {escape(left)} were not saved"
            )

    def _show_picked(self, file_name: str, options: list[str] | None = None) -> None:
        """Set the picker (and its options) without starting from anything."""
        self._reverting = True
        try:
            if options is not None:
                self.picker.options = options
            self.picker.value = file_name
        finally:
            self._reverting = False

    def _has_edits(self) -> bool:
        if self.explorer is None:
            return False
        try:
            return bool(plan_differences(self.edited(), self.explorer.scenario))
        except PlanRefused:
            return True

    def save(self) -> Path | None:
        """Write the edited plan next to the starting file; nothing from an invalid plan,
        and a file that cannot be written said in words (the button shows no traceback)."""
        from salesperf_model.loading import ScenarioError

        out: Path | None = None
        try:
            scenario = self.edited()
            out = self.folder / scenario_file_name(self.save_name.value.strip())
            save_scenario(scenario, self.explorer.scenario, self.start_path, out_path=out)
        except (PlanRefused, ValueError, FileExistsError, ScenarioError) as problem:
            self.message.value = f"<b>Not saved:</b> {escape(problem)}"
            return None
        except OSError as problem:
            self.message.value = (
                f"<b>Not saved:</b> {escape(write_problem(out or self.folder, problem))}"
            )
            return None
        try:
            changed = diff_rows(out)  # as `salesperf diff` counts them
        except (ScenarioError, OSError):  # saved, but not read back just now
            changed = "some"
        self._show_picked(self.started, scenario_files(self.folder))
        self.message.value = f"Saved {escape(out)} ({changed} changed setting{'' if changed == 1 else 's'}, extends {escape(self.started)})"
        return out
