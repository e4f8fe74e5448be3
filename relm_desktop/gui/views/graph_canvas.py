"""The canvas of the Dependencies view: zoom, pan, pick, and the labels pinned to it.

One ``GraphItem`` paints the graph in scene coordinates; the canvas adds what
must stay readable at any zoom, in screen pixels: each lane's name at the
left edge (inside its band while it scrolls), and far out, where boxes carry
no text, the names of the nodes that matter (hovered, selected, critical),
never two overlapping.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QWidget

from relm_desktop.gui.views.base import chart_colors, release_color
from relm_desktop.gui.views.graph_item import NAME_ZOOM, GraphItem
from relm_desktop.gui.views.graph_worker import LayoutOverlay

MIN_ZOOM, MAX_ZOOM = 0.03, 3.0


class GraphCanvas(QGraphicsView):
    """Zoom about the pointer, pan by dragging, click a node to pick it."""

    node_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.item: GraphItem | None = None
        self.setObjectName("depgraph-canvas")
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)  # the hovered node gets its label when zoomed far out
        self.callouts_drawn = 0  # nodes labelled in the last far-out paint (for tests)

    def zoom(self) -> float:
        """The current scale (1.0 = natural size)."""
        return self.transform().m11()

    def resizeEvent(self, event: QResizeEvent) -> None:  # QGraphicsView.resizeEvent
        super().resizeEvent(event)
        for overlay in self.findChildren(LayoutOverlay):
            overlay.reposition()

    def zoom_by(self, factor: float) -> None:
        """Zoom by ``factor``, kept within the zoom limits."""
        target = min(MAX_ZOOM, max(MIN_ZOOM, self.zoom() * factor))
        factor = target / self.zoom()
        self.scale(factor, factor)

    def fit_zoom(self) -> float:
        """The zoom Fit picks: the whole graph if its names stay readable so.

        Else, if every lane still fits the window's height at the smallest
        zoom where names are readable, that zoom (the graph scrolls sideways,
        as time runs on); else the whole graph, as boxes, the nodes that
        matter labelled. Never past the natural size.
        """
        if self.item is None:
            return 1.0
        bounds = self.sceneRect()  # the graph and the margin round it
        view = self.viewport().rect()
        if bounds.width() <= 0 or bounds.height() <= 0:
            return 1.0
        whole = min(view.width() / bounds.width(), view.height() / bounds.height())
        if whole < NAME_ZOOM <= view.height() / bounds.height():
            return NAME_ZOOM  # every lane in view, names readable; time scrolls sideways
        return max(MIN_ZOOM, min(1.0, whole))

    def fit(self) -> None:
        """Zoom to ``fit_zoom``, the graph's start (its left end) in view."""
        if self.item is None:
            return
        zoom = self.fit_zoom()
        self.resetTransform()
        self.scale(zoom, zoom)
        bounds = self.item.boundingRect()
        visible_w = self.viewport().width() / zoom
        wide = bounds.width() > visible_w
        x = bounds.left() + visible_w / 2 if wide else bounds.center().x()
        self.centerOn(x, bounds.center().y())

    def wheelEvent(self, event: QWheelEvent) -> None:  # QGraphicsView.wheelEvent
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(1.15**steps)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # QGraphicsView.mouseMoveEvent
        super().mouseMoveEvent(event)
        if self.item is None or event.buttons() != Qt.MouseButton.NoButton:
            return
        point = self.mapToScene(event.position().toPoint())
        hit = self.item.layout.node_at(point.x(), point.y())
        if hit != self.item.hovered:
            self.item.hovered = hit
            self.viewport().update()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # QGraphicsView.mousePressEvent
        if event.button() == Qt.MouseButton.LeftButton and self.item is not None:
            point = self.mapToScene(event.position().toPoint())
            hit = self.item.layout.node_at(point.x(), point.y())
            if hit is not None:
                self.node_clicked.emit(hit)
                event.accept()
                return
        super().mousePressEvent(event)

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:  # noqa: N802
        # QGraphicsView.drawForeground
        """Lane names pinned to the left edge, and node names far out."""
        painter.save()
        painter.resetTransform()
        if self.item is not None:
            placed = self._draw_lane_names(painter, self.item)
            if self.item.label_font(self.zoom()) is None:  # boxes without names
                self._draw_callouts(painter, self.item, placed)
        painter.restore()

    def _label_font(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    def _pill(self, painter: QPainter, rect: QRectF, edge: QColor) -> None:
        colors = chart_colors()
        fill = QColor(colors.background)
        fill.setAlpha(235)
        painter.setPen(QPen(edge, 1.2))
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, 4, 4)

    def _draw_lane_names(self, painter: QPainter, item: GraphItem) -> list[QRectF]:
        """Each lane's name at the viewport's left edge, kept inside its band while it scrolls.

        Returns the rectangles the names took.
        """
        font = self._label_font()
        fm = QFontMetricsF(font)
        height = fm.height() + 2
        painter.setFont(font)
        placed: list[QRectF] = []
        bottom_edge = self.viewport().height()
        for band in item.layout.lanes:
            top = self.mapFromScene(QPointF(0, band.y0)).y()
            bottom = self.mapFromScene(QPointF(0, band.y1)).y()
            if bottom < 0 or top > bottom_edge or bottom - top < height * 0.6:
                continue
            y = min(max(top + 1.0, 1.0), bottom - height)
            name = fm.elidedText(item.lane_name(band.key), Qt.TextElideMode.ElideRight, 260)
            box = QRectF(6, y, fm.horizontalAdvance(name) + 26, height)
            if any(box.intersects(other) for other in placed):
                continue
            placed.append(box)
            color = release_color(band.key)
            self._pill(painter, box, color)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawRoundedRect(QRectF(box.left() + 6, box.top() + 3, 8, height - 6), 2, 2)
            painter.setPen(chart_colors().text)
            painter.drawText(QPointF(box.left() + 20, y + 1 + fm.ascent()), name)
        return placed

    def _draw_callouts(self, painter: QPainter, item: GraphItem, taken: list[QRectF]) -> None:
        """Zoomed far out: names of the nodes that matter, clear of ``taken`` and each other."""
        font = QFont(self.font())
        fm = QFontMetricsF(font)
        height = fm.height() + 4
        painter.setFont(font)
        shown = self.mapToScene(self.viewport().rect()).boundingRect()
        placed: list[QRectF] = []
        colors = chart_colors()
        for box, node in item.callouts(shown):
            corner = self.mapFromScene(QPointF(box.x, box.y))
            name = fm.elidedText(node.title, Qt.TextElideMode.ElideRight, 220)
            rect = QRectF(
                corner.x(), corner.y() - height - 2, fm.horizontalAdvance(name) + 10, height
            )
            if any(rect.intersects(other) for other in (*taken, *placed)):
                continue
            placed.append(rect)
            selected = box.id in item.selected or box.id == item.hovered
            edge = colors.bar_progress if selected else colors.critical_progress
            self._pill(painter, rect, edge)
            painter.setPen(colors.text)
            painter.drawText(QPointF(rect.left() + 5, rect.top() + 2 + fm.ascent()), name)
        self.callouts_drawn = len(placed)
