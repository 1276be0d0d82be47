"""Running tasks: a local process pool, or a Dask distributed cluster (`--scheduler tcp://HOST:PORT`).

Both keep a bounded number of tasks in flight (so files are read only shortly before they are checked
and memory stays flat), hand each `Result` to `handle` as it completes, in the parent process, and turn
any failure of the machinery itself into an error row, never a stopped batch.
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterator

from ..errors import UsageError
from .worker import Result, Task, check_one, error_row

CRASHED = ("the worker process stopped while checking this file (a crash, or not enough memory); "
           "it was tried twice")


def run_local(tasks: Iterator[Task], jobs: int, handle: Callable[[Result], None]) -> None:
    """Check on `jobs` worker processes. After a worker crash, the tasks that were in flight are tried
    again one at a time in a fresh pool, so that only the file that crashes it is reported."""
    retry: deque[Task] = deque()
    pending: dict = {}
    pool = ProcessPoolExecutor(max_workers=jobs)
    try:
        while True:
            while retry and not pending:
                task = retry.popleft()
                pending[pool.submit(check_one, task)] = task
            while not retry and len(pending) < 2 * jobs:
                task = next(tasks, None)
                if task is None:
                    break
                pending[pool.submit(check_one, task)] = task
            if not pending:
                return
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                task = pending.pop(future)
                try:
                    handle(future.result())
                except BrokenProcessPool:
                    broken = True
                    _again(task, retry, handle)
            if broken:
                for task in pending.values():
                    _again(task, retry, handle)
                pending.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                pool = ProcessPoolExecutor(max_workers=jobs)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _again(task: Task, retry: deque, handle: Callable[[Result], None]) -> None:
    if task.attempt >= 2:
        handle(Result(task.key, error_row(CRASHED, 70)))
    else:
        task.attempt += 1
        retry.append(task)


def _reachable(address: str) -> None:
    """Fail at once, not after the client's time-out, when nothing listens at a tcp:// address."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    if parts.scheme != "tcp" or not parts.hostname or not parts.port:
        return
    try:
        socket.create_connection((parts.hostname, parts.port), timeout=5).close()
    except OSError as exc:
        raise UsageError(f"cannot reach the Dask scheduler at {address} ({exc.strerror or exc})") from None


def run_dask(tasks: Iterator[Task], scheduler: object, handle: Callable[[Result], None]) -> None:
    """Check on a Dask cluster: `scheduler` is its address (tcp://HOST:PORT) or a `distributed.Client`."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise UsageError("--scheduler needs Dask: install it with pip install 'checker[cluster]'") from None
    own = not isinstance(scheduler, Client)
    if own:
        _reachable(str(scheduler))
    try:
        client = Client(scheduler, timeout="20s") if own else scheduler
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
    try:
        limit = 2 * max(1, sum(client.nthreads().values()))
        futures: dict = {}
        running = as_completed()

        def submit(task: Task) -> None:
            future = client.submit(check_one, task, pure=False, retries=1)
            futures[future.key] = task
            running.add(future)

        for _ in range(limit):
            task = next(tasks, None)
            if task is None:
                break
            submit(task)
        for future in running:
            task = futures.pop(future.key)
            try:
                result = future.result()
            except Exception as exc:  # the cluster lost the task (a worker died twice, a connection broke)
                result = Result(task.key, error_row(f"the cluster could not check this file: "
                                                    f"{type(exc).__name__}: {exc}", 70))
            future.release()
            handle(result)
            task = next(tasks, None)
            if task is not None:
                submit(task)
    finally:
        if own:
            client.close()
