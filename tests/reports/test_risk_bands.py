"""One rule for how bad a risk score is: the app's heat map and the packs agree."""

from __future__ import annotations

from relm_desktop.domain.rules import HIGH_RISK_SCORE, RiskBand, risk_band
from relm_desktop.layout import heatmap
from relm_desktop.reports import styles

SCORES = sorted({p * i for p in range(1, 6) for i in range(1, 6)})


def test_bands_follow_the_usual_five_by_five_matrix() -> None:
    assert [risk_band(s) for s in (1, 4, 5, 9, 10, 16, 20, 25)] == [
        RiskBand.LOW,
        RiskBand.LOW,
        RiskBand.MEDIUM,
        RiskBand.MEDIUM,
        RiskBand.HIGH,
        RiskBand.HIGH,
        RiskBand.CRITICAL,
        RiskBand.CRITICAL,
    ]
    assert risk_band(HIGH_RISK_SCORE) == RiskBand.HIGH
    assert risk_band(HIGH_RISK_SCORE - 1) == RiskBand.MEDIUM


def test_pack_colours_and_counts_use_the_heat_map_bands() -> None:
    order = [RiskBand.LOW, RiskBand.MEDIUM, RiskBand.HIGH, RiskBand.CRITICAL]
    for score in SCORES:
        assert styles.score_band(score) == order.index(heatmap.band(score)), score
        assert (score >= styles.HIGH_SCORE) == (
            heatmap.band(score) in (RiskBand.HIGH, RiskBand.CRITICAL)
        ), score
