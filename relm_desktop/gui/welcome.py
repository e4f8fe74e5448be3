"""The page shown when no plan is open: start a plan, open one, or try the demo.

The page only emits signals; the main window decides what each one does
(``new_plan``, ``new_plan_from_template``, ``open_dialog``, ``open_demo``,
``open_plan``), so the same commands run from the menus and from here.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from relm_desktop.gui.about import app_icon, brand, data_dir
from relm_desktop.gui.banner import follow_palette
from relm_desktop.gui.resources import icon_path
from relm_desktop.gui.theme import Scheme, palette_scheme, running_app

if TYPE_CHECKING:
    from relm_desktop.gui.main_window import MainWindow
    from relm_desktop.gui.views.templates import NewReleaseDialog

RECENT_ROWS = 8  # the list grows with its entries up to this many rows, then scrolls
TAGLINE = "Plan, schedule and ship releases — offline, on one plan file."


def _action_button(
    text: str, detail: str, name: str, parent: QWidget, icon: QIcon | None = None
) -> QPushButton:
    """A large two-line button: the command, a hint under it, an icon before both."""
    button = QPushButton(f"{text}\n{detail}", parent)
    button.setObjectName(name)
    if icon is not None and not icon.isNull():
        button.setIcon(icon)
        button.setIconSize(QSize(24, 24))
    button.setMinimumHeight(58)
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    button.setToolTip(detail)
    return button


def _button_style(palette: QPalette) -> str:
    """Left-aligned text needs a style sheet; its colours are ``palette``'s.

    A style sheet without colours draws the buttons in its own light grey,
    which stood out as white boxes in the dark palette.
    """
    button = palette.color(QPalette.ColorRole.Button)
    dark = palette_scheme(palette) is Scheme.DARK
    border = button.lighter(150) if dark else button.darker(125)
    hover = button.lighter(125) if dark else button.darker(104)
    pressed = button.lighter(105) if dark else button.darker(112)
    text = palette.color(QPalette.ColorRole.ButtonText).name()
    focus = palette.color(QPalette.ColorRole.Link).name()
    return (
        f"QPushButton {{ text-align: left; padding: 8px 14px; color: {text};"
        f" background: {button.name()}; border: 1px solid {border.name()}; border-radius: 6px; }}"
        f" QPushButton:hover {{ background: {hover.name()}; border-color: {focus}; }}"
        f" QPushButton:pressed {{ background: {pressed.name()}; }}"
        f" QPushButton:focus {{ border: 2px solid {focus}; }}"
    )


def _icon(name: str) -> QIcon | None:
    path = icon_path(name)
    return QIcon(str(path)) if path is not None else None


class WelcomePage(QWidget):
    """Start here: New plan, New plan from template, Open…, Open demo plan, recent plans."""

    new_requested = Signal()
    template_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    recent_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        self._plan_icon = app_icon()
        logo, title = brand(self, 88, 2.4)
        logo.setObjectName("welcome-logo")
        tagline = QLabel(TAGLINE, self)
        tagline.setObjectName("welcome-tagline")
        tagline.setEnabled(False)
        tagline.setWordWrap(True)
        heading = QVBoxLayout()
        heading.addStretch(1)
        heading.addWidget(title)
        heading.addWidget(tagline)
        heading.addStretch(1)
        top = QHBoxLayout()
        top.setSpacing(18)
        top.addWidget(logo, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addLayout(heading, 1)

        self.buttons = {
            "new": _action_button(
                "New plan…",
                "An empty plan file (Ctrl+N)",
                "welcome-new",
                self,
                _icon("document-new"),
            ),
            "template": _action_button(
                "New plan from template…",
                "A plan with a first release from a template",
                "welcome-template",
                self,
                _icon("task-new"),
            ),
            "open": _action_button(
                "Open…", "A .relm plan file (Ctrl+O)", "welcome-open", self, _icon("document-open")
            ),
            "demo": _action_button(
                "Open demo plan",
                "Five sample releases to explore",
                "welcome-demo",
                self,
                app_icon(),
            ),
        }
        self.buttons["new"].clicked.connect(self.new_requested)
        self.buttons["template"].clicked.connect(self.template_requested)
        self.buttons["open"].clicked.connect(self.open_requested)
        self.buttons["demo"].clicked.connect(self.demo_requested)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(12)
        for index, key in enumerate(("new", "template", "open", "demo")):
            grid.addWidget(self.buttons[key], index // 2, index % 2)

        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        recent_title = QLabel("<b>Recent plans</b>", self)
        self.recent = QListWidget(self)
        self.recent.setObjectName("welcome-recent")
        self.recent.setAlternatingRowColors(True)
        self.recent.setIconSize(QSize(20, 20))
        self.recent.itemActivated.connect(
            lambda item: self.recent_requested.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        self.no_recent = QLabel("No recent plans yet — start one above.", self)
        self.no_recent.setObjectName("welcome-no-recent")
        self.no_recent.setEnabled(False)
        hint = QLabel("Tip: drop a .relm plan or an .xlsx schedule onto this window.", self)
        hint.setEnabled(False)

        column = QVBoxLayout()
        column.setSpacing(10)
        column.addStretch(1)
        column.addLayout(top)
        column.addSpacing(22)
        column.addLayout(grid)
        column.addSpacing(14)
        column.addWidget(line)
        column.addSpacing(6)
        column.addWidget(recent_title)
        column.addWidget(self.no_recent)
        column.addWidget(self.recent)
        column.addWidget(hint)
        column.addStretch(1)
        holder = QWidget(self)
        holder.setObjectName("welcome-column")
        holder.setLayout(column)
        holder.setMaximumWidth(760)
        holder.setMinimumWidth(480)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(32, 24, 32, 24)
        outer.addStretch(1)
        outer.addWidget(holder, 6)
        outer.addStretch(1)
        self.set_recent([])
        self.restyle()
        follow_palette(self)  # the buttons' style sheets cut them off the palette's changes

    def restyle(self) -> None:
        """Colour the buttons from the application's palette (light or dark)."""
        style = _button_style(running_app().palette())
        for button in self.buttons.values():
            if button.styleSheet() != style:
                button.setStyleSheet(style)

    def set_recent(self, paths: list[Path]) -> None:
        """Show ``paths`` (most recent first); each row opens its plan when activated."""
        self.recent.clear()
        for path in paths:
            item = QListWidgetItem(f"{path.stem}    —    {path.parent}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
            item.setIcon(self._plan_icon)
            self.recent.addItem(item)
        rows = max(1, min(len(paths), RECENT_ROWS))
        row_height = max(self.recent.sizeHintForRow(0), 24) if paths else 24
        self.recent.setFixedHeight(rows * row_height + 2 * self.recent.frameWidth() + 4)
        self.recent.setVisible(bool(paths))
        self.no_recent.setVisible(not paths)


def demo_plan_path() -> Path:
    """Where the demo plan is kept: the application's data folder."""
    return data_dir() / "demo.relm"


def open_demo(window: MainWindow) -> bool:
    """Open the demo plan, building it first when it is missing."""
    from relm_desktop.services.demo import build_demo

    path = demo_plan_path()
    if not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            build_demo(path, source="gui").close()
        except OSError as exc:
            window.context.prompts.error(window, "Open demo plan", str(exc))
            return False
    return bool(window.open_plan(path))


def new_plan_from_template(window: MainWindow) -> NewReleaseDialog | None:
    """Create a plan (asking where), then offer 'New release from template' on it.

    Returns the dialog, shown window-modal without blocking, or None when no
    plan was created.
    """
    from relm_desktop.gui.views.templates import NewReleaseDialog

    before = window.document
    window.new_plan()
    document = window.document
    if document is None or document is before:
        return None
    dialog = NewReleaseDialog(document, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.template_dialog = dialog
    dialog.open()
    return dialog
