"""The stage cache (issue 18, a fast edit loop): exact round trips, a key for every input,
damaged entries ignored and recomputed, a size bound, parallel writers, and a report run
twice whose second run reuses the simulation and the pay and gives identical tables."""

from __future__ import annotations

import importlib.metadata
import json
import multiprocessing
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from salesperf_model import pipeline
from salesperf_model.cache import keys
from salesperf_model.cache.codec import Uncacheable, decode, encode
from salesperf_model.cache.stages import StageCache
from salesperf_model.cache.store import MANIFEST, EntryStore

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
BASELINE = SCENARIOS / "baseline.yaml"
PLAN = SCENARIOS / "flat_commission.yaml"
SIZES = {"reps": 40, "periods": 6, "simulations": 3, "seed": 7}
MAVEN_MAPPING = ROOT / "mappings" / "maven_crm.yaml"
MAVEN_COPY = ROOT / "tests" / "data" / "maven_crm"


def _round_trip(value: object) -> object:
    arrays: dict[str, np.ndarray] = {}

    def add(array: np.ndarray) -> str:
        arrays[f"a{len(arrays)}"] = array.copy(order="K")
        return f"a{len(arrays) - 1}"

    tree = json.loads(json.dumps(encode(value, add)))  # through JSON text, as stored
    return decode(tree, arrays)


def _same_array(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal bit for bit, with the same dtype, shape and memory order."""
    return (
        a.dtype == b.dtype
        and a.shape == b.shape
        and a.flags.f_contiguous == b.flags.f_contiguous
        and a.flags.c_contiguous == b.flags.c_contiguous
        and np.ascontiguousarray(a).tobytes() == np.ascontiguousarray(b).tobytes()
    )


def _same_frame(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a, b, check_exact=True, check_index_type=True)
    assert list(a.dtypes.astype(str)) == list(b.dtypes.astype(str))
    assert a.columns.dtype == b.columns.dtype and type(a.index) is type(b.index)


def _same_value(a: object, b: object, where: str = "value") -> None:
    """Deep equality: arrays bit for bit, frames exactly, dataclasses field by field."""
    assert type(a) is type(b), f"{where}: {type(a)} != {type(b)}"
    if isinstance(a, np.ndarray):
        assert _same_array(a, b), where
    elif isinstance(a, pd.DataFrame):
        _same_frame(a, b)
    elif isinstance(a, dict):
        assert list(a) == list(b), where
        for key in a:
            _same_value(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, list | tuple):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same_value(x, y, f"{where}[{i}]")
    elif hasattr(a, "__dataclass_fields__"):
        for name in a.__dataclass_fields__:
            _same_value(getattr(a, name), getattr(b, name), f"{where}.{name}")
    elif isinstance(a, float) and np.isnan(a):
        assert np.isnan(b), where
    else:
        assert a == b and repr(a) == repr(b), f"{where}: {a!r} != {b!r}"


def _same_run(a: pipeline.Run, b: pipeline.Run) -> None:
    assert list(a.tables) == list(b.tables)
    for name in a.tables:
        _same_frame(a.tables[name], b.tables[name])
    _same_value(a.evaluations, b.evaluations, "evaluations")
    _same_value(a.outcomes, b.outcomes, "outcomes")


# ---------------------------------------------------------------------------------------
# The codec
# ---------------------------------------------------------------------------------------


def test_the_codec_rebuilds_arrays_frames_and_scalars_bit_for_bit():
    frame = pd.DataFrame(
        {
            "plan": pd.array(["a", "b", None], dtype="str"),
            "mixed": pd.Series(["x", None, 1.5], dtype=object),
            "value": [0.1, -0.0, np.nan],
            "count": np.array([1, 2, 3], dtype=np.int64),
            "flag": [True, False, True],
        },
        index=pd.RangeIndex(5, 8, name="simulation"),
    )
    value = {
        "fortran": np.asfortranarray(np.arange(12.0).reshape(3, 4) / 7),
        "grades": np.array([[0, 3], [1, 2]], dtype=np.int8),
        "empty": np.zeros((0, 4)),
        "scalar": np.float64(np.pi),
        "zero_d": np.array(2.5),
        "when": np.array(["2026-01-01"], dtype="datetime64[D]"),
        "specials": [float("inf"), -0.0, 1e-310, 0.1 + 0.2],
        3: ("tuple", None, True),
        "frame": frame,
        "labelled": frame.set_index("plan"),
    }
    rebuilt = _round_trip(value)
    _same_value(value, rebuilt)
    assert np.signbit(rebuilt["specials"][1]) and np.signbit(rebuilt["frame"]["value"][6])


@pytest.mark.parametrize(
    "value",
    [
        np.array([object()], dtype=object),
        pd.DataFrame({"c": pd.Categorical(["a", "b"])}),
        pd.DataFrame({"n": pd.array([1, None], dtype="Int64")}),
        {"path": Path("x")},
        pd.DataFrame({"a": [1]}, index=pd.MultiIndex.from_tuples([(1, 2)])),
    ],
    ids=["object array", "categorical", "nullable int", "path", "multiindex"],
)
def test_what_the_codec_cannot_store_exactly_is_refused_not_approximated(value):
    with pytest.raises(Uncacheable):
        encode(value, lambda array: "a0")


def test_a_cache_entry_cannot_name_a_class_outside_the_package():
    tree = {"t": "dataclass", "module": "os", "name": "stat_result", "fields": {}}
    with pytest.raises(ValueError, match="outside the package"):
        decode(tree, {})


# ---------------------------------------------------------------------------------------
# The store: damaged entries, the size bound, parallel processes
# ---------------------------------------------------------------------------------------


def _entry_files(store: EntryStore, key: str) -> list[Path]:
    return sorted(store.path(key).glob("*.npy"))


def test_an_entry_reads_back_memory_mapped_and_unchanged(tmp_path):
    store = EntryStore(tmp_path)
    value = {"payouts": np.linspace(0, 1, 1000).reshape(10, 100), "names": ["a", "b"]}
    written = store.write("k" * 64, stage="test", description="a test value", value=value)
    assert written is not None and written.nbytes == 8000
    entry = store.read("k" * 64)
    _same_value(value, entry.value)
    assert entry.description == "a test value" and entry.created.endswith("UTC")
    entry.value["payouts"][0, 0] = 99.0  # copy-on-write: the file keeps its value
    assert store.read("k" * 64).value["payouts"][0, 0] == 0.0
    assert store.read("x" * 64) is None and not store.problems


@pytest.mark.parametrize("damage", ["flip a byte", "truncate", "delete", "manifest", "key"])
def test_a_damaged_entry_is_ignored_removed_and_can_be_written_again(tmp_path, damage):
    store = EntryStore(tmp_path)
    key = "d" * 64
    value = {"a": np.arange(1000.0), "b": np.ones((4, 4), dtype=bool)}
    store.write(key, stage="test", description="v", value=value)
    target = _entry_files(store, key)[0]
    manifest = store.path(key) / MANIFEST
    if damage == "flip a byte":
        data = bytearray(target.read_bytes())
        data[-5] ^= 0xFF
        target.write_bytes(bytes(data))
    elif damage == "truncate":
        target.write_bytes(target.read_bytes()[:200])
    elif damage == "delete":
        target.unlink()
    elif damage == "manifest":
        manifest.write_text(manifest.read_text()[:-10])
    else:  # an entry whose manifest belongs to another key
        text = manifest.read_text().replace('"key": "' + key, '"key": "' + "e" * 64)
        manifest.write_text(text)
    assert store.read(key) is None
    assert store.problems and "ignored and recomputed" in store.problems[0]
    assert not store.path(key).exists()
    store.write(key, stage="test", description="v", value=value)
    _same_value(value, store.read(key).value)


def test_the_folder_is_pruned_least_recently_used_first_to_its_bound(tmp_path):
    megabyte = np.zeros(2**17)  # 1 MiB of float64
    store = EntryStore(tmp_path, max_bytes=int(3.5 * 2**20))
    for name in "abc":
        store.write(name * 64, stage="test", description=name, value=megabyte)
    assert store.read("a" * 64) is not None  # used: now the most recent
    store.write("d" * 64, stage="test", description="d", value=megabyte)
    assert store.read("b" * 64) is None  # least recently used: gone
    for name in "acd":
        assert store.read(name * 64) is not None
    assert sum(size for _used, size, _path in store.entries()) <= store.max_bytes
    big = EntryStore(tmp_path, max_bytes=2**20 // 2)  # one entry larger than the bound
    big.write("e" * 64, stage="test", description="e", value=megabyte)
    assert big.read("e" * 64) is not None and len(big.entries()) == 1


def _writer(folder: str, key: str, seed: int, rounds: int) -> list[str]:
    """Write and read the same keys as other processes; what each read found."""
    store = EntryStore(folder, max_bytes=40 * 2**20)
    found = []
    for round_ in range(rounds):
        value = {"x": np.arange(2**18, dtype=np.float64) * (1 + round_ % 2), "seed": round_ % 2}
        key_now = f"{key}{round_ % 2}".ljust(64, "0")
        entry = store.read(key_now)
        if entry is None:
            store.write(key_now, stage="test", description=key_now, value=value)
            found.append("computed")
        else:
            _same_value(value, entry.value)
            found.append("read")
    return found + store.problems


def test_parallel_processes_writing_and_reading_the_same_keys_never_see_half_an_entry(tmp_path):
    context = multiprocessing.get_context("spawn")
    with context.Pool(3) as pool:
        runs = pool.starmap(_writer, [(str(tmp_path), "shared", seed, 8) for seed in range(3)])
    for found in runs:
        assert set(found) <= {"computed", "read"}, found  # no problem, no torn read
    assert sum(found.count("read") for found in runs) > 0
    store = EntryStore(tmp_path)
    assert {p.name for p in tmp_path.iterdir()} == {
        store.path(f"shared{i}".ljust(64, "0")).name for i in (0, 1)
    }


# ---------------------------------------------------------------------------------------
# Keys: every input, the package version, the source
# ---------------------------------------------------------------------------------------


def test_the_code_version_follows_scipy_and_numba_whose_functions_make_the_draws(monkeypatch):
    """scipy's special functions turn the keyed uniforms into normals and counts, and
    numba compiles the loops that walk them: a new release of either may change a last
    bit, so a result cached under the old one must not be found."""
    before = keys.code_version()
    assert f"scipy {importlib.metadata.version('scipy')}" in before
    assert f"numba {importlib.metadata.version('numba')}" in before
    real = importlib.metadata.version
    for library in ("scipy", "numba"):
        monkeypatch.setattr(
            keys.importlib.metadata,
            "version",
            lambda name, library=library: "0.0.1" if name == library else real(name),
        )
        assert keys.code_version() != before and f"{library} 0.0.1" in keys.code_version()
    monkeypatch.undo()
    assert keys.code_version() == before


def test_the_code_version_follows_the_package_version_and_every_source_file(tmp_path, monkeypatch):
    before = keys.code_version()
    monkeypatch.setattr(keys, "package_version", lambda: "99.0")
    assert keys.code_version() != before and "salesperf_model 99.0 " in keys.code_version()
    package = tmp_path / "package"
    (package / "engine").mkdir(parents=True)
    (package / "engine" / "pay.py").write_text("RATE = 0.03\n")
    monkeypatch.setattr(keys, "PACKAGE_ROOT", package)
    keys.source_digest.cache_clear()
    try:
        first = keys.source_digest()
        keys.source_digest.cache_clear()
        (package / "engine" / "pay.py").write_text("RATE = 0.04\n")
        assert keys.source_digest() != first
    finally:
        keys.source_digest.cache_clear()


def _run(cache: Path, *, plan: Path = PLAN, baseline: Path = BASELINE, **options) -> pipeline.Run:
    return pipeline.run_comparison(plan, baseline, cache_dir=cache, **{**SIZES, **options})


def _reused(run: pipeline.Run) -> list[str]:
    """What a run took from the cache, without the time it was computed."""
    return [phrase.split(", computed")[0] for phrase in run.settings.reused]


@pytest.fixture(scope="module")
def reference() -> pipeline.Run:
    """The run without any cache."""
    return pipeline.run_comparison(PLAN, BASELINE, **SIZES)


@pytest.fixture
def warm(tmp_path, reference) -> Path:
    """A cache folder holding the reference run's simulation and both plans' pay."""
    cold = _run(tmp_path / "cache")
    assert cold.settings.reused == []
    _same_run(reference, cold)
    return tmp_path / "cache"


#: With the baseline's behaviour on, each plan is simulated under its own pay.
ALL = [
    "the simulation under Current plan",
    "the simulation under Flat 3.3% commission",
    "the pay and metrics of Current plan",
    "the pay and metrics of Flat 3.3% commission",
]


def test_a_second_run_reuses_everything_and_is_identical_to_an_uncached_run(warm, reference):
    again = _run(warm)
    assert _reused(again) == ALL
    _same_run(reference, again)


def test_an_edited_plan_reuses_the_baseline_simulation_and_pay_only(warm):
    edited = _run(warm, overrides=["pay.commission.tiers.0.rate=0.034"])
    # the edited plan's reps respond to another plan: its simulation and pay are new
    assert _reused(edited) == [ALL[0], ALL[2]]
    _same_run(
        pipeline.run_comparison(
            PLAN, BASELINE, overrides=["pay.commission.tiers.0.rate=0.034"], **SIZES
        ),
        edited,
    )
    assert _reused(_run(warm, overrides=["pay.commission.tiers.0.rate=0.034"])) == ALL


@pytest.mark.parametrize(
    "change",
    [{"seed": 8}, {"simulations": 4}, {"reps": 41}, {"periods": 5}],
    ids=lambda change: next(iter(change)),
)
def test_another_seed_or_size_reuses_nothing(warm, change):
    assert _reused(_run(warm, **change)) == []


def test_a_baseline_edit_of_its_population_reuses_nothing_of_the_baseline(warm, tmp_path):
    folder = tmp_path / "scenarios"
    shutil.copytree(SCENARIOS, folder)
    text = (folder / "baseline.yaml").read_text(encoding="utf-8")
    assert _reused(_run(warm, plan=folder / PLAN.name, baseline=folder / "baseline.yaml")) == ALL
    baseline = folder / "baseline.yaml"
    baseline.write_text(
        text + "\npopulation:\n  quota:\n    estimate_sigma: 0.2\n", encoding="utf-8"
    )
    assert _reused(_run(warm, plan=folder / PLAN.name, baseline=baseline)) == []


def test_a_new_package_version_reuses_nothing(warm, monkeypatch):
    monkeypatch.setattr(keys, "package_version", lambda: "0.2.0")
    assert _reused(_run(warm)) == []


def test_a_damaged_simulation_entry_is_recomputed_with_the_same_figures(warm, reference):
    store = EntryStore(warm)
    biggest = max(warm.rglob("*.npy"), key=lambda path: path.stat().st_size)
    data = bytearray(biggest.read_bytes())
    data[len(data) // 2] ^= 0x01
    biggest.write_bytes(bytes(data))
    again = _run(warm)
    assert len(_reused(again)) == len(ALL) - 1
    _same_run(reference, again)
    assert _reused(_run(warm)) == ALL and store.entries()


def test_without_a_cache_folder_nothing_is_written_or_reused(tmp_path, reference):
    assert reference.settings.reused == []
    assert not any(tmp_path.iterdir())


@pytest.mark.skipif(not MAVEN_COPY.is_dir(), reason="no Maven CRM export copy in tests/data")
def test_actuals_are_keyed_by_their_content(tmp_path):
    data = tmp_path / "maven"
    shutil.copytree(MAVEN_COPY, data)
    options = {"actuals_mapping": MAVEN_MAPPING, "actuals_data_dir": data}
    cache = tmp_path / "cache"
    first = pipeline.run_comparison(PLAN, BASELINE, cache_dir=cache, **options)
    again = pipeline.run_comparison(PLAN, BASELINE, cache_dir=cache, **options)
    assert _reused(first) == [] and _reused(again) == ALL[2:]  # actuals: no simulation
    _same_run(first, again)
    deals = data / "sales_pipeline.csv"
    lines = deals.read_text(encoding="utf-8").splitlines()
    won = next(i for i, line in enumerate(lines) if ",Won," in line)
    fields = lines[won].split(",")
    fields[-1] = str(int(fields[-1]) + 1000)
    lines[won] = ",".join(fields)
    deals.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _reused(pipeline.run_comparison(PLAN, BASELINE, cache_dir=cache, **options)) == []


def test_a_stage_cache_with_another_code_version_finds_nothing(tmp_path):
    cache = StageCache(tmp_path, code="one")
    value = pipeline.outcomes_for(pipeline.load_plans([], BASELINE).scenarios["baseline"], **SIZES)
    cache.outcomes({"x": 1}, lambda: value, describe="the baseline simulation")
    assert StageCache(tmp_path, code="one").outcomes({"x": 1}, lambda: 1 / 0, describe="s")
    other = StageCache(tmp_path, code="two")
    assert other.outcomes({"x": 1}, lambda: value, describe="s") is value and not other.reused


def test_a_cache_folder_that_cannot_be_written_costs_nothing_but_the_reuse(tmp_path, reference):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    run = _run(blocker / "cache")
    assert run.settings.reused == []
    _same_run(reference, run)
    store = EntryStore(blocker / "cache")
    assert store.write("f" * 64, stage="t", description="v", value=1) is None
    assert "not cached" in store.problems[0]
