"""Running checks off the event loop: in a pool of worker processes, or in threads when workers=0.

A bounded number of checks may be running or waiting at once; beyond that `submit` returns a 'busy'
outcome at once rather than queueing uploads in memory without end.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from .messages import BUSY_MESSAGE, INTERNAL, INTERNAL_MESSAGE
from .worker import Job, Outcome, check_upload, init_worker, ping, warm_up

log = logging.getLogger("checker.web")


class Runner:
    def __init__(self, workers: int, max_pending: int, units_dirs: tuple[str, ...] = (),
                 temp_dir: str | None = None) -> None:
        self.workers = workers
        self.max_pending = max(1, max_pending)
        self.units_dirs = units_dirs
        self.temp_dir = temp_dir
        self.pending = 0
        self.pool: ProcessPoolExecutor | None = None

    def _new_pool(self) -> ProcessPoolExecutor:
        # 'spawn': never fork a server that has threads running
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=init_worker, initargs=(self.units_dirs, self.temp_dir))

    async def start(self, warm: bool = True) -> None:
        """Start the worker processes (each warms up before its first task); wait for them if `warm`."""
        loop = asyncio.get_running_loop()
        if self.workers > 0:
            self.pool = self._new_pool()
            started = [loop.run_in_executor(self.pool, ping) for _ in range(self.workers)]
            if warm:
                await asyncio.gather(*started)
        elif warm:
            await asyncio.to_thread(warm_up, self.units_dirs, self.temp_dir)

    async def stop(self) -> None:
        if self.pool is not None:
            pool, self.pool = self.pool, None
            await asyncio.to_thread(pool.shutdown, True, cancel_futures=True)

    async def submit(self, job: Job) -> Outcome:
        if self.pending >= self.max_pending:
            return Outcome(503, "busy", BUSY_MESSAGE)
        self.pending += 1
        try:
            if self.pool is None and self.workers > 0:
                self.pool = self._new_pool()
            if self.pool is None:
                return await asyncio.to_thread(check_upload, job)
            pool = self.pool
            try:
                return await asyncio.get_running_loop().run_in_executor(pool, check_upload, job)
            except BrokenProcessPool:
                if self.pool is pool:           # the first to notice replaces the pool
                    log.error("a worker process stopped unexpectedly; starting new ones")
                    self.pool = self._new_pool()
                    pool.shutdown(wait=False, cancel_futures=True)
                return Outcome(*INTERNAL, INTERNAL_MESSAGE)
        finally:
            self.pending -= 1
