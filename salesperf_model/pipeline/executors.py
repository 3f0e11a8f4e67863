"""Where chunks of work run: one ``concurrent.futures.Executor`` for local processes, this process, or a Dask cluster.

``make_executor()`` is the one factory: every door that runs work in pieces (the chunked
comparison here, sweeps and the optimizer) takes any ``Executor``, so a Dask cluster is
one argument away. Dask's executor is made with ``pure=False`` (Dask's default would run
identical calls once) and retries a task whose worker died; results do not depend on
where a piece ran, since every piece carries its own seeds.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

#: Seconds to wait for a Dask scheduler to answer before saying it does not.
SCHEDULER_TIMEOUT = 10.0
#: Times Dask runs a piece again when it raised (a worker that dies is retried by the
#: scheduler itself, up to its ``allowed-failures``, default 3).
DASK_RETRIES = 0


class SchedulerUnreachable(ConnectionError):
    """No Dask scheduler answered at the address given."""


class InProcessExecutor(Executor):
    """Runs each call at once, in this process (one worker: no pickling, no start-up)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:  # handed to the caller through the future
            future.set_exception(error)
        return future


def _leave_interrupts_to_the_command() -> None:
    """Worker initializer: Ctrl-C reaches the terminal's whole process group; the command
    alone decides what stops (and stops its workers), so a worker prints no traceback. A
    forked worker also drops the command's own SIGTERM handler: SIGTERM ends it quietly."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


class LocalWorkers(ProcessPoolExecutor):
    """Local worker processes that stop with the command: leaving the ``with`` block on an
    exception (a failed chunk, Ctrl-C, SIGTERM) drops the queued pieces and ends the
    running ones at once, rather than waiting for them or leaving them behind. Its workers
    ignore Ctrl-C (the command stops them)."""

    def __init__(self, max_workers: int, mp_context: Any) -> None:
        super().__init__(
            max_workers=max_workers,
            mp_context=mp_context,
            initializer=_leave_interrupts_to_the_command,
        )

    def _spawn_process(self) -> None:
        # A worker started while SIGINT is ignored starts ignoring it: Python installs its
        # KeyboardInterrupt handler only where SIGINT is not ignored, so a Ctrl-C while a
        # worker is still importing prints no traceback from it.
        previous = signal.getsignal(signal.SIGINT)  # None: set outside Python, kept
        if previous is None or threading.current_thread() is not threading.main_thread():
            super()._spawn_process()
            return
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            super()._spawn_process()
        finally:
            signal.signal(signal.SIGINT, previous)

    def __exit__(self, kind: Any, error: Any, trace: Any) -> bool:
        if kind is not None:
            for process in list((getattr(self, "_processes", None) or {}).values()):
                process.terminate()
            self.shutdown(wait=True, cancel_futures=True)
            return False
        return bool(super().__exit__(kind, error, trace))


class DaskExecutor(Executor):
    """A Dask client's executor (``pure=False``) that closes the client it opened."""

    def __init__(self, client: Any, *, owns_client: bool) -> None:
        self.client = client
        self.owns_client = owns_client
        self._executor = client.get_executor(pure=False, retries=DASK_RETRIES)

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        return self._executor.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._executor.shutdown(wait=wait)
        if self.owns_client:
            self.client.close()

    @property
    def workers(self) -> int:
        """Workers the cluster has now."""
        return len(self.client.scheduler_info(n_workers=-1).get("workers", {}))


def default_workers() -> int:
    """Local worker processes by default: one per core."""
    return max(1, os.cpu_count() or 1)


def _client(scheduler: str, timeout: float) -> Any:
    from distributed import Client
    from distributed.comm import parse_address
    from distributed.comm.addressing import parse_host_port

    try:  # checked first: a Client made of a bad address hangs 20 s as it is collected
        protocol, location = parse_address(scheduler)
        if protocol == "inproc" and not _in_this_process(location):
            raise ValueError(
                "an inproc:// address names a scheduler inside this Python process, and "
                "none runs here"
            )
        if protocol in ("tcp", "tls", "ws", "wss"):
            host, port = parse_host_port(location)
            if not host:
                raise ValueError("no host before the port")
            if not 0 < port < 65536:
                raise ValueError(f"port {port} is not one from 1 to 65535")
    except ValueError as error:
        raise ValueError(
            f"{scheduler!r} is not a scheduler address ({error}); expected a Dask scheduler "
            "address such as tcp://HOST:8786"
        ) from None
    expected = (
        "expected the address of a running scheduler, e.g. tcp://HOST:8786 "
        "(start one with `dask scheduler`, workers with `dask worker tcp://HOST:8786`)"
    )
    try:  # the handshake first: a Client half made of a wrong address hangs as it closes
        _refused_at_once(protocol, location)
        _handshake(scheduler, timeout)
        return Client(scheduler, timeout=timeout, set_as_default=False)
    except ConnectionRefusedError as error:
        raise SchedulerUnreachable(
            f"no Dask scheduler at {scheduler!r} ({error}); {expected}"
        ) from None
    except (OSError, TimeoutError) as error:
        raise SchedulerUnreachable(
            f"no Dask scheduler answered at {scheduler!r} within {timeout:g} s "
            f"({str(error) or 'no answer'}); {expected}"
        ) from None
    except Exception as error:  # a web server, a proxy: bytes that are not Dask's
        raise SchedulerUnreachable(
            f"something answered at {scheduler!r}, but not as a Dask scheduler (its reply "
            f"could not be read as Dask's: {type(error).__name__}); {expected}"
        ) from None


def _in_this_process(location: str) -> bool:
    """An in-process scheduler (``LocalCluster(processes=False)``) listens at ``location``."""
    from distributed.comm.inproc import global_manager

    try:
        return global_manager.get_listener_for(location) is not None
    except Exception:  # an address of another process or a malformed one
        return False


def _refused_at_once(protocol: str, location: str) -> None:
    """A TCP address where nothing listens refuses at once (Dask's own connect retries
    until its timeout, then says only that nothing answered)."""
    import socket

    from distributed.comm.addressing import parse_host_port

    if protocol not in ("tcp", "tls"):
        return
    host, port = parse_host_port(location)
    try:
        socket.create_connection((host.strip("[]"), port), timeout=1.0).close()
    except ConnectionRefusedError:
        raise ConnectionRefusedError(
            f"connection refused: nothing listens on port {port}"
        ) from None
    except OSError:  # slow or unresolved: left to the handshake and its timeout
        return


def _handshake(scheduler: str, timeout: float) -> None:
    """Dask's opening handshake with ``scheduler`` within ``timeout`` s in all (Dask's own
    timeout covers the connection alone: a server that accepts and says nothing, such as
    a web server's port, held the client forever). Run in a thread of its own, since a
    Jupyter kernel's thread already runs an event loop."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from distributed.comm import connect

    async def opening() -> None:
        comm = await connect(scheduler, timeout=timeout)
        await comm.close()

    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, asyncio.wait_for(opening(), timeout)).result()


def make_executor(
    scheduler: str | Any | None = None,
    workers: int | None = None,
    *,
    timeout: float = SCHEDULER_TIMEOUT,
) -> Executor:
    """The executor pieces of work run on.

    - ``scheduler`` None: ``workers`` local processes (default one per core); with
      ``workers=1``, this process (no start-up, no pickling).
    - ``scheduler`` a Dask scheduler address (``tcp://HOST:8786``): a client to it, closed
      with the executor; :class:`SchedulerUnreachable` when none answers in ``timeout`` s.
    - ``scheduler`` a ``distributed.Client``: its executor (the client stays open).

    Use it as a context manager (``with make_executor(...) as executor:``) so workers and
    clients are closed."""
    if scheduler is None:
        count = default_workers() if workers is None else workers
        if count < 1:
            raise ValueError(f"workers must be at least 1, got {count}")
        if count == 1:
            return InProcessExecutor()
        # spawned, not forked: a fork of a process with threads (a Dask client, a kernel)
        # can hang; the report batch spawns its workers too
        context = multiprocessing.get_context("spawn")
        return LocalWorkers(count, context)
    if isinstance(scheduler, str):
        if not scheduler.strip():
            raise ValueError("scheduler: expected a Dask scheduler address, got ''")
        return DaskExecutor(_client(scheduler, timeout), owns_client=True)
    if hasattr(scheduler, "get_executor") and hasattr(scheduler, "scheduler_info"):
        return DaskExecutor(scheduler, owns_client=False)
    raise TypeError(
        f"scheduler: expected None, a Dask scheduler address (tcp://HOST:8786) or a "
        f"distributed.Client, got {type(scheduler).__name__}"
    )
