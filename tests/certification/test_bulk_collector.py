"""The garbage collector's settings during bulk imports, and after them."""

from __future__ import annotations

import gc

from qualicert.certification.bulk import collector


def test_settings_change_for_the_outermost_import_only_and_come_back():
    before = gc.get_threshold()
    with collector.quiet():
        assert gc.get_threshold()[0] == collector.YOUNGEST
        assert gc.get_freeze_count() > 0
        with collector.quiet():  # a second import at the same time
            assert gc.get_threshold()[0] == collector.YOUNGEST
        assert gc.get_threshold()[0] == collector.YOUNGEST  # the first still runs
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_a_cycle_made_during_an_import_is_still_collected():
    class Node:
        other: object = None

    with collector.quiet():
        a, b = Node(), Node()
        a.other, b.other = b, a
        ids = {id(a), id(b)}
        del a, b
        gc.collect()
        assert not ids & {id(o) for o in gc.get_objects() if isinstance(o, Node)}
