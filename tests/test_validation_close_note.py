"""A check reproduced only within its tolerance gets one readable sentence in the finding's
notes: it read "...not inside the published 5-8 points (6-8% against under 1% for a
linear plan) (ours +3.2 points); its PASS counts...", two brackets in a row."""

from __future__ import annotations

from salesperf_model.validation import Check
from salesperf_model.validation.experiment import status_notes
from salesperf_model.validation.verdicts import Published

LARKIN_DIFFERENCE = Published(
    0.05,
    0.08,
    "5-8 points (6-8% against under 1% for a linear plan)",
    "within a factor of two (3 to 16 points)",
)


def _check(ours: float, published: Published | None, unit: str = "points") -> Check:
    return Check(
        "Accelerator minus the linear plan",
        ours,
        0.001,
        1,
        (0.025, 0.16),
        unit=unit,
        published=published,
    )


def test_a_close_check_is_one_sentence_without_brackets_in_a_row():
    [note] = status_notes([_check(0.032, LARKIN_DIFFERENCE)])
    assert note == (
        "Accelerator minus the linear plan: ours is +3.2 points, outside the published 5-8 "
        "points (6-8% against under 1% for a linear plan) but within a factor of two (3 to "
        "16 points), so its PASS counts the tolerance, not the published figure."
    )
    assert ") (" not in note and ". " not in note and "; " not in note  # one sentence


def test_a_share_reads_in_percent_and_a_pass_or_a_fail_has_no_note():
    share = Published(0.06, 0.08, "6-8%", "within a factor of two (3% to 16%)")
    [note] = status_notes([_check(0.032, share, unit="share")])
    assert note.startswith(
        "Accelerator minus the linear plan: ours is +3.2%, outside the published 6-8% but "
        "within a factor of two (3% to 16%), so its PASS"
    )
    inside, failed = _check(0.06, LARKIN_DIFFERENCE), _check(0.2, LARKIN_DIFFERENCE)
    assert (inside.status, failed.status) == ("pass", "fail")
    assert status_notes([inside, failed, _check(0.032, None)]) == []
