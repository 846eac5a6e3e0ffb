"""The worker's record of sources found down: when their tasks may be tried again."""

from __future__ import annotations

import os
import pickle
import threading

from robotlib.errors import SourceOutage
from scheduler.outages import SourceOutages
from scheduler.parent_watch import ParentWatch


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def back_off(streak: int) -> float:
    return min(60.0, 2.0 * 2 ** (streak - 1))


def test_an_open_circuit_sets_the_wait_and_the_scope_is_withheld_until_then() -> None:
    clock = Clock()
    outages = SourceOutages(back_off, clock)

    assert outages.record("telecom", trial_at=1030.0) == 1030.0
    assert outages.scopes_down() == {"source:telecom"}
    clock.now = 1030.0
    assert outages.scopes_down() == frozenset()


def test_without_a_circuit_the_wait_doubles_while_the_outage_goes_on() -> None:
    clock = Clock()
    outages = SourceOutages(back_off, clock)

    assert outages.record("gov_identity", trial_at=None) == 1002.0
    clock.now = 1002.5  # tried again at once after the wait: the same outage
    assert outages.record("gov_identity", trial_at=None) == 1006.5
    clock.now = 2000.0  # long after: a new outage starts from the first wait
    assert outages.record("gov_identity", trial_at=None) == 2002.0
    # a trial time already past (the circuit half-opens on the next request) is no wait
    assert outages.record("blacklist", trial_at=1500.0) == 2002.0
    assert outages.scopes_down() == {"source:gov_identity", "source:blacklist"}


def test_a_parent_watch_stops_a_process_whose_parent_is_another() -> None:
    stop = threading.Event()
    ParentWatch(os.getpid(), stop, interval=0.01).start()  # this process is not its own parent

    assert stop.wait(10)


def test_a_parent_watch_leaves_a_process_whose_parent_lives() -> None:
    stop = threading.Event()
    watch = ParentWatch(os.getppid(), stop, interval=0.01).start()

    assert watch.parent_alive()
    assert not stop.wait(0.1)
    stop.set()


def test_an_outage_keeps_its_source_and_trial_time_across_processes() -> None:
    sent = SourceOutage("source 'telecom': circuit open", source="telecom", trial_at=1030.0)

    received = pickle.loads(pickle.dumps(sent))

    assert (str(received), received.source, received.trial_at) == (
        "source 'telecom': circuit open",
        "telecom",
        1030.0,
    )
