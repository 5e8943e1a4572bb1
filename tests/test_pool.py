"""The worker pool of a big sync: answers in order, errors come back, a dead worker is an error."""

from __future__ import annotations

import os

import pytest

from parser.pool import WorkerError, WorkerPool


def test_jobs_run_in_other_processes_and_their_errors_come_back() -> None:
    pool = WorkerPool(2)
    try:
        pids = {pool.submit(os.getpid).result(timeout=60) for _ in range(6)}
        assert os.getpid() not in pids and 1 <= len(pids) <= 2
        assert [pool.submit(divmod, n, 3).result(timeout=60) for n in range(5)] == [divmod(n, 3) for n in range(5)]
        with pytest.raises(ValueError):
            pool.submit(int, "not a number").result(timeout=60)
    finally:
        pool.shutdown()


def test_a_worker_that_dies_fails_its_job_and_the_pool_instead_of_hanging() -> None:
    pool = WorkerPool(1)
    try:
        with pytest.raises(WorkerError, match="exit status 3"):
            pool.submit(os._exit, 3).result(timeout=60)
        with pytest.raises(WorkerError):
            pool.submit(os.getpid).result(timeout=60)
    finally:
        pool.shutdown()
