"""The circuit breaker the network sources share: what opens it, what it reports."""

from __future__ import annotations

import pytest

from robotlib.errors import SourceOutage, SourceUnavailable
from robotlib.sources.circuit import CircuitSettings, SourceCircuit, TransientError


def down() -> None:
    raise TransientError("HTTP 503")


def refused() -> None:
    raise SourceUnavailable("source 'telecom': login failed")


def circuit() -> SourceCircuit:
    return SourceCircuit("telecom", CircuitSettings(circuit_failures=2, circuit_reset_seconds=60))


def test_failures_that_say_the_source_is_down_open_the_circuit() -> None:
    guarded = circuit()
    alone = r"^source 'telecom': lookup HTTP 503$"
    with (
        pytest.raises(SourceOutage, match=alone) as first,
        guarded.outages(lambda exc: f"lookup {exc}"),
    ):
        guarded.call(down)
    assert first.value.trial_at is None
    opening = r"after 2 failed requests \(last: HTTP 503\)"
    with pytest.raises(SourceOutage, match=opening) as second, guarded.outages(str):
        guarded.call(down)
    assert second.value.source == "telecom"
    assert second.value.trial_at is not None


def test_an_answer_that_refuses_is_no_outage_and_does_not_open_the_circuit() -> None:
    guarded = circuit()
    for _ in range(3):
        with pytest.raises(SourceUnavailable) as raised, guarded.outages(str):
            guarded.call(refused)
        assert not isinstance(raised.value, SourceOutage), raised.value
    assert guarded.breaker.current_state == "closed"
    assert guarded.trial_at() is None
