"""What keeps two batches, or a batch and other files, from spoiling an output folder: a
lock naming its holder, and report folder names that would replace a folder no batch wrote."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
from collections.abc import Iterator, Sequence
from pathlib import Path

from salesperf_model.report.jobs import NotebookJob
from salesperf_model.report.results import FAILED_FILE, REPORT_FILE

LOCK_NAME = ".salesperf-report.lock"


class BatchRefused(RuntimeError):
    """The batch cannot start; the message is one line saying why and what to do."""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _holder(lock: Path) -> dict[str, object] | None:
    """The lock's record (pid, host, started), or None when it cannot be read."""
    try:
        record = json.loads(lock.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


@contextlib.contextmanager
def out_dir_lock(out: Path, notes: list[str]) -> Iterator[None]:
    """Hold ``out/.salesperf-report.lock`` while the batch runs. A lock held by a live
    process (or one on another host) refuses the batch, naming the holder; a lock left by a
    process that is gone is taken over, with a line in ``notes``."""
    lock = out / LOCK_NAME
    me = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "started": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
    }
    for _ in range(2):
        try:
            handle = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            holder = _holder(lock)
            pid, host = (holder or {}).get("pid"), (holder or {}).get("host")
            if holder is not None and (host != me["host"] or _alive(int(pid))):  # type: ignore[arg-type]
                raise BatchRefused(
                    f"another report batch is writing to {out}: pid {pid} on host {host}, "
                    f"started {holder.get('started')}; wait for it to finish (or, if it is "
                    f"gone, remove {lock})"
                ) from None
            what = f"pid {pid} on host {host}" if holder else "an unreadable lock"
            notes.append(f"took over the lock of a batch that is gone ({what})")
            lock.unlink(missing_ok=True)
            continue
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(me, stream)
        break
    else:
        raise BatchRefused(f"cannot take the lock {lock}: another batch took it first")
    try:
        yield
    finally:
        if _holder(lock) == me:
            lock.unlink(missing_ok=True)


def _is_report_folder(folder: Path) -> bool:
    return (folder / REPORT_FILE).is_file() or (folder / FAILED_FILE).is_file()


def refuse_collisions(out: Path, jobs: Sequence[NotebookJob], batch_slugs: set[str]) -> None:
    """Refuse jobs whose folder would replace something in ``out`` no batch wrote (a
    scenario ``docs.yaml`` and an existing ``docs/`` folder): a batch replaces only the
    folders its manifest lists or that hold a report or a failure note."""
    clashes = []
    for job in jobs:
        target = out / job.slug
        if not (target.exists() or target.is_symlink()) or job.slug in batch_slugs:
            continue
        if target.is_symlink() or not target.is_dir() or not _is_report_folder(target):
            clashes.append(f"{job.source or job.label} -> {job.slug}/")
    if clashes:
        raise BatchRefused(
            f"{out} already holds {', '.join(c.split(' -> ')[1] for c in clashes)} that no "
            f"report batch wrote, and the reports of {'; '.join(clashes)} would replace it; "
            "rename the scenario file or choose another --out"
        )
