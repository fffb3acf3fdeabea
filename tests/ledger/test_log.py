"""The log in the database: every event a leaf, dense indices, proofs, tiles, checkpoints."""

from __future__ import annotations

import base64

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from qualicert.db import transaction
from qualicert.ledger import driver, merkle, note
from qualicert.ledger.models import Event, LogLeaf
from tests import factories


def _fill(factory, n: int = 5) -> None:
    with factories.transaction(factory) as s:
        for _ in range(n):
            factories.organization(s)


def test_every_event_has_exactly_one_dense_leaf(factory):
    _fill(factory, 7)
    with factory() as s:
        events = s.scalar(select(func.count()).select_from(Event))
        indices = s.scalars(select(LogLeaf.leaf_index).order_by(LogLeaf.leaf_index)).all()
        linked = s.scalar(select(func.count(func.distinct(LogLeaf.event_id))))
    assert events == len(indices) == linked == 7
    assert list(indices) == list(range(7))


def test_stored_root_equals_root_of_event_bytes(factory, client):
    _fill(factory, 9)
    with factory() as s:
        leaves = [e.canonical_bytes() for e in s.scalars(select(Event).order_by(Event.id))]
    state = client.get("/api/v1/ledger/state").json()
    assert state["tree_size"] == 9
    assert base64.b64decode(state["root_hash"]) == merkle.mth(leaves)


def test_inclusion_and_consistency_proofs_verify(client, factory):
    _fill(factory, 12)
    leaf = client.get("/api/v1/events", params={"page_size": 200}).json()["items"][-1]
    assert leaf["leaf_index"] == 0
    r = client.get("/api/v1/ledger/proofs/inclusion", params={"leaf_index": 3, "tree_size": 11})
    body = r.json()
    with factory() as s:
        events = s.scalars(select(Event).order_by(Event.id)).all()
        leaf_hash = merkle.leaf_hash(events[3].canonical_bytes())
    assert merkle.verify_inclusion(
        leaf_hash=leaf_hash,
        index=3,
        size=11,
        root=base64.b64decode(body["root_hash"]),
        proof=[base64.b64decode(p) for p in body["proof"]],
    )
    c = client.get("/api/v1/ledger/proofs/consistency", params={"first": 4, "second": 12}).json()
    assert merkle.verify_consistency(
        first=4,
        second=12,
        first_root=base64.b64decode(c["first_root"]),
        second_root=base64.b64decode(c["second_root"]),
        proof=[base64.b64decode(p) for p in c["proof"]],
    )
    assert (
        client.get(
            "/api/v1/ledger/proofs/inclusion", params={"leaf_index": 3, "tree_size": 99}
        ).status_code
        == 422
    )


def test_checkpoint_is_signed_by_the_published_key(client, factory):
    _fill(factory, 3)
    vkey = client.get("/ledger/key").text.strip()
    signed = client.get("/ledger/checkpoint").text
    checkpoint, names = note.open_checkpoint(signed, [vkey])
    assert checkpoint.size == 3
    assert names == [checkpoint.origin]
    assert client.get("/ledger/checkpoint").text == signed  # nothing new: same checkpoint


def test_tiles_and_entries_are_served(client, factory):
    _fill(factory, 3)
    tile = client.get("/ledger/tile/0/000.p/3")
    assert tile.status_code == 200
    assert len(tile.content) == 3 * 32
    assert "immutable" not in tile.headers["cache-control"]
    entries = client.get("/ledger/tile/entries/000.p/3")
    assert entries.status_code == 200
    assert client.get("/ledger/tile/0/000").status_code == 404  # not full yet
    assert client.get("/ledger/tile/0/abc").status_code == 404


def test_rolled_back_change_leaves_no_leaf(factory, engine):
    _fill(factory, 2)
    try:
        with factories.transaction(factory) as s:
            factories.organization(s)
            raise RuntimeError("abort")
    except RuntimeError:
        pass
    _fill(factory, 1)
    with factory() as s:
        assert s.scalars(select(LogLeaf.leaf_index).order_by(LogLeaf.leaf_index)).all() == [0, 1, 2]


def test_leaves_and_nodes_are_append_only(engine, factory):
    _fill(factory, 2)
    import pytest
    from sqlalchemy.exc import DatabaseError

    with pytest.raises(DatabaseError), engine.begin() as conn:
        conn.execute(text("DELETE FROM log_leaves"))


def test_spliced_leaf_bytes_equal_rfc8785_of_the_event_body(factory):
    import rfc8785

    _fill(factory, 3)
    with factory() as s:
        for event in s.scalars(select(Event)):
            assert event.canonical_bytes() == rfc8785.dumps(event.body())


@pytest.mark.parametrize("n", [1, 80])  # one row through INSERT, many through COPY
def test_a_leaf_naming_no_event_is_refused(factory, n):
    columns = {
        "leaf_index": list(range(10_000, 10_000 + n)),
        "event_id": list(range(900_000, 900_000 + n)),
        "leaf_hash": [bytes(32)] * n,
    }
    with pytest.raises(IntegrityError), transaction(factory) as session:
        driver.insert_columns(session, LogLeaf.__table__, n, columns)
