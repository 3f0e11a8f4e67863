"""Seat labels (role, region, team codes) worked out once per rep table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesperf_model.seat_labels import labels_of, seat_labels


def _reps() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "role": pd.array(["new_business", "account_manager", "regional_manager"] * 4, "str"),
            "region_tier": [1, 2, 3, 1] * 3,
        }
    )


def test_codes_and_names_are_np_uniques() -> None:
    reps = _reps()
    labels = seat_labels(reps, "role")
    names, codes = np.unique(reps["role"].astype(str).to_numpy(), return_inverse=True)
    assert labels.names == tuple(names)
    assert labels.codes.tolist() == codes.tolist()
    assert labels.strings().tolist() == reps["role"].tolist()


def test_kept_while_the_column_is_unchanged_and_redone_when_it_changes() -> None:
    reps = _reps()
    first = seat_labels(reps, "role")
    assert seat_labels(reps, "role") is first
    reps.loc[0, "role"] = "overlay"
    changed = seat_labels(reps, "role")
    assert changed.names == ("account_manager", "new_business", "overlay", "regional_manager")
    assert changed.strings()[0] == "overlay"
    reps["role"] = pd.array(["a"] * len(reps), "str")
    assert seat_labels(reps, "role").names == ("a",)


def test_codes_cannot_be_changed_by_a_caller() -> None:
    labels = seat_labels(_reps(), "role")
    with pytest.raises(ValueError):
        labels.codes[0] = 2


def test_values_isin_and_subset() -> None:
    labels = seat_labels(_reps(), "role")
    values = labels.values({"new_business": 1.5}, 1.0)
    assert values[:3].tolist() == [1.5, 1.0, 1.0]
    assert labels.isin(["regional_manager", "nobody"]).tolist()[:3] == [False, False, True]
    part = labels.subset(np.array([2, 0]))
    assert part.strings().tolist() == ["regional_manager", "new_business"]
    assert part.names == labels.names


def test_numbers_and_plain_columns_are_coded_as_strings() -> None:
    assert seat_labels(_reps(), "region_tier").names == ("1", "2", "3")
    assert labels_of(np.array([10, 9])).names == ("10", "9")  # string order, as np.unique


_LABEL = st.one_of(
    st.text(alphabet="aAbZé中😀 _-0123456789", max_size=4), st.integers(-20, 200).map(str)
)


@settings(max_examples=80, deadline=None)
@given(values=st.lists(_LABEL, max_size=40), dtype=st.sampled_from(["str", "object"]))
def test_names_sorted_as_python_sorts_them_codes_their_places(values, dtype) -> None:
    """The labels as Python sorts strings (code point by code point, "10" before "9"),
    each seat's code its label's place among them, whatever the column's storage."""
    labels = labels_of(pd.Series(values, dtype=dtype).array)
    names = sorted(set(values))
    assert labels.names == tuple(names)
    assert all(type(name) is str for name in labels.names)
    assert labels.codes.tolist() == [names.index(v) for v in values]


def test_a_blank_label_is_coded_as_the_text_nan() -> None:
    labels = labels_of(pd.Series(["b", None, "a"], dtype=object).array)
    assert labels.names == ("a", "b", "nan")
    assert labels.codes.tolist() == [1, 2, 0]


def test_a_shallow_copy_of_the_table_reuses_the_codes_and_its_edits_stay_its_own() -> None:
    """The codes belong to the column's (immutable) Arrow data: a shallow copy of the rep
    table, as each chunk of a run gets (``simulate.seats.seated``), shares them; an
    edit to the copy makes new data and is coded afresh, the original's codes unchanged."""
    reps = _reps()
    first = seat_labels(reps, "role")
    copy = reps.copy(deep=False)
    assert seat_labels(copy, "role") is first
    copy.loc[0, "role"] = "overlay"
    assert seat_labels(copy, "role").strings()[0] == "overlay"
    assert seat_labels(reps, "role") is first
    assert first.strings()[0] == "new_business"


def test_label_strings_are_the_columns_values_read_only() -> None:
    from salesperf_model.seat_labels import label_strings

    reps = _reps()
    strings = label_strings(reps, "role")
    assert strings.dtype == object and strings.tolist() == reps["role"].tolist()
    with pytest.raises(ValueError):
        strings[0] = "x"
    blanks = pd.DataFrame({"role": pd.array(["a", None, "b"], "str")})
    assert label_strings(blanks, "role")[0] == "a" and pd.isna(label_strings(blanks, "role")[1])
    assert label_strings(reps, "region_tier").tolist() == reps["region_tier"].tolist()


def test_kept_labels_only_for_arrow_text() -> None:
    """A plain object column is not coded for a quick look (its own values are quicker)."""
    from salesperf_model.seat_labels import kept_labels, label_strings

    reps = _reps()
    assert kept_labels(reps, "role") is seat_labels(reps, "role")
    plain = pd.DataFrame({"role": pd.Series(["b", "a"], dtype=object)})
    assert kept_labels(plain, "role") is None
    strings = label_strings(plain, "role")
    assert strings.tolist() == ["b", "a"]
    plain.loc[0, "role"] = "c"  # the frame stays editable, the strings as they were
    assert strings.tolist() == ["b", "a"] and plain["role"].tolist() == ["c", "a"]
