"""RFC 8785 canonical JSON of event payloads (pure), with a fast path for the usual payload.

Most payloads are mappings with ASCII keys whose values are strings, integers, ``None``,
booleans, dates and lists of these. For them ``json.dumps`` with sorted keys and no
whitespace writes exactly the RFC 8785 bytes: ASCII keys sort the same by code point as by
UTF-16 code unit, and integers, strings and literals serialise alike. :func:`canonical_json`
converts such a payload in one walk and encodes it with the C encoder; anything else (floats,
sets, non-ASCII or non-string keys, other mapping types, integers beyond 2**53) goes the
general way: convert, then the ``rfc8785`` package unless the converted value is plain after
all. A property test checks both ways agree with ``rfc8785``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import rfc8785

from qualicert.ledger.models import COMPACT

_LIMIT = 2**53  # RFC 8785 (I-JSON) refuses integers beyond this


class _General(Exception):
    """The payload needs the general conversion."""


def canonical_json(payload: Mapping[str, Any]) -> str:
    """RFC 8785 canonical JSON text of ``payload`` (dates become ISO 8601 strings).

    Times are written in UTC with a ``Z``; a whole float is written as an integer; a set is
    written as a list sorted by the text of its items.
    """
    try:
        return COMPACT.encode(_fast(payload))
    except _General:
        value = _jsonable(payload)
        if _plain(value):
            return COMPACT.encode(value)
        return rfc8785.dumps(value).decode("utf-8")


def _fast(value: Any) -> Any:
    """``value`` made JSON-ready, or :class:`_General` when it leaves the fast path's domain.

    The common leaves (strings, ``None``, integers, dates) are handled inline in the loops
    over mappings and lists, without a call each.
    """
    kind = type(value)
    if kind is dict:
        out = {}
        for key, item in value.items():
            if type(key) is not str or not key.isascii():
                raise _General
            kind = type(item)
            if kind is str or item is None or kind is bool or (kind is int and _small(item)):
                out[key] = item
            elif kind is dt.date:
                out[key] = item.isoformat()
            else:
                out[key] = _fast(item)
        return out
    if kind is list or kind is tuple:
        return [
            item if type(item) is str or (type(item) is int and _small(item)) else _fast(item)
            for item in value
        ]
    if kind is str or value is None or kind is bool:
        return value
    if kind is int and -_LIMIT < value < _LIMIT:
        return value
    if kind is dt.date:
        return value.isoformat()
    if kind is dt.datetime:
        return _utc(value)
    raise _General


def _small(value: int) -> bool:
    return -_LIMIT < value < _LIMIT


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _plain(value: Any) -> bool:
    """True when ``value`` holds no float and only ASCII keys (the encoder's exact domain)."""
    if isinstance(value, dict):
        return all(k.isascii() and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    if isinstance(value, int) and not isinstance(value, bool):
        return -_LIMIT < value < _LIMIT
    return not isinstance(value, float)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if isinstance(value, dt.datetime):
        return _utc(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
