"""Rating settings (評価区分) and the rule that turns an achievement rate into a rating.

Defaults follow common municipal practice for KPI progress reviews:
A（達成）100%以上, B（概ね達成）80%以上, C（進捗に遅れ）50%以上, D（大幅な遅れ）50%未満.
The rating is decided on the rate as displayed (`achievement.display_rate`, 0.1% half up), so
a reader never sees "80.0%" next to a C. It agrees with `achievement.is_behind_target`, which
decides on the same displayed rate: with the default bands, A ⇔ not behind (a rate displayed
as 100.0% is A and not behind); a threshold KPI (`4以上`) takes the top band exactly when it is
not behind, whatever the top band's `min_percent`.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from dxreport.errors import UserError
from dxreport.messages import msg

NOT_RATED = "NA"  # code of 評価対象外
NOT_SUBMITTED = "MISSING"  # code of 未提出


class RatingBand(BaseModel):
    """One rating: `code` (A, B, ...), its label, and the lowest displayed rate (in %) it takes.

    The last band has `min_percent = None`: it takes every rate below the one before it,
    negative progress included.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(min_length=1, max_length=8)
    label: str = Field(min_length=1, max_length=40)
    min_percent: Decimal | None = None  # omitted for the last band (TOML has no null)

    @field_validator("code", "label")
    @classmethod
    def _no_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError(msg("cons_settings_blank"))
        return v

    @field_validator("min_percent")
    @classmethod
    def _finite(cls, v: Decimal | None) -> Decimal | None:
        if v is not None and not v.is_finite():
            raise ValueError(msg("cons_settings_not_finite"))
        return v


def _default_bands() -> list[RatingBand]:
    return [
        RatingBand(code="A", label="A（達成）", min_percent=Decimal(100)),
        RatingBand(code="B", label="B（概ね達成）", min_percent=Decimal(80)),
        RatingBand(code="C", label="C（進捗に遅れ）", min_percent=Decimal(50)),
        RatingBand(code="D", label="D（大幅な遅れ）", min_percent=None),
    ]


class RatingSettings(BaseModel):
    """Thresholds and labels of the ratings, and when a rate is flagged for review."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    bands: list[RatingBand] = Field(default_factory=_default_bands)
    not_rated_label: str = Field(default="評価対象外", min_length=1)
    not_submitted_label: str = Field(default="未提出", min_length=1)
    review_high_percent: Decimal = Field(default=Decimal(150), gt=100)
    """A displayed rate at or above this is listed on 要確認 (target perhaps too low, or a typo)."""

    @field_validator("bands")
    @classmethod
    def _bands_ordered(cls, bands: list[RatingBand]) -> list[RatingBand]:
        if len(bands) < 2:
            raise ValueError(msg("cons_settings_bands_too_few"))
        if bands[-1].min_percent is not None:
            raise ValueError(msg("cons_settings_last_band_open"))
        mins = [b.min_percent for b in bands[:-1]]
        if any(m is None for m in mins):
            raise ValueError(msg("cons_settings_band_min_missing"))
        if any(a <= b for a, b in itertools.pairwise(mins)):  # type: ignore[operator]
            raise ValueError(msg("cons_settings_bands_order"))
        codes = [b.code for b in bands]
        labels = [b.label for b in bands]
        if len(set(codes)) != len(codes) or len(set(labels)) != len(labels):
            raise ValueError(msg("cons_settings_bands_duplicate"))
        return bands

    @field_validator("review_high_percent")
    @classmethod
    def _finite(cls, v: Decimal) -> Decimal:
        if not v.is_finite():
            raise ValueError(msg("cons_settings_not_finite"))
        return v

    @model_validator(mode="after")
    def _labels_distinct(self) -> RatingSettings:
        special = {self.not_rated_label, self.not_submitted_label}
        if len(special) < 2 or special & {b.label for b in self.bands}:
            raise ValueError(msg("cons_settings_labels_clash"))
        return self

    # -- construction from user settings ------------------------------------------------
    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, source: str) -> RatingSettings:
        """Build from user settings (TOML/JSON/control workbook); bad values -> `UserError`.

        The message names the settings source and the key (e.g. `bands[2].min_percent`).
        """
        try:
            return cls.model_validate(dict(data))
        except ValidationError as exc:
            first = exc.errors()[0]
            key = _key_path(first.get("loc", ())) or "not_rated_label / not_submitted_label"
            reason = str(first.get("msg", "")).removeprefix("Value error, ")
            raise UserError(
                msg("cons_settings_invalid", source=source, key=key, reason=reason)
            ) from None

    # -- the rule ------------------------------------------------------------------------
    def band_for(self, rate_display: Decimal, *, achieved: bool | None = None) -> RatingBand:
        """The band of a displayed rate (a fraction as `achievement.display_rate` rounds it).

        `achieved` is given for threshold KPIs (= not behind target, decided by
        `achievement.is_behind_target` on the same displayed rate): a threshold that is met
        always gets the top band, one that is not never does.
        """
        if achieved is True:
            return self.bands[0]
        percent = rate_display * 100
        for i, band in enumerate(self.bands):
            if band.min_percent is None:
                return band
            if i == 0 and achieved is False:
                continue
            if percent >= band.min_percent:
                return band
        return self.bands[-1]  # unreachable: the last band is open

    def rank(self, code: str) -> int:
        """Sort key: bands best first, then 評価対象外, then 未提出 (worst for roll-ups)."""
        for i, band in enumerate(self.bands):
            if band.code == code:
                return i
        return len(self.bands) + (0 if code == NOT_RATED else 1)

    def label(self, code: str) -> str:
        if code == NOT_RATED:
            return self.not_rated_label
        if code == NOT_SUBMITTED:
            return self.not_submitted_label
        for band in self.bands:
            if band.code == code:
                return band.label
        raise KeyError(code)

    def all_codes(self) -> list[str]:
        return [b.code for b in self.bands] + [NOT_RATED, NOT_SUBMITTED]


def _key_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out
