"""A banner: a bordered line of news above a view (go/no-go, cycles, warnings).

Its colours come from its tone and the palette in use (theme.BANNERS), and
follow the palette when the user switches between light and dark: a style
sheet set once would keep the colours of the palette it was made in.
"""

from __future__ import annotations

import weakref
from typing import Protocol

import shiboken6
from PySide6.QtWidgets import QLabel, QWidget

from relm_desktop.gui.theme import Tone, banner_style, running_app


class Restyled(Protocol):
    def restyle(self) -> None: ...


#: Widgets whose style sheets are made from the palette; held weakly, so a
#: closed plan's views are not kept alive by the application's signal.
_followers: weakref.WeakSet[Restyled] = weakref.WeakSet()
_connected = False


def follow_palette(widget: Restyled) -> None:
    """Call ``widget.restyle()`` whenever the application's palette changes.

    A child with a style sheet no longer inherits the application's palette,
    so it gets no PaletteChange event: the application's signal says instead.
    """
    global _connected
    _followers.add(widget)
    if not _connected:
        running_app().paletteChanged.connect(_restyle_followers)
        _connected = True


def _restyle_followers(*_: object) -> None:
    for widget in list(_followers):
        if shiboken6.isValid(widget):
            widget.restyle()


class Banner(QLabel):
    """A QLabel drawn as a banner of ``tone``; ``set_tone`` changes what it says."""

    def __init__(self, parent: QWidget | None = None, tone: Tone = Tone.INFO) -> None:
        super().__init__(parent)
        self.tone = tone
        self.setWordWrap(True)
        self.restyle()
        follow_palette(self)

    def set_tone(self, tone: Tone) -> None:
        self.tone = tone
        self.restyle()

    def restyle(self) -> None:
        """Colour the banner for its tone in the application's palette (light or dark)."""
        # The application's palette, not the label's own: a style sheet changes that one.
        style = banner_style(self.tone, running_app().palette())
        if style != self.styleSheet():
            self.setStyleSheet(style)
