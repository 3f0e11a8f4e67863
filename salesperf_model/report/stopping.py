"""Stopping a batch cleanly on SIGINT or SIGTERM: the signal becomes an exception in the
batch process, and every worker and kernel it started is stopped, none left running."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from multiprocessing import resource_tracker
from types import FrameType

import psutil

from salesperf_model.report.results import BatchResult


class BatchInterrupted(Exception):
    """SIGINT or SIGTERM reached the batch; ``signal_name`` says which."""

    def __init__(self, signal_name: str) -> None:
        super().__init__(f"stopped by {signal_name}")
        self.signal_name = signal_name
        #: What the batch finished before it stopped (set by the batch once its index is
        #: written).
        self.result: BatchResult | None = None


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Turn SIGINT and SIGTERM into :class:`BatchInterrupted` while the block runs (main
    thread only; elsewhere signals keep their handlers)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    fired: list[int] = []

    def interrupt(number: int, frame: FrameType | None) -> None:
        if fired:  # a second signal while the first is being handled: already stopping
            return
        fired.append(number)
        raise BatchInterrupted(signal.Signals(number).name)

    previous = {s: signal.signal(s, interrupt) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def ignore_interrupts_in_worker() -> None:
    """Worker initializer: Ctrl-C reaches the whole terminal process group; the batch
    process alone decides what stops, so workers do not die half-way through a publish."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def stop_descendants(grace: float = 3.0) -> int:
    """Stop every process this one started, however deep (workers, kernels in their own
    sessions, their children): frozen first so none can start another, then terminated,
    killed after ``grace`` seconds. Returns how many there were."""
    me = psutil.Process()
    # multiprocessing's resource tracker is not ours to stop: it exits with this process,
    # and stopping it early makes it print a traceback.
    tracker = getattr(resource_tracker._resource_tracker, "_pid", None)
    seen: dict[int, psutil.Process] = {}
    while True:
        found = [p for p in me.children(recursive=True) if p.pid not in seen and p.pid != tracker]
        if not found:
            break
        for process in found:
            seen[process.pid] = process
            with contextlib.suppress(psutil.Error):
                process.suspend()
    processes = list(seen.values())
    for process in processes:
        with contextlib.suppress(psutil.Error):
            process.terminate()
            process.resume()
    _, alive = psutil.wait_procs(processes, timeout=grace)
    for process in alive:
        with contextlib.suppress(psutil.Error):
            process.kill()
    psutil.wait_procs(alive, timeout=grace)
    return len(processes)
