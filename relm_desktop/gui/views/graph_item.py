"""The dependency graph as ONE graphics item that paints only what is exposed.

Geometry comes from ``layout.depgraph``; this item only turns visible boxes
and routes into QPainter calls. Below a zoom of about 0.4 the labels are
skipped (they would be unreadable) and nodes become plain boxes, so a fitted
view of thousands of tasks still paints quickly.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView, QStyleOptionGraphicsItem, QWidget

from relm_desktop.gui.theme import ChartColors
from relm_desktop.gui.views.base import release_color
from relm_desktop.gui.views.graph_model import GraphContent, GraphNode
from relm_desktop.layout.depgraph import EdgeRoute, NodeBox

CYCLE_COLOR = QColor("#b3006b")  # strong reddish purple: cycles, never used for anything else
CROSS_COLOR = QColor("#0072B2")
SUPPLIER_COLOR = QColor("#C17A00")
LABEL_ZOOM = 0.4
ARROW = 7.0


class GraphItem(QGraphicsItem):
    """Paints a laid-out ``GraphContent``; ``selected`` holds the highlighted node ids."""

    def __init__(self, content: GraphContent, colors: ChartColors, font: QFont) -> None:
        super().__init__()
        assert content.layout is not None
        self.content = content
        self.layout = content.layout
        self.colors = colors
        self.selected: set[int] = set()
        self.show_critical = True
        self.font = QFont(font)
        self.bold = QFont(font)
        self.bold.setBold(True)
        self.small = QFont(font)
        self.small.setPointSizeF(max(6.0, font.pointSizeF() - 1.0))
        self.painted_nodes = 0  # for the benchmark and tests
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)

    def boundingRect(self) -> QRectF:  # QGraphicsItem.boundingRect
        return QRectF(0, 0, self.layout.width, self.layout.height)

    def paint(  # QGraphicsItem.paint
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        exposed = option.exposedRect  # type: ignore[attr-defined]
        view = widget.parent() if widget is not None else None
        if isinstance(view, QGraphicsView):  # never more than what the viewport shows
            shown = view.mapToScene(view.viewport().rect()).boundingRect()
            exposed = exposed.intersected(shown.adjusted(-20, -20, 20, 20))
        rect = (exposed.left(), exposed.top(), exposed.right(), exposed.bottom())
        lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, lod > 0.25)
        edges = list(self.layout.visible_edges(rect))
        # Ordinary links first, then the marked ones on top.
        edges.sort(key=self._edge_rank)
        for route in edges:
            self._paint_edge(painter, route, lod, rect)
        count = 0
        for box in self.layout.visible_nodes(rect):
            self._paint_node(painter, box, self.content.nodes[box.id], lod)
            count += 1
        self.painted_nodes = count

    # -- edges ------------------------------------------------------------------------
    def _edge_rank(self, route: EdgeRoute) -> int:
        edge = self.content.edges[route.index]
        if route.in_cycle:
            return 4
        if edge.critical and self.show_critical:
            return 3
        return 2 if edge.cross_release or edge.supplier else 1

    def _edge_pen(self, route: EdgeRoute) -> QPen:
        edge = self.content.edges[route.index]
        if route.in_cycle:
            pen = QPen(CYCLE_COLOR, 2.6)
        elif edge.critical and self.show_critical:
            pen = QPen(self.colors.critical_progress, 2.2)
        elif edge.cross_release:
            pen = QPen(CROSS_COLOR, 1.6)
        elif edge.supplier:
            pen = QPen(SUPPLIER_COLOR, 1.6)
        else:
            pen = QPen(self.colors.link, 1.1)
        if edge.cross_release:
            pen.setStyle(Qt.PenStyle.DashLine)
        elif edge.supplier:
            pen.setStyle(Qt.PenStyle.DashDotLine)
        pen.setCosmetic(False)
        return pen

    def _paint_edge(
        self, p: QPainter, route: EdgeRoute, lod: float, rect: tuple[float, float, float, float]
    ) -> None:
        pts = route.points
        if lod < LABEL_ZOOM:  # far out: straight polylines, no heads, no labels
            pen = self._edge_pen(route)
            pen.setStyle(Qt.PenStyle.SolidLine)
            p.setPen(pen)
            p.drawPolyline([QPointF(x, y) for x, y in pts])
            return
        # Only the segments that reach the exposed columns: a long edge across
        # the whole plan costs nothing where it is off screen.
        left, right = rect[0], rect[2]
        path = QPainterPath()
        drawing = False
        for (x0, y0), (x1, y1) in itertools.pairwise(pts):
            if max(x0, x1) < left or min(x0, x1) > right:
                drawing = False
                continue
            if not drawing:
                path.moveTo(x0, y0)
                drawing = True
            if abs(y1 - y0) < 0.5:
                path.lineTo(x1, y1)
            else:
                mid = (x1 - x0) / 2
                path.cubicTo(x0 + mid, y0, x1 - mid, y1, x1, y1)
        pen = self._edge_pen(route)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
        (xa, _), (xb, yb) = pts[-2], pts[-1]
        direction = 1.0 if xb >= xa else -1.0
        head = QPainterPath(QPointF(xb, yb))
        head.lineTo(xb - direction * ARROW, yb - ARROW / 2)
        head.lineTo(xb - direction * ARROW, yb + ARROW / 2)
        head.closeSubpath()
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(pen.color())
        p.drawPath(head)
        label = self.content.edges[route.index].label
        if label and lod >= LABEL_ZOOM:
            p.setFont(self.small)
            p.setPen(self.colors.muted_text if not route.in_cycle else CYCLE_COLOR)
            x, y = pts[-1]
            fm = QFontMetricsF(self.small)
            w = fm.horizontalAdvance(label)
            p.drawText(QPointF(x - w - ARROW - 3, y - 5), label)

    # -- nodes ------------------------------------------------------------------------
    def _paint_node(self, p: QPainter, box: NodeBox, node: GraphNode, lod: float) -> None:
        c = self.colors
        rect = QRectF(box.x, box.y, box.w, box.h)
        critical = node.critical and self.show_critical
        if lod < LABEL_ZOOM:  # far out: a plain box in the release colour
            p.setPen(Qt.PenStyle.NoPen)
            if box.id in self.selected:
                p.setBrush(c.bar_progress)
            elif node.in_cycle:
                p.setBrush(CYCLE_COLOR)
            elif critical:
                p.setBrush(c.critical_progress)
            else:
                p.setBrush(release_color(node.release_position))
            p.drawRect(rect)
            return
        fill = QColor("#fdf0e6") if critical and c.background.lightness() > 128 else c.background
        if node.in_cycle:
            fill = QColor("#fbe6f1") if c.background.lightness() > 128 else QColor("#4a2238")
        if box.id in self.selected:
            fill = QColor(c.selection.red(), c.selection.green(), c.selection.blue(), 70)
            p.setBrush(c.background)
            p.setPen(Qt.PenStyle.NoPen)
            p.drawRoundedRect(rect, 5, 5)
        if node.in_cycle:
            pen = QPen(CYCLE_COLOR, 2.6, Qt.PenStyle.DashLine)
        elif critical:
            pen = QPen(c.critical_progress, 2.2)
        else:
            pen = QPen(c.header_line, 1.0)
        if box.id in self.selected:
            pen = QPen(c.bar_progress, 3.0)
        p.setPen(pen)
        p.setBrush(fill)
        p.drawRoundedRect(rect, 5, 5)
        stripe = QRectF(box.x + 1.5, box.y + 1.5, 5, box.h - 3)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(release_color(node.release_position))
        p.drawRoundedRect(stripe, 2, 2)
        if lod < LABEL_ZOOM:
            return
        left = box.x + 12
        width = box.w - 18
        p.setFont(self.bold)
        p.setPen(c.text)
        fm = QFontMetricsF(self.bold)
        title = node.title
        badges = []
        if node.in_cycle:
            badges.append(("cycle", CYCLE_COLOR))
        if node.supplier:
            badges.append(("supplier", SUPPLIER_COLOR))
        badge_w = self._paint_badges(p, box, badges)
        title = fm.elidedText(title, Qt.TextElideMode.ElideRight, width - badge_w)
        p.setFont(self.bold)
        p.setPen(c.text)
        p.drawText(QPointF(left, box.y + 18), title)
        p.setFont(self.small)
        p.setPen(CYCLE_COLOR if node.in_cycle else c.muted_text)
        fs = QFontMetricsF(self.small)
        sub = fs.elidedText(node.subtitle, Qt.TextElideMode.ElideRight, width)
        p.drawText(QPointF(left, box.y + box.h - 10), sub)

    def _paint_badges(self, p: QPainter, box: NodeBox, badges: list[tuple[str, QColor]]) -> float:
        """Small tags at the top right of a node; returns the width they take."""
        if not badges:
            return 0.0
        p.setFont(self.small)
        fm = QFontMetricsF(self.small)
        x = box.right - 5
        for text, color in badges:
            w = fm.horizontalAdvance(text) + 8
            x -= w
            tag = QRectF(x, box.y + 5, w, fm.height() + 1)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QBrush(color))
            p.drawRoundedRect(tag, 3, 3)
            p.setPen(QColor("#ffffff"))
            p.drawText(tag, Qt.AlignmentFlag.AlignCenter, text)
            x -= 3
        return box.right - x
