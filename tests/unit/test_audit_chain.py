"""The audit hash chain names the first edited or deleted record."""

from dataclasses import replace

from robotlib.audit import GENESIS, AuditEntry, entry_hash, first_break


def chain(length: int) -> list[AuditEntry]:
    entries, prev = [], GENESIS
    for entry_id in range(1, length + 1):
        detail = f'{{"n":{entry_id}}}'
        digest = entry_hash(
            prev, entry_id, 1000.0 + entry_id, "robot", "decision", f"A-{entry_id}", detail
        )
        entries.append(
            AuditEntry(
                entry_id,
                1000.0 + entry_id,
                "robot",
                "decision",
                f"A-{entry_id}",
                detail,
                prev,
                digest,
            )
        )
        prev = digest
    return entries


def test_an_untouched_chain_holds() -> None:
    assert first_break(chain(5)) is None
    assert first_break([]) is None


def test_an_edited_record_is_named() -> None:
    entries = chain(5)
    entries[2] = replace(entries[2], detail='{"n":3,"decision":"approve"}')

    problem = first_break(entries)

    assert problem is not None
    assert problem.entry_id == 3
    assert "edited" in str(problem)


def test_a_record_deleted_from_the_middle_is_named_by_its_successor() -> None:
    entries = chain(5)
    del entries[1]

    problem = first_break(entries)

    assert problem is not None
    assert problem.entry_id == 3
    assert "record 2" in str(problem)


def test_a_rehashed_edit_still_breaks_the_next_link() -> None:
    entries = chain(4)
    forged = replace(entries[1], actor="intruder")
    entries[1] = replace(
        forged,
        hash=entry_hash(
            forged.prev_hash, 2, forged.at, "intruder", forged.action, forged.ref, forged.detail
        ),
    )

    problem = first_break(entries)

    assert problem is not None
    assert problem.entry_id == 3
