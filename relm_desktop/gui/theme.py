"""Light and dark palettes, and the chart's colour-blind-safe colours.

Chart colours come from the Okabe-Ito palette, which stays distinguishable
under the common colour-vision deficiencies. Critical work is vermillion,
normal work blue, baselines grey; each also differs in shape (critical bars
get a dark outline, baselines are thin ghost bars) so colour is never the
only cue.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QToolTip


class Scheme(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


@dataclass(frozen=True)
class ChartColors:
    """Everything the timeline paints, for one palette."""

    background: QColor
    alt_row: QColor
    grid: QColor
    header_bg: QColor
    header_text: QColor
    header_line: QColor
    text: QColor
    muted_text: QColor
    nonworking: QColor
    freeze: QColor
    freeze_text: QColor
    bar: QColor
    bar_progress: QColor
    bar_outline: QColor
    critical: QColor
    critical_progress: QColor
    critical_outline: QColor
    baseline: QColor
    summary: QColor
    milestone: QColor
    link: QColor
    today: QColor
    selection: QColor
    preview: QColor


LIGHT = ChartColors(
    background=QColor("#ffffff"),
    alt_row=QColor("#f6f8fa"),
    grid=QColor("#e3e7ec"),
    header_bg=QColor("#f0f2f5"),
    header_text=QColor("#2b3138"),
    header_line=QColor("#cfd5dc"),
    text=QColor("#1f2328"),
    muted_text=QColor("#5b636d"),
    nonworking=QColor(40, 50, 70, 16),
    freeze=QColor(204, 121, 167, 46),  # Okabe-Ito reddish purple, translucent
    freeze_text=QColor("#8a3f6b"),
    bar=QColor("#56B4E9"),  # sky blue
    bar_progress=QColor("#0072B2"),  # blue
    bar_outline=QColor("#0b5f91"),
    critical=QColor("#F0A070"),
    critical_progress=QColor("#D55E00"),  # vermillion
    critical_outline=QColor("#8f3d00"),
    baseline=QColor("#9a9a9a"),
    summary=QColor("#2f3640"),
    milestone=QColor("#2f3640"),
    link=QColor("#6b7480"),
    today=QColor("#CC79A7"),
    selection=QColor(0, 114, 178, 40),
    preview=QColor(0, 114, 178, 90),
)

DARK = ChartColors(
    background=QColor("#1e2227"),
    alt_row=QColor("#23282e"),
    grid=QColor("#30363d"),
    header_bg=QColor("#262b31"),
    header_text=QColor("#d7dce2"),
    header_line=QColor("#3b424a"),
    text=QColor("#e6e9ed"),
    muted_text=QColor("#9aa3ad"),
    nonworking=QColor(0, 0, 0, 60),
    freeze=QColor(204, 121, 167, 56),
    freeze_text=QColor("#e6a3c8"),
    bar=QColor("#3f8fc0"),
    bar_progress=QColor("#56B4E9"),
    bar_outline=QColor("#9fd6f5"),
    critical=QColor("#b85a1c"),
    critical_progress=QColor("#F08A3C"),
    critical_outline=QColor("#ffc29a"),
    baseline=QColor("#8a8f96"),
    summary=QColor("#d7dce2"),
    milestone=QColor("#e6e9ed"),
    link=QColor("#9aa3ad"),
    today=QColor("#E08FC0"),
    selection=QColor(86, 180, 233, 45),
    preview=QColor(86, 180, 233, 110),
)


def system_is_dark() -> bool:
    """Whether the desktop asks for a dark colour scheme."""
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


#: Palette colours of the dark scheme; disabled text is ``_DARK_DISABLED``.
_DARK_ROLES: dict[QPalette.ColorRole, str] = {
    QPalette.ColorRole.Window: "#25292e",
    QPalette.ColorRole.WindowText: "#e6e9ed",
    QPalette.ColorRole.Base: "#1e2227",
    QPalette.ColorRole.AlternateBase: "#23282e",
    QPalette.ColorRole.ToolTipBase: "#30363d",
    QPalette.ColorRole.ToolTipText: "#e6e9ed",
    QPalette.ColorRole.PlaceholderText: "#7d8590",
    QPalette.ColorRole.Text: "#e6e9ed",
    QPalette.ColorRole.Button: "#2d3238",
    QPalette.ColorRole.ButtonText: "#e6e9ed",
    QPalette.ColorRole.BrightText: "#ff7b72",
    QPalette.ColorRole.Highlight: "#2f6f9f",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#56B4E9",
    QPalette.ColorRole.Light: "#3a4047",
    QPalette.ColorRole.Midlight: "#30363d",
    QPalette.ColorRole.Mid: "#24292e",
    QPalette.ColorRole.Dark: "#16191d",
    QPalette.ColorRole.Shadow: "#0b0c0e",
}
_DARK_DISABLED = "#6e7681"

#: Palette colours of the light scheme; disabled text is ``_LIGHT_DISABLED``.
_LIGHT_ROLES: dict[QPalette.ColorRole, str] = {
    QPalette.ColorRole.Window: "#f3f4f6",
    QPalette.ColorRole.WindowText: "#1f2328",
    QPalette.ColorRole.Base: "#ffffff",
    QPalette.ColorRole.AlternateBase: "#f6f8fa",
    QPalette.ColorRole.ToolTipBase: "#ffffff",
    QPalette.ColorRole.ToolTipText: "#1f2328",
    QPalette.ColorRole.PlaceholderText: "#8c959f",
    QPalette.ColorRole.Text: "#1f2328",
    QPalette.ColorRole.Button: "#f6f7f9",
    QPalette.ColorRole.ButtonText: "#1f2328",
    QPalette.ColorRole.BrightText: "#cf222e",
    QPalette.ColorRole.Highlight: "#cfe3f3",
    QPalette.ColorRole.HighlightedText: "#0b2f4a",
    QPalette.ColorRole.Link: "#0072B2",
    QPalette.ColorRole.Light: "#ffffff",
    QPalette.ColorRole.Midlight: "#eceef1",
    QPalette.ColorRole.Mid: "#c9ced6",
    QPalette.ColorRole.Dark: "#9aa1ab",
    QPalette.ColorRole.Shadow: "#6e7781",
}
_LIGHT_DISABLED = "#8c959f"


def _palette(roles: dict[QPalette.ColorRole, str], disabled: str) -> QPalette:
    """A palette of ``roles``, with ``disabled`` as the colour of disabled text."""
    palette = QPalette()
    for role, color in roles.items():
        palette.setColor(role, QColor(color))
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled))
    return palette


def dark_palette() -> QPalette:
    return _palette(_DARK_ROLES, _DARK_DISABLED)


def light_palette() -> QPalette:
    return _palette(_LIGHT_ROLES, _LIGHT_DISABLED)


def resolve(scheme: Scheme) -> Scheme:
    """LIGHT or DARK: what ``scheme`` means on this desktop now."""
    if scheme is Scheme.SYSTEM:
        return Scheme.DARK if system_is_dark() else Scheme.LIGHT
    return scheme


def running_app() -> QApplication:
    """The QApplication the GUI runs in (``instance()`` is typed as any core application)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication), "the GUI needs a QApplication"
    return app


def apply_scheme(app: QApplication, scheme: Scheme) -> ChartColors:
    """Set the application palette for ``scheme``; returns the matching chart colours."""
    effective = resolve(scheme)
    palette = dark_palette() if effective is Scheme.DARK else light_palette()
    app.setPalette(palette)
    # Tooltips keep a palette of their own, taken once from the first one set.
    QToolTip.setPalette(palette)
    return chart_colors(effective)


def chart_colors(scheme: Scheme) -> ChartColors:
    return DARK if resolve(scheme) is Scheme.DARK else LIGHT


class Tone(StrEnum):
    """What a banner says: its colours follow the tone and the palette."""

    INFO = "info"
    GO = "go"
    NO_GO = "no-go"
    PENDING = "pending"
    WARNING = "warning"
    CYCLE = "cycle"  # the dependency graph's loops: reddish purple, as the loops are drawn


@dataclass(frozen=True)
class BannerColors:
    text: QColor
    background: QColor
    border: QColor


def _banner(text: str, background: str, border: str) -> BannerColors:
    return BannerColors(QColor(text), QColor(background), QColor(border))


#: Text on its background is at least 4.5:1 (WCAG AA) in both schemes; the
#: dark scheme's banners are dark tints with light text, never pale boxes.
BANNERS: dict[Scheme, dict[Tone, BannerColors]] = {
    Scheme.LIGHT: {
        Tone.INFO: _banner("#0b4f79", "#e7f2fa", "#0072B2"),
        Tone.GO: _banner("#116329", "#e6f4ea", "#1a7f37"),
        Tone.NO_GO: _banner("#a40e26", "#fdecec", "#cf222e"),
        Tone.PENDING: _banner("#7d4e00", "#fff6dc", "#9a6700"),
        Tone.WARNING: _banner("#8a4600", "#fff1e5", "#b35900"),
        Tone.CYCLE: _banner("#7a0049", "#fbe6f1", "#b3006b"),
    },
    Scheme.DARK: {
        Tone.INFO: _banner("#9fd6f5", "#132a3b", "#2f6f9f"),
        Tone.GO: _banner("#7ee2a0", "#12281a", "#2ea043"),
        Tone.NO_GO: _banner("#ffa198", "#35181b", "#da3633"),
        Tone.PENDING: _banner("#f2cc60", "#2e2412", "#bb8009"),
        Tone.WARNING: _banner("#ffb77c", "#33200f", "#d66a00"),
        Tone.CYCLE: _banner("#f5a8d4", "#33172a", "#c74e95"),
    },
}


def palette_scheme(palette: QPalette) -> Scheme:
    """LIGHT or DARK: which scheme ``palette`` belongs to (by its window colour)."""
    return Scheme.DARK if palette.window().color().lightness() < 128 else Scheme.LIGHT


def banner_colors(tone: Tone, palette: QPalette) -> BannerColors:
    """The colours of a ``tone`` banner shown in ``palette``."""
    return BANNERS[palette_scheme(palette)][tone]


def banner_style(tone: Tone, palette: QPalette) -> str:
    """A QLabel style sheet for a ``tone`` banner in ``palette``."""
    c = banner_colors(tone, palette)
    return (
        f"QLabel {{ color: {c.text.name()}; background: {c.background.name()};"
        f" border: 1px solid {c.border.name()}; border-radius: 4px; padding: 6px 10px; }}"
    )


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio of two colours (1 to 21); text needs 4.5 or more."""

    def luminance(color: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

        r, g, b_ = (channel(v) for v in (color.redF(), color.greenF(), color.blueF()))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b_

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
