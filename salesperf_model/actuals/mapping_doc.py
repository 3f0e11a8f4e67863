"""Generate the mapping reference (docs/mappings.md) from the mapping models.

Like docs/parameters.md for scenarios, the reference is never written by hand: every key,
type, default, allowed range and description comes from :class:`ActualsMapping`, so it
cannot drift from what the loader accepts. `salesperf mappings --out docs/mappings.md`
regenerates it; a test fails when the committed file is out of date.
"""

from __future__ import annotations

from salesperf_model.actuals.mapping import ActualsMapping
from salesperf_model.schema import parameter_rows
from salesperf_model.schema.reference import ParameterRow

REGENERATE_MAPPINGS_COMMAND = "salesperf mappings --out docs/mappings.md"

_INTRO = [
    "A mapping (`mappings/*.yaml`) says which columns of a CRM export mean what, and which"
    " rules fill in what the export lacks. `salesperf import MAPPING.yaml`, `salesperf"
    " calibrate MAPPING.yaml` and `salesperf report --actuals MAPPING.yaml` read it;"
    " `mappings/maven_crm.yaml` is a worked example. `N` stands for a list index, `<name>`"
    " for a key you choose.",
    "",
    "How a mapping is read (`salesperf_model.loading`, the scenario loader):",
    "",
    "- YAML is loaded safely (tags that build objects are refused); a key written twice is"
    " refused, naming both lines. Unknown keys are refused with the closest valid key; every"
    " problem is reported together, each as `file:line: key: what is wrong (value)`.",
    "- `extends: other.yaml` and the file limits work as for scenarios (docs/parameters.md).",
    "- Money: `currency` is the export's currency. A plan in the same currency is paid on the"
    " amounts as they are; a plan in another currency needs `rates.<PLAN CURRENCY>` (plan"
    " units per unit of the export's currency), or the import is refused, naming the file,"
    " the key and the fix. Every report names the plan's currency and the rate used. A"
    " column of the opportunity file the mapping does not read is named in the report; one"
    " holding currency codes (`currency`, `curr`, `ccy`, `iso`) other than `currency` puts"
    " those rows in error: left out, so the import is refused unless `--lenient`.",
    "- Nothing is lost silently: every row left out or changed is counted, with the won"
    " revenue it carries and the mapping key that would fix it. An import that would leave"
    " out won revenue is refused by default with the count, the amount and the first rows;"
    " `--lenient` (`lenient=True`) imports without them and every report says so. The file's"
    " rows and won revenue are reconciled against the import's in the validation report.",
]


def _cell(text: str) -> str:
    """A Markdown table cell: pipes escaped, one line."""
    return text.replace("|", "\\|").replace("\n", " ")


def _table(rows: list[ParameterRow]) -> list[str]:
    lines = ["| key | type | default | allowed | description |", "|---|---|---|---|---|"]
    lines += [
        f"| `{_cell(r.key)}` | {_cell(r.type)} | {_cell(r.default)} | {_cell(r.allowed)}"
        f" | {_cell(r.description)} |"
        for r in rows
    ]
    return lines


def render_mapping_markdown() -> str:
    """The whole mapping reference as Markdown."""
    lines = [
        "# Mapping reference",
        "",
        f"<!-- Generated from the mapping models by `{REGENERATE_MAPPINGS_COMMAND}`."
        " Do not edit by hand. -->",
        "",
        *_INTRO,
    ]
    sections: dict[str, list[ParameterRow]] = {}
    for row in parameter_rows(ActualsMapping):
        sections.setdefault(row.section, []).append(row)
    for section, rows in sections.items():
        heading = "## Top level" if section == "top level" else f"## `{_cell(section)}`"
        lines += ["", heading, ""]
        if rows[0].section_doc:
            lines += [_cell(rows[0].section_doc), ""]
        lines += _table(rows)
    return "\n".join(lines).rstrip() + "\n"
