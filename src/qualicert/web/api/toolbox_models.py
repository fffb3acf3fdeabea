"""Request bodies of ``POST /api/v1/toolbox/...``, with the limits on input size.

The field names are those of the Python functions in :mod:`qualicert.toolbox`, so its
documentation applies. The models only parse: they bound sizes and types, and leave every
rule about the values (finite numbers, enough points, LSL below USL, ratings from 1 to 10)
to the toolbox, whose ``ValueError`` becomes a 422 naming the field.

Limits (a larger input is a 422 naming the limit; a body over :data:`MAX_BODY_BYTES` is
refused with 413 before it is read): :data:`MAX_VALUES` numbers per list (and in all
subgroups together), :data:`MAX_SUBGROUPS` subgroups of at most :data:`MAX_SUBGROUP_SIZE`,
:data:`MAX_EDGES` genealogy edges, :data:`MAX_ROWS` FMEA rows, :data:`MAX_LABEL` characters
per label.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, field_validator
from pydantic_core import PydanticCustomError

from qualicert.registry.validators import fail

MAX_BODY_BYTES = 16 * 1024 * 1024
MAX_VALUES = 100_000
MAX_SUBGROUPS = 10_000
MAX_SUBGROUP_SIZE = 1_000
MAX_EDGES = 200_000
MAX_LOTS = 10_000
MAX_ROWS = 10_000
MAX_POINTS = 1_000
MAX_LABEL = 200
MAX_TEXT = 2_000


def _label(value: object) -> str | int:
    """A lot, part, operator, category or stage label: a text or an integer."""
    if isinstance(value, str) and len(value) <= MAX_LABEL:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        raise fail(
            "string_too_long",
            f"a label has at most {MAX_LABEL} characters; got {len(value)}",
            f"标签最多 {MAX_LABEL} 个字符，实际 {len(value)} 个",
        )
    raise fail("label_type", "a label is a text or an integer", "标签应为文本或整数")


def _edge_item(value: object) -> str | int | float | None:
    """A lot label, or the quantity (a number or null) of an edge."""
    if isinstance(value, float) or value is None:
        return value
    try:
        return _label(value)
    except PydanticCustomError:
        raise fail(
            "edge_item",
            "an edge is [parent_lot, child_lot] or [parent_lot, child_lot, quantity]; lots are "
            "texts (at most 200 characters) or integers, the quantity a number or null",
            "每条边为 [上游批次, 下游批次] 或 [上游批次, 下游批次, 数量]；"
            "批次为文本或整数，数量为数字或 null",
        ) from None


Label = Annotated[str | int, PlainValidator(_label, json_schema_input_type=str | int)]
EdgeItem = Annotated[
    str | int | float | None,
    PlainValidator(_edge_item, json_schema_input_type=str | int | float | None),
]
Values = Annotated[list[float], Field(max_length=MAX_VALUES)]
Labels = Annotated[list[Label], Field(max_length=MAX_VALUES)]
Subgroups = Annotated[
    list[Annotated[list[float], Field(max_length=MAX_SUBGROUP_SIZE)]],
    Field(max_length=MAX_SUBGROUPS),
]
Title = Annotated[str, Field(max_length=MAX_LABEL)]
Text = Annotated[str, Field(max_length=MAX_TEXT)]


class Body(BaseModel):
    """A toolbox request: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")


class Measurements(Body):
    """Individual values in ``data`` or subgroups (one list per subgroup) in ``subgroups``."""

    data: Values | None = Field(None, description="Individual values, in time order.")
    subgroups: Subgroups | None = Field(None, description="One list of values per subgroup.")

    @field_validator("subgroups")
    @classmethod
    def _total(cls, value: list[list[float]] | None) -> list[list[float]] | None:
        total = sum(map(len, value or ()))
        if total > MAX_VALUES:
            raise fail(
                "too_many_values",
                f"the subgroups hold {total} values; at most {MAX_VALUES} are allowed",
                f"分组数据共 {total} 个数值，最多允许 {MAX_VALUES} 个",
            )
        return value

    def measurements(self) -> tuple[str, Any]:
        """The field given (``data`` or ``subgroups``) and its values."""
        if self.data is not None and self.subgroups is not None:
            raise ValueError("give data or subgroups, not both")
        if self.subgroups is not None:
            return "subgroups", self.subgroups
        return "data", self.data


class SpcRequest(Measurements):
    """A control chart: ``data`` or ``subgroups`` for variables, ``counts`` and ``sizes``."""

    chart: Literal[
        "xbar_r", "xbar_s", "imr", "p", "np", "c", "u", "ewma", "cusum", "laney_p", "laney_u"
    ]
    counts: Values | None = Field(None, description="Defectives (p, np) or defects (c, u).")
    sizes: Values | float | None = Field(None, description="Sample sizes, or one for all.")
    stages: Annotated[list[Label], Field(max_length=MAX_VALUES)] | None = None
    exclude: Annotated[list[int], Field(max_length=MAX_VALUES)] | None = None
    reestimate: bool | int | None = None
    center: float | None = None
    sigma: float | None = None
    nsigmas: float | None = None
    rules: Literal["nelson", "western_electric", "limits"] | None = None
    span: int | None = None
    sigma_method: Literal["sbar", "pooled"] | None = None
    lam: float | None = None
    asymptotic: bool | None = None
    k: float | None = None
    h: float | None = None
    headstart: float | None = None
    title: Title | None = Field(None, description="Chart title (format=png or svg).")

    def options(self) -> dict[str, Any]:
        """The options given, for :func:`qualicert.web.toolbox_calls.control_chart`."""
        skip = {"chart", "data", "subgroups", "counts", "sizes", "title"}
        return {k: v for k, v in self if k not in skip and v is not None}


class CapabilityRequest(Measurements):
    """Capability and performance indices."""

    lsl: float | None = None
    usl: float | None = None
    target: float | None = None
    subgroup_size: int = Field(1, ge=1, le=MAX_SUBGROUP_SIZE)
    within: Literal["auto", "range", "sd", "pooled"] = "auto"
    transform: Literal["boxcox"] | None = None
    boxcox_lambda: float | None = None
    method: Literal["normal", "percentile"] = "normal"
    distribution: Literal["auto", "normal", "lognormal", "weibull", "gamma"] = "auto"
    confidence_level: float = Field(0.95, gt=0, lt=1)
    title: Title | None = None


class SamplingRequest(Body):
    """An ISO 2859-1 single sampling plan and its operating characteristic."""

    lot_size: int = Field(ge=1, le=10**12)
    aql: float
    level: Literal["S-1", "S-2", "S-3", "S-4", "I", "II", "III"] = "II"
    severity: Literal["normal", "tightened", "reduced"] = "normal"
    p: Annotated[list[float], Field(max_length=MAX_POINTS)] = Field(
        default_factory=list, description="Qualities (fractions) for the OC table."
    )


class MsaRequest(Body):
    """A crossed gauge R&R study in long format: one entry per measurement."""

    parts: Labels
    operators: Labels
    values: Values
    tolerance: float | None = None
    method: Literal["anova", "xbar_r"] = "anova"
    alpha_interaction: float = 0.25
    study_multiplier: float = 6.0


class ParetoRequest(Body):
    """Categories (raw occurrences, or with ``counts``), optionally weighted."""

    categories: Annotated[list[Label], Field(min_length=1, max_length=MAX_VALUES)]
    counts: Values | None = None
    weights: Values | Annotated[dict[str, float], Field(max_length=MAX_VALUES)] | None = None
    threshold: float = 80.0
    other_threshold: float | None = None
    other_label: Title = "Other"
    title: Title | None = None


class FmeaRowIn(Body):
    """One failure chain of an FMEA worksheet."""

    item: Text = ""
    failure_mode: Text = ""
    effect: Text = ""
    severity: int
    cause: Text = ""
    occurrence: int
    controls: Text = ""
    detection: int
    actions: Text = ""


class FmeaRequest(Body):
    """An FMEA worksheet."""

    kind: Literal["dfmea", "pfmea"] = "dfmea"
    rows: Annotated[list[FmeaRowIn], Field(min_length=1, max_length=MAX_ROWS)]


Edge = Annotated[list[EdgeItem], Field(min_length=2, max_length=3)]


class TraceRequest(Body):
    """A lot genealogy and the lots to trace from."""

    edges: Annotated[list[Edge], Field(max_length=MAX_EDGES)] = Field(
        description="[parent_lot, child_lot] or [parent_lot, child_lot, quantity]."
    )
    direction: Literal["forward", "backward", "recall"] = "forward"
    lots: Annotated[list[Label], Field(min_length=1, max_length=MAX_LOTS)] = Field(
        description="The start lot (forward, backward) or the suspect lots (recall)."
    )
    shipped: (
        Annotated[
            dict[str, Annotated[str, Field(max_length=MAX_LABEL)] | list[Title] | None],
            Field(max_length=MAX_EDGES),
        ]
        | None
    ) = Field(None, description="Recall: shipped lot -> customer (or customers).")
