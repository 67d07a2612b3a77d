"""Forked workers: every chunk runs exactly once, each worker keeps to a lane of neighbouring
chunks, and an idle worker steals from the back of the fullest lane."""

from __future__ import annotations

import os
import time

import pytest

from ccm_cli.scale.lanes import claim, fork_imap, lanes


def test_lanes_cut_the_chunks_into_contiguous_shares():
    assert lanes(10, 2) == [0, 5, 5, 10]
    assert lanes(10, 3) == [0, 3, 3, 6, 6, 10]
    assert lanes(1, 2) == [0, 0, 0, 1]
    assert lanes(0, 2) == [0, 0, 0, 0]


def test_a_worker_takes_its_own_lane_from_the_front():
    bounds = lanes(6, 2)
    assert [claim(bounds, 0) for _ in range(3)] == [0, 1, 2]
    assert [claim(bounds, 1) for _ in range(3)] == [3, 4, 5]
    assert claim(bounds, 0) is None and claim(bounds, 1) is None


def test_an_idle_worker_steals_from_the_back_of_the_fullest_lane():
    bounds = lanes(12, 3)  # lanes 0-3, 4-7, 8-11
    assert claim(bounds, 1) == 4
    assert claim(bounds, 2) == 8
    bounds[2], bounds[3] = 8, 8  # lane 1 done
    assert claim(bounds, 1) == 3  # lane 0 has 4 left, lane 2 has 3: the back of lane 0
    assert claim(bounds, 1) == 2  # 3 left in lanes 0 and 2: a tie goes to the first
    assert claim(bounds, 1) == 11  # lane 2 (3 left) is fuller than lane 0 (2 left)
    assert claim(bounds, 0) == 0  # its own front is still there
    assert sorted(claim(bounds, 1) for _ in range(3)) == [1, 9, 10]
    assert claim(bounds, 0) is None


@pytest.mark.parametrize("jobs,count", [(2, 1), (2, 7), (3, 40), (4, 3)])
def test_every_chunk_runs_exactly_once(jobs, count):
    if fork_imap(lambda chunk: chunk, [], 1) is None:
        pytest.skip("no fork on this platform")
    results = list(fork_imap(lambda chunk: (chunk, os.getpid()), list(range(count)), jobs))
    assert sorted(chunk for chunk, _ in results) == list(range(count))


def test_workers_keep_to_their_lanes():
    if fork_imap(lambda chunk: chunk, [], 1) is None:
        pytest.skip("no fork on this platform")

    def slow(chunk):
        time.sleep(0.05)
        return chunk, os.getpid()

    by_pid: dict[int, list[int]] = {}
    for chunk, pid in fork_imap(slow, list(range(20)), 2):
        by_pid.setdefault(pid, []).append(chunk)
    assert len(by_pid) == 2
    # each worker ran one or two contiguous runs of chunks (its lane, and what it stole)
    for chunks in by_pid.values():
        chunks.sort()
        runs = 1 + sum(1 for a, b in zip(chunks, chunks[1:]) if b != a + 1)
        assert runs <= 2, chunks
    first = next(chunks for chunks in by_pid.values() if 0 in chunks)
    assert 1 in first  # not dealt round-robin


def test_a_failing_task_fails_the_call():
    if fork_imap(lambda chunk: chunk, [], 1) is None:
        pytest.skip("no fork on this platform")

    def task(chunk):
        if chunk == 3:
            raise ValueError("chunk 3 is bad")
        return chunk

    with pytest.raises(ValueError, match="chunk 3 is bad"):
        list(fork_imap(task, list(range(6)), 2))
