"""gixcheck.pool on its own: input order, the reorder buffer's bound, lost tasks, closing."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

import pool_tasks
from gixcheck.pool import Lost, Pool, PoolError


def test_results_come_in_task_order_whatever_each_takes() -> None:
    rng = random.Random(7)
    tasks = [("sleep", rng.choice([0, 0, 0.01, 0.05])) for _ in range(60)]
    with Pool(3, pool_tasks.setup_echo) as pool:
        assert list(pool.map(tasks)) == tasks


def test_finished_results_wait_for_a_slow_first_one(tmp_path: Path) -> None:
    flag = str(tmp_path / "flag")
    tasks = [("waitfor", (flag, 60)), *[("sleep", 0)] * 300, ("touch", flag)]
    with Pool(2, pool_tasks.setup_echo, max_buffered=1000) as pool:
        out = list(pool.map(tasks))
    assert out == tasks  # the first task saw the flag set by the last: nothing stalled


def test_the_buffer_is_bounded(tmp_path: Path) -> None:
    flag = str(tmp_path / "flag")
    tasks = [("waitfor", (flag, 2)), *[("sleep", 0)] * 50, ("touch", flag)]
    with Pool(2, pool_tasks.setup_echo, max_buffered=10) as pool:
        out = list(pool.map(tasks))
    assert out[0] == "gave up"  # the last task could not start while the first was waiting
    assert out[1:] == tasks[1:]


def test_a_task_that_raises_or_exits_is_lost_and_the_rest_go_on() -> None:
    tasks = [("sleep", 0), ("exit", 0), ("sleep", 0), ("die", 0), ("sleep", 0)]
    with Pool(2, pool_tasks.setup_echo) as pool:
        out = list(pool.map(tasks))
        assert pool.replaced == 1
    assert out[0] == out[2] == out[4] == ("sleep", 0)
    assert (
        isinstance(out[1], Lost) and out[1].why == "raised" and "SystemExit" in str(out[1].detail)
    )
    assert out[3] == Lost(3, "died", exitcode=7)


def test_a_task_past_its_deadline_is_lost() -> None:
    tasks = [("sleep", 0), ("sleep", 30), ("sleep", 0)]
    with Pool(2, pool_tasks.setup_echo, deadline=0.5) as pool:
        out = list(pool.map(tasks))
    assert out[1] == Lost(1, "overdue", seconds=0.5)
    assert out[0] == out[2] == ("sleep", 0)


def test_workers_that_cannot_start_are_a_pool_error() -> None:
    with Pool(2, pool_tasks.setup_broken) as pool, pytest.raises(PoolError, match="cannot set up"):
        list(pool.map([("sleep", 0)] * 4))


def test_closing_kills_every_worker_at_once() -> None:
    pool: Pool[object, object] = Pool(2, pool_tasks.setup_echo)
    stream = pool.map([("sleep", 0), ("sleep", 60), ("sleep", 60), ("sleep", 0)])
    assert next(stream) == ("sleep", 0)
    pids = pool.pids()
    assert len(pids) == 2
    stream.close()  # what an interrupt does: the generator's finally closes the pool
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_a_slow_consumer_does_not_fill_the_buffer(tmp_path: Path) -> None:
    # The reorder buffer waits for slow documents, it is no queue in front of a consumer that
    # is slower than the workers (every output format at once): there, tasks go out only as
    # results are taken, so what the workers have done stays a few results ahead of it.
    import time

    tasks = [("touch", str(tmp_path / f"{i:04}")) for i in range(400)]
    ahead = []
    with Pool(2, pool_tasks.setup_echo, max_buffered=1000) as pool:
        for i, out in enumerate(pool.map(tasks)):
            assert out == tasks[i]
            if i in (50, 100):
                ahead.append(len(os.listdir(tmp_path)) - i)
            time.sleep(0.01)
    assert max(ahead) < 100, ahead  # unbounded, the workers finish all 400 in a fraction of it


def test_replaced_workers_leave_no_pipe_watched() -> None:
    # Each worker's pipe and sentinel are watched from its start to its end: a dead or killed
    # one must not stay registered (a closed descriptor watched for ever, or reused).
    tasks = [("sleep", 0), ("die", 0), ("sleep", 0), ("sleep", 30), *[("sleep", 0)] * 5]
    with Pool(2, pool_tasks.setup_echo, deadline=0.5) as pool:
        results = pool.map(tasks)
        out = [next(results) for _ in range(len(tasks) - 1)]
        assert pool.replaced == 2
        watched = [key.data[1] for key in pool._selector.get_map().values()]
        live = {id(w) for w in pool._workers}
        assert {id(w) for w in watched} <= live and len(watched) <= 2 * len(live)
        out.append(next(results))
    assert isinstance(out[1], Lost) and out[1].why == "died"
    assert isinstance(out[3], Lost) and out[3].why == "overdue"
    assert out[-1] == ("sleep", 0)
