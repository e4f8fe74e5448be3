"""Overdue work in the chart: a red outline and a red cap at the bar's end."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from relm_desktop.layout.geometry import Rect

if TYPE_CHECKING:
    from relm_desktop.gui.theme import ChartColors

#: Width of the red cap at the end of an overdue bar.
CAP = 4.0


def overdue_color(background: QColor) -> QColor:
    """Red for overdue work, readable on a light or a dark background."""
    return QColor("#ff5a52") if background.lightness() < 128 else QColor("#d0021b")


def paint_overdue(p: QPainter, shapes: list[Rect], colors: ChartColors) -> None:
    """Flag the bars (or milestone boxes) in ``shapes``: one pen, one brush for all."""
    red = overdue_color(colors.background)
    p.setPen(QPen(red, 1.6))
    p.setBrush(Qt.BrushStyle.NoBrush)
    for shape in shapes:
        p.drawRect(QRectF(shape.x, shape.y, shape.w, shape.h))
    for shape in shapes:
        # Where the work should have been done by: the end reads red even on a
        # critical (orange) bar, and on a narrow one at quarter zoom.
        p.fillRect(QRectF(shape.right - CAP, shape.y, CAP, shape.h), red)


#: Diameter of the table's overdue dot (in the Done cell, left of the percentage).
DOT = 7.0


def paint_dot(p: QPainter, x: float, row_top: float, row_height: float, color: QColor) -> None:
    """The task table's overdue mark: a red dot at ``x`` in the row's middle."""
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(color)
    p.drawEllipse(QRectF(x, row_top + (row_height - DOT) / 2, DOT, DOT))
    p.restore()
