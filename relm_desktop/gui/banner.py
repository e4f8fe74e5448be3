"""A banner: a bordered line of news above a view (go/no-go, cycles, warnings).

Its colours come from its tone and the palette in use (theme.BANNERS), and
follow the palette when the user switches between light and dark: a style
sheet set once would keep the colours of the palette it was made in.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from relm_desktop.gui.theme import Tone, banner_style, running_app


class Banner(QLabel):
    """A QLabel drawn as a banner of ``tone``; ``set_tone`` changes what it says."""

    def __init__(self, parent: QWidget | None = None, tone: Tone = Tone.INFO) -> None:
        super().__init__(parent)
        self.tone = tone
        self.setWordWrap(True)
        self._restyle()
        # A child with a style sheet no longer inherits the application's palette,
        # so it gets no PaletteChange: the application says when the palette changes.
        running_app().paletteChanged.connect(self._restyle)

    def set_tone(self, tone: Tone) -> None:
        self.tone = tone
        self._restyle()

    def _restyle(self, *_: object) -> None:
        # The application's palette says light or dark: a style sheet changes
        # the label's own palette, so reading that one would chase itself.
        style = banner_style(self.tone, running_app().palette())
        if style != self.styleSheet():
            self.setStyleSheet(style)
