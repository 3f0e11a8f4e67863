"""The explorer's widgets reach the browser in bursts the kernel's message queue holds.

Each widget is a model announced in its own message. The explorer once made about 2,000
models for the starting plan (its own layout and style for every slider, reason and row)
and all of them again for every added tier or bonus, never closing the old ones. On a
fresh clone, with the kernel compiling and the server reading slowly, ZeroMQ dropped
messages past its high-water mark (1,000 a socket): the browser logged updates for models
it was never told of, and the Bonuses tab stayed blank.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from ipywidgets.widgets.widget import Widget, _instances  # _instances: live widgets by id

from salesperf_model import explore

ROOT = Path(__file__).resolve().parents[1]
#: ZeroMQ's default high-water mark: the messages one socket queues before it drops.
HIGH_WATER_MARK = 1_000


def _live() -> dict:
    return dict(_instances)


@pytest.fixture
def updates(monkeypatch) -> list[tuple[str, object]]:
    """Every state update a widget sends after it is made (one message each)."""
    sent: list[tuple[str, object]] = []
    send_state = Widget.send_state

    def counted(self, key=None):
        sent.append((type(self).__name__, key))
        return send_state(self, key)

    monkeypatch.setattr(Widget, "send_state", counted)
    return sent


def _tab_levers(app, group: str) -> list[str]:
    return [lever.key for lever in app.levers if lever.group == group]


def test_the_starting_plan_is_a_burst_the_queue_holds_with_one_look_shared(folder, updates):
    before = _live()
    app = explore.ExplorerApp(folder / "baseline.yaml", simulations=2, reps=60)
    made = [w for key, w in _live().items() if key not in before]
    kinds = Counter(type(w).__name__ for w in made)
    assert len(app.levers) == 237
    # each control made with its value, class, greyed state and reason: no update each
    assert len(updates) < 40, Counter(updates).most_common(5)
    # only the first tab's rows: a control, its reason and their row per lever (16 levers);
    # the shared looks, the picker, the figures, the buttons with their own layout and
    # style: 82 whatever the plan. All 237 levers' rows at once were about 825 messages.
    first_tab = _tab_levers(app, explore.GROUPS[0])
    assert len(first_tab) == 16 and set(app.lever_rows.rows) == set(first_tab)
    assert len(made) == 3 * len(first_tab) + 82 == 130, kinds
    assert kinds["Layout"] <= 40 and kinds["SliderStyle"] == 1, kinds  # not one a lever
    sliders = [w for w in made if type(w).__name__ == "FloatSlider"]
    assert len({id(w.layout) for w in sliders}) == 1 and len({id(w.style) for w in sliders}) == 1


def test_each_tab_and_role_makes_its_own_rows_once_when_first_opened(folder, updates):
    app = explore.ExplorerApp(folder / "baseline.yaml", simulations=2, reps=60)
    bursts = {}
    for index, group in enumerate(explore.GROUPS):
        before = _live()
        updates.clear()
        app.tabs.selected_index = index
        made = [w for key, w in _live().items() if key not in before]
        bursts[group] = len(made) + len(updates)
        shown = _tab_levers(app, group)
        if group == "KPI weights":  # the first role's weights; the other roles' not yet
            shown = [k for k in shown if not k.startswith("scoring.weights.")]
            shown += [k for k in app.controls if k.startswith("scoring.weights.new_business.")]
        if index:  # the first tab's rows were made at start
            assert len(made) == 3 * len(shown), (group, len(made), len(shown))
        assert all(app.tabs.children[index].children), group
    assert max(bursts.values()) < 300, bursts  # the KPI weights tab: 72 + 11 levers
    weights = [lever.key for lever in app.levers if lever.key.startswith("scoring.weights.")]
    assert len(app.lever_rows.rows) == len(app.levers) - len(weights) + 11
    for role in app.role.options[1:]:
        before = _live()
        app.role.value = role
        made = [w for key, w in _live().items() if key not in before]
        assert len(made) == 3 * len(app.weights.children), role
    assert set(app.lever_rows.rows) == {lever.key for lever in app.levers}  # every one
    before = _live()
    app.tabs.selected_index = 0  # opened again: nothing made again
    assert [key for key in _live() if key not in before] == []


def test_a_rebuild_fills_only_the_tab_shown_and_the_others_when_next_opened(folder):
    app = explore.ExplorerApp(folder / "baseline.yaml", simulations=2, reps=60)
    for index in range(len(explore.GROUPS)):
        app.tabs.selected_index = index
    app.role.value = "equity_sales"
    app.tabs.selected_index = 0
    before = _live()
    app.picker.value = "flat_commission.yaml"  # one tier, not three: two tiers' rows closed
    boxes = app.tabs.children
    assert app.opened == {0} and boxes[0].children
    assert [index for index, box in enumerate(boxes) if box.children] == [0]
    assert app.weights.children == ()  # no old row (some closed) left on a hidden page
    assert [key for key in _live() if key not in before] == []  # nothing made
    assert all(row.control.comm is not None for row in app.lever_rows.rows.values())
    app.picker.value = "baseline.yaml"  # the tiers back: made only when Commission opens
    assert not any(key.startswith(("tier.2.", "tier.3.")) for key in app.lever_rows.rows)
    before = _live()
    app.tabs.selected_index = commission = explore.GROUPS.index("Commission")
    made = [w for key, w in _live().items() if key not in before]
    tiers = [key for key in app.controls if key.startswith(("tier.2.", "tier.3."))]
    assert len(tiers) == 8 and len(made) == 3 * len(tiers)  # only the rows not kept
    shown = [row.children[0] for row in boxes[commission].children]
    assert all(app.controls[key] in shown for key in tiers)
    app.tabs.selected_index = explore.GROUPS.index("KPI weights")
    assert app.role.value == "equity_sales" and len(app.weights.children) == 13
    edited, start = app.edited().model_dump(exclude={"name"}), app.explorer.scenario
    assert edited == start.model_dump(exclude={"name"})  # the plan's values throughout
    assert all(row.control.value == app.values[key] for key, row in app.lever_rows.rows.items())


def test_a_control_asked_for_before_its_tab_is_opened_is_made_with_the_current_state(folder):
    app = explore.ExplorerApp(folder / "baseline.yaml", simulations=2, reps=60)
    app.controls["grading.method"].value = "forced"  # Grading tab never opened
    band = app.controls["band.A"]  # made now: greyed out, as forced grading ignores bands
    assert band.disabled and "forced" in app.reasons["band.A"].value
    app.controls["pay.commission.cap_attainment"].value = 250.0
    assert app.lever_rows.values["pay.commission.cap_attainment"] == 250.0
    app.tabs.selected_index = explore.GROUPS.index("Commission")
    shown = [row.children[0] for row in app.tabs.children[1].children if row.children]
    assert app.controls["pay.commission.cap_attainment"] in shown
    assert app.controls["pay.commission.cap_attainment"].value == 250.0
    assert "no.such.lever" not in app.controls
    with pytest.raises(KeyError):
        app.controls["no.such.lever"]


def test_adding_a_bonus_makes_only_its_rows_and_keeps_every_other_control(folder, updates):
    app = explore.ExplorerApp(folder / "baseline.yaml", simulations=2, reps=60)
    app.tabs.selected_index = explore.GROUPS.index("Bonuses")
    controls = dict(app.controls)  # every lever's control made
    before = _live()
    updates.clear()
    app.add_bonus("threshold", "nps_award")
    assert len(updates) < 10, updates  # the tab's rows, the picker, the figures
    made = [key for key in _live() if key not in before]
    new_keys = set(app.controls) - set(controls)
    assert new_keys and all(key.startswith("pay.bonuses.nps_award.") for key in new_keys)
    assert len(made) == 3 * len(new_keys)  # control, reason, row: nothing else made again
    assert all(app.controls[key] is control for key, control in controls.items())
    assert not [key for key in before if key not in _live()]  # nothing closed


def test_controls_dropped_by_a_rebuild_are_closed_and_kept_ones_keep_the_edits(folder):
    app = explore.ExplorerApp(folder / "baseline.yaml", simulations=2, reps=60)
    app.controls["tier.2.rate"].value = 6.0
    app._retier(+1)
    added = {key: app.controls[key] for key in ("tier.4.rate", "tier.4.from_attainment")}
    assert app.controls["tier.2.rate"].value == 6.0 and app.values["tier.4.rate"] == 5.0
    app._retier(-1)
    assert "tier.4.rate" not in app.controls
    for control in added.values():
        assert control.comm is None and control not in _instances.values()  # closed
    app.remove_bonus("team_award")
    assert not any(key.startswith("pay.bonuses.team_award.") for key in app.controls)
    app.reset()  # the starting plan's values, set on the controls kept, without a redraw each
    assert app.controls["tier.2.rate"].value == 4.0
    assert "(0.0% vs baseline, 0 CNY)" in app.figures.value
    assert "pay.bonuses.team_award.pool" in app.controls


def test_a_control_set_by_a_rebuild_does_not_repay_but_one_moved_by_the_analyst_does(folder):
    app = explore.ExplorerApp(folder / "baseline.yaml", simulations=2, reps=60)
    repaid = []
    redraw = app.redraw
    app.redraw = lambda: (repaid.append(1), redraw())
    app.controls["tier.2.rate"].value = 6.0
    assert len(repaid) == 1
    app.controls["tier.3.rate"].value = 7.0
    app.reset()  # two controls set back: one redraw for the rebuild, none per control
    assert len(repaid) == 3
    assert app.controls["tier.3.rate"].value == 5.0


def test_the_pickers_made_once_offer_the_plans_roles_and_bonuses_after_each_rebuild(folder):
    app = explore.ExplorerApp(folder / "baseline.yaml", simulations=2, reps=60)
    assert app.bonus_picked.value == "over_achievement" and not app.bonus_remove.disabled
    assert app.role.value == "new_business" and app.weights.children == ()  # not opened
    app.tabs.selected_index = explore.GROUPS.index("KPI weights")
    assert len(app.weights.children) == 11
    app.role.value = "equity_sales"
    app.remove_bonus("over_achievement")
    assert app.bonus_picked.value == app.bonus_picked.options[0] == "new_customer_award"
    assert app.role.value == "equity_sales"  # kept across the rebuild
    assert [row.children[0] for row in app.weights.children] == [
        app.controls[key] for key in app.controls if key.startswith("scoring.weights.equity_sales.")
    ]
