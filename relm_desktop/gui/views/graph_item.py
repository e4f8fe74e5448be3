"""The dependency graph as ONE graphics item that paints only what is exposed.

Geometry comes from ``layout.depgraph``; this item only turns visible boxes
and routes into QPainter calls, in three levels of detail by zoom, so no
label is ever painted smaller than ``READABLE_PX`` on screen:

- ``FULL_ZOOM`` and up: name and dates in each box, link types and lags;
- ``NAME_ZOOM`` and up: the name alone, in a bigger font (as maps letter
  towns bigger than streets), so the boxes stay legible further out;
- below: plain boxes and links in a few batched calls per style (the batches
  of all links are kept until the colours or the critical-path switch
  change), so a fitted view of thousands of tasks still repaints quickly;
  the view then labels only the nodes that matter (``callouts``).

Lanes (a release's band) are painted under everything as a faint tint of
the release's colour; the view writes their names, pinned to its left edge.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView, QStyleOptionGraphicsItem, QWidget

from relm_desktop.gui.theme import ChartColors
from relm_desktop.gui.views.base import release_color
from relm_desktop.gui.views.graph_model import GraphContent, GraphNode
from relm_desktop.gui.views.graph_worker import EdgeStyle, FarPath, far_paths
from relm_desktop.layout.depgraph import EdgeRoute, NodeBox

CYCLE_COLOR = QColor("#b3006b")  # strong reddish purple: cycles, never used for anything else
CROSS_COLOR = QColor("#0072B2")
SUPPLIER_COLOR = QColor("#C17A00")
ARROW = 7.0
#: Label sizes in scene pixels: title and subtitle at full detail, a lone name further out.
TITLE_PX, SUB_PX, NAME_PX = 13, 11, 22
#: The smallest text painted, in screen pixels: below it a label is noise.
READABLE_PX = 9.0
FULL_ZOOM = READABLE_PX / SUB_PX
NAME_ZOOM = READABLE_PX / NAME_PX
#: A painter's level of detail comes back from the transform a hair off the zoom set.
ZOOM_SLACK = 1e-6
#: At most this many nodes are labelled zoomed far out (hovered, selected, critical first).
MAX_CALLOUTS = 400


class GraphItem(QGraphicsItem):
    """Paints a laid-out ``GraphContent``; ``selected`` holds the highlighted node ids."""

    def __init__(
        self,
        content: GraphContent,
        colors: ChartColors,
        font: QFont,
        far: list[FarPath] | None = None,
    ) -> None:
        super().__init__()
        assert content.layout is not None
        self.content = content
        self.layout = content.layout
        self._colors = colors
        self._show_critical = True
        self.selected: set[int] = set()
        self.hovered: int | None = None
        # Far-out paths of every link (from the worker, else built on first need).
        self.far = far
        self._node_groups: dict[tuple[bool, bool, int], list[QRectF]] | None = None
        # Pixel sizes, not points: the zoom thresholds hold on any screen's DPI.
        self.font = QFont(font)
        self.font.setPixelSize(TITLE_PX)
        self.bold = QFont(self.font)
        self.bold.setBold(True)
        self.small = QFont(font)
        self.small.setPixelSize(SUB_PX)
        self.name_font = QFont(font)
        self.name_font.setPixelSize(NAME_PX)
        # Critical nodes left to right: the first candidates for a label far out.
        critical = [self.layout.nodes[i] for i, n in content.nodes.items() if n.critical]
        self._critical_ids = [b.id for b in sorted(critical, key=lambda b: (b.layer, b.y))]
        self.painted_nodes = 0  # for the benchmark and tests
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)

    @property
    def colors(self) -> ChartColors:
        """The chart colours (light or dark); setting them repaints."""
        return self._colors

    @colors.setter
    def colors(self, colors: ChartColors) -> None:
        self._colors = colors
        self.update()

    @property
    def show_critical(self) -> bool:
        """Whether the critical path is highlighted; setting it repaints."""
        return self._show_critical

    @show_critical.setter
    def show_critical(self, on: bool) -> None:
        self._show_critical = on
        self.update()

    def boundingRect(self) -> QRectF:  # QGraphicsItem.boundingRect
        return QRectF(0, 0, self.layout.width, self.layout.height)

    def paint(  # QGraphicsItem.paint
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        exposed = option.exposedRect
        view = widget.parent() if widget is not None else None
        if isinstance(view, QGraphicsView):  # never more than what the viewport shows
            shown = view.mapToScene(view.viewport().rect()).boundingRect()
            exposed = exposed.intersected(shown.adjusted(-20, -20, 20, 20))
        rect = (exposed.left(), exposed.top(), exposed.right(), exposed.bottom())
        lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, lod > 0.25)
        self._paint_lanes(painter, exposed)
        if self.label_font(lod) is None:
            self._paint_far(painter, rect)
            return
        detail = lod >= FULL_ZOOM - ZOOM_SLACK
        edges = list(self.layout.visible_edges(rect))
        edges.sort(key=self._edge_rank)  # ordinary links first, the marked ones on top
        for route in edges:
            self._paint_edge(painter, route, rect, detail)
        count = 0
        for box in self.layout.visible_nodes(rect):
            self._paint_node(painter, box, self.content.nodes[box.id], detail)
            count += 1
        self.painted_nodes = count

    def label_font(self, zoom: float) -> QFont | None:
        """The font node names are painted in at ``zoom``; None when they are not painted."""
        if zoom >= FULL_ZOOM - ZOOM_SLACK:
            return self.bold
        if zoom >= NAME_ZOOM - ZOOM_SLACK:
            return self.name_font
        return None

    def lane_name(self, key: int) -> str:
        """The name written on lane ``key`` (its release)."""
        return self.content.lane_names.get(key, "")

    def _paint_lanes(self, p: QPainter, exposed: QRectF) -> None:
        """Each lane a faint band of its release's colour, its header strip a little stronger."""
        dark = self.colors.background.lightness() < 128
        header = self.layout.metrics.lane_header
        p.setPen(Qt.PenStyle.NoPen)
        for band in self.layout.lanes:
            if band.y1 < exposed.top() or band.y0 > exposed.bottom():
                continue
            tint = release_color(band.key)
            tint.setAlpha(30 if dark else 16)
            p.setBrush(tint)
            p.drawRect(QRectF(exposed.left(), band.y0, exposed.width(), band.y1 - band.y0))
            tint.setAlpha(44 if dark else 30)
            p.setBrush(tint)
            p.drawRect(QRectF(exposed.left(), band.y0, exposed.width(), header))

    def callouts(self, rect: QRectF) -> list[tuple[NodeBox, GraphNode]]:
        """Nodes to label when zoomed far out, most wanted first, those meeting ``rect``.

        The hovered node, then the selection (and a focus's roots), then the
        critical path from left to right; the view drops any that would
        overlap one already placed.
        """
        order: list[int] = []
        if self.hovered is not None:
            order.append(self.hovered)
        order.extend(sorted(self.selected))
        if self.content.focus is not None:
            order.extend(sorted(self.content.focus.roots))
        if self.show_critical:
            order.extend(self._critical_ids)
        out: list[tuple[NodeBox, GraphNode]] = []
        seen: set[int] = set()
        for ident in order:
            box = self.layout.nodes.get(ident)
            if box is None or ident in seen:
                continue
            seen.add(ident)
            if rect.intersects(QRectF(box.x, box.y, box.w, box.h)):
                out.append((box, self.content.nodes[ident]))
                if len(out) >= MAX_CALLOUTS:
                    break
        return out

    def edge_styles(self) -> list[tuple[bool, bool, bool]]:
        """(critical, cross-release, supplier) per edge, what ``far_paths`` groups by."""
        return [(e.critical, e.cross_release, e.supplier) for e in self.content.edges]

    def _paint_far(self, p: QPainter, rect: tuple[float, float, float, float]) -> None:
        """Zoomed far out: a few prebuilt paths for the links, drawRects per fill.

        A fitted view of 10,000 tasks shows every node and link; grouped by
        style and block of columns, only the blocks in view are drawn, each
        in one call instead of thousands.
        """
        if self.far is None:
            self.far = far_paths(self.layout, self.edge_styles())
        view = QRectF(rect[0], rect[1], rect[2] - rect[0], rect[3] - rect[1])
        shown = [f for f in self.far if f.extent.intersects(view)]
        shown.sort(key=lambda f: self._style_rank(f.style))
        p.setBrush(Qt.BrushStyle.NoBrush)
        for group in shown:
            pen = self._style_pen(group.style)
            pen.setStyle(Qt.PenStyle.SolidLine)
            # one or two device pixels: the fast thin-line path, and still visible
            pen.setCosmetic(True)
            pen.setWidthF(1.0 if pen.widthF() < 2.0 else 2.0)
            p.setPen(pen)
            p.drawPath(group.path)
        if self._node_groups is None:
            self._node_groups = self._group_nodes()
        p.setPen(Qt.PenStyle.NoPen)
        # Qt clips what is off screen faster than Python could pick what is on it.
        for (in_cycle, critical, position), batch in sorted(
            self._node_groups.items(), key=lambda kv: (kv[0][0], kv[0][1] and self.show_critical)
        ):
            if in_cycle:
                p.setBrush(CYCLE_COLOR)
            elif critical and self.show_critical:
                p.setBrush(self.colors.critical_progress)
            else:
                p.setBrush(release_color(position))
            p.drawRects(batch)
        p.setBrush(self.colors.bar_progress)
        for ident in self.selected:
            box = self.layout.nodes.get(ident)
            if box is not None:
                p.drawRect(QRectF(box.x, box.y, box.w, box.h))
        self.painted_nodes = self.layout.count_visible(rect)

    def _group_nodes(self) -> dict[tuple[bool, bool, int], list[QRectF]]:
        """Node boxes grouped by what decides their far-out fill (built once)."""
        groups: dict[tuple[bool, bool, int], list[QRectF]] = {}
        nodes = self.content.nodes
        for box in self.layout.nodes.values():
            node = nodes[box.id]
            key = (node.in_cycle, node.critical, node.release_position)
            groups.setdefault(key, []).append(QRectF(box.x, box.y, box.w, box.h))
        return groups

    # -- edges ------------------------------------------------------------------------
    def _style(self, route: EdgeRoute) -> EdgeStyle:
        edge = self.content.edges[route.index]
        return (route.in_cycle, edge.critical, edge.cross_release, edge.supplier)

    def _edge_rank(self, route: EdgeRoute) -> int:
        return self._style_rank(self._style(route))

    def _style_rank(self, style: EdgeStyle) -> int:
        in_cycle, critical, cross_release, supplier = style
        if in_cycle:
            return 4
        if critical and self.show_critical:
            return 3
        return 2 if cross_release or supplier else 1

    def _edge_pen(self, route: EdgeRoute) -> QPen:
        return self._style_pen(self._style(route))

    def _style_pen(self, style: EdgeStyle) -> QPen:
        in_cycle, critical, cross_release, supplier = style
        if in_cycle:
            pen = QPen(CYCLE_COLOR, 2.6)
        elif critical and self.show_critical:
            pen = QPen(self.colors.critical_progress, 2.2)
        elif cross_release:
            pen = QPen(CROSS_COLOR, 1.6)
        elif supplier:
            pen = QPen(SUPPLIER_COLOR, 1.6)
        else:
            pen = QPen(self.colors.link, 1.1)
        if cross_release:
            pen.setStyle(Qt.PenStyle.DashLine)
        elif supplier:
            pen.setStyle(Qt.PenStyle.DashDotLine)
        pen.setCosmetic(False)
        return pen

    def _paint_edge(
        self,
        p: QPainter,
        route: EdgeRoute,
        rect: tuple[float, float, float, float],
        detail: bool = True,
    ) -> None:
        pts = route.points
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
        if label and detail:
            p.setFont(self.small)
            p.setPen(self.colors.muted_text if not route.in_cycle else CYCLE_COLOR)
            x, y = pts[-1]
            fm = QFontMetricsF(self.small)
            w = fm.horizontalAdvance(label)
            p.drawText(QPointF(x - w - ARROW - 3, y - 5), label)

    # -- nodes ------------------------------------------------------------------------
    def _paint_node(self, p: QPainter, box: NodeBox, node: GraphNode, detail: bool = True) -> None:
        c = self.colors
        rect = QRectF(box.x, box.y, box.w, box.h)
        critical = node.critical and self.show_critical
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
        elif box.id == self.hovered:
            pen = QPen(c.bar_progress, 1.6)
        p.setPen(pen)
        p.setBrush(fill)
        p.drawRoundedRect(rect, 5, 5)
        stripe = QRectF(box.x + 1.5, box.y + 1.5, 5, box.h - 3)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(release_color(node.release_position))
        p.drawRoundedRect(stripe, 2, 2)
        left = box.x + 12
        width = box.w - 18
        if not detail:  # zoomed out: the name alone, big enough to read
            p.setFont(self.name_font)
            p.setPen(c.text)
            fm = QFontMetricsF(self.name_font)
            name = fm.elidedText(node.title, Qt.TextElideMode.ElideRight, width)
            p.drawText(QRectF(left, box.y, width, box.h), Qt.AlignmentFlag.AlignVCenter, name)
            return
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
