"""The open data sets, their formats and their columns (names, kinds), with no I/O.

Column names flatten the public view of a certificate and its public history
(:mod:`qualicert.certification.service.queries`): ``holder.uscc`` there is ``holder_uscc``
here, ``signed_by.registration_number`` is ``signed_by_registration_number``. Each column is
described in ``docs/opendata.md`` (a test fails when one is not).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from qualicert.errors import NotFound


class Dataset(StrEnum):
    """What can be downloaded: every certificate, or every entry of every status history."""

    CERTIFICATES = "certificates"
    HISTORIES = "histories"


class Format(StrEnum):
    """File formats of the export."""

    CSV = "csv"
    JSONL = "jsonl"
    PARQUET = "parquet"

    @property
    def media_type(self) -> str:
        """The media type a download of this format is served with."""
        return MEDIA_TYPES[self]


MEDIA_TYPES = {
    Format.CSV: "text/csv; charset=utf-8",
    Format.JSONL: "application/jsonl; charset=utf-8",
    Format.PARQUET: "application/vnd.apache.parquet",
}


class Kind(StrEnum):
    """How a column's values are typed (and so written in each format)."""

    TEXT = "text"
    DATE = "date"
    TIMESTAMP = "timestamp"
    INTEGER = "integer"
    SECTORS = "sectors"  # a list of IAF sector codes (integers)
    SITES = "sites"  # a list of {name, address, region_code, employees}


@dataclass(frozen=True)
class Column:
    """One column of a data set: its name and kind, and whether it may be empty."""

    name: str
    kind: Kind = Kind.TEXT
    nullable: bool = False


D = Kind.DATE

CERTIFICATE_COLUMNS = (
    Column("number"),
    Column("body_approval_number"),
    Column("body_name"),
    Column("body_name_en"),
    Column("holder_name"),
    Column("holder_name_en"),
    Column("holder_uscc"),
    Column("holder_region_code"),
    Column("scheme_code"),
    Column("standard"),
    Column("scope"),
    Column("scope_en"),
    Column("sites", Kind.SITES),
    Column("sectors", Kind.SECTORS),
    Column("issue_date", D),
    Column("expiry_date", D),
    Column("original_issue_date", D),
    Column("status"),
    Column("status_since", D),
)

HISTORY_COLUMNS = (
    Column("certificate_number"),
    Column("body_approval_number"),
    Column("body_name"),
    Column("entry_body_approval_number"),
    Column("transition"),
    Column("from_status", nullable=True),
    Column("status"),
    Column("reason_code"),
    Column("reason"),
    Column("effective_date", D),
    Column("signed_by_registration_number", nullable=True),
    Column("signed_by_name", nullable=True),
    Column("recorded_at", Kind.TIMESTAMP),
    Column("leaf_index", Kind.INTEGER, nullable=True),
)

COLUMNS: dict[Dataset, tuple[Column, ...]] = {
    Dataset.CERTIFICATES: CERTIFICATE_COLUMNS,
    Dataset.HISTORIES: HISTORY_COLUMNS,
}


def parse_name(name: str) -> tuple[Dataset, Format]:
    """``certificates.csv`` as (data set, format); an unknown one is a 404 naming it.

    Raises
    ------
    NotFound
        When the data set or the format is not one of those offered (both are listed).
    """
    stem, _, suffix = name.partition(".")
    try:
        dataset = Dataset(stem)
    except ValueError as exc:
        allowed = ", ".join(d.value for d in Dataset)
        raise NotFound(
            f"no open data set {stem!r}; the data sets are {allowed}",
            f"无开放数据集 {stem!r}，可选：{allowed}",
            rule="dataset",
            field="dataset",
        ) from exc
    return dataset, parse_format(suffix)


def parse_format(value: str) -> Format:
    """The format named ``value``; an unknown one is a 404 naming it and the formats offered."""
    try:
        return Format(value)
    except ValueError as exc:
        allowed = ", ".join(f.value for f in Format)
        raise NotFound(
            f"no open data format {value!r}; the formats are {allowed}",
            f"无开放数据格式 {value!r}，可选：{allowed}",
            rule="format",
            field="format",
        ) from exc


def file_name(dataset: Dataset, format: Format) -> str:
    """The file name of a data set in a format: ``certificates.csv``."""
    return f"{dataset.value}.{format.value}"
