"""Reading colours off a grabbed widget: its background and its text's contrast."""

from __future__ import annotations

from collections import Counter

from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QWidget

from relm_desktop.gui.theme import contrast_ratio


def grab(widget: QWidget) -> QImage:
    return widget.grab().toImage()


def background(image: QImage) -> QColor:
    """The commonest colour of the image: what the text sits on."""
    counts: Counter[int] = Counter(
        image.pixel(x, y) for x in range(0, image.width(), 2) for y in range(image.height())
    )
    return QColor.fromRgb(counts.most_common(1)[0][0])


def text_contrast(image: QImage, rect: tuple[int, int, int, int] | None = None) -> float:
    """The best contrast any pixel in ``rect`` has against the background: the text's."""
    bg = background(image)
    x0, y0, w, h = rect or (0, 0, image.width(), image.height())
    return max(
        contrast_ratio(QColor.fromRgb(image.pixel(x, y)), bg)
        for x in range(x0, x0 + w)
        for y in range(y0, y0 + h)
    )
