"""Banners and the welcome page's buttons follow the palette (dark as well as light)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from relm_desktop.gui.context import AppContext
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.theme import BANNERS, Scheme, contrast_ratio
from relm_desktop.gui.views.readiness import ReadinessView
from tests.gui_rough.pixels import background, grab, text_contrast


def _scheme(qtbot: Any, win: MainWindow, scheme: Scheme) -> None:
    """Pick the palette in View ▸ Theme, as the user does."""
    win.actions_by_id[f"relm.view.theme.{scheme.value}"].trigger()
    QApplication.processEvents()


def _click_tab(qtbot: Any, win: MainWindow, title: str) -> None:
    bar = win.tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i) == title)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    qtbot.waitUntil(lambda: win.tabs.currentIndex() == index)


def test_every_banner_tone_is_readable_in_both_palettes() -> None:
    for scheme, tones in BANNERS.items():
        for tone, colors in tones.items():
            assert contrast_ratio(colors.text, colors.background) >= 4.5, (scheme, tone)
        dark = scheme is Scheme.DARK
        assert all((c.background.lightness() < 80) == dark for c in tones.values()), scheme


def test_go_no_go_banner_follows_the_palette(qtbot: Any, small: MainWindow) -> None:
    _click_tab(qtbot, small, "Readiness")
    view = next(v for v in small.views if isinstance(v, ReadinessView))
    # Switched while the view is shown, then again while another tab hides it.
    for scheme, hidden in ((Scheme.DARK, False), (Scheme.LIGHT, True), (Scheme.DARK, True)):
        if hidden:
            _click_tab(qtbot, small, "Timeline")
        _scheme(qtbot, small, scheme)
        if hidden:
            _click_tab(qtbot, small, "Readiness")
        qtbot.waitUntil(lambda: view.banner.isVisible())
        image = grab(view.banner)
        bg = background(image)
        if scheme is Scheme.DARK:
            assert bg.lightness() < 80, bg.name()
        else:
            assert bg.lightness() > 200, bg.name()
        assert text_contrast(image) >= 4.5
    _scheme(qtbot, small, Scheme.LIGHT)


@pytest.mark.parametrize("scheme", [Scheme.DARK, Scheme.LIGHT])
def test_welcome_buttons_follow_the_palette(
    qtbot: Any, app: QApplication, context: AppContext, scheme: Scheme
) -> None:
    win = MainWindow(context)
    qtbot.addWidget(win)
    win.resize(1280, 720)
    win.show()
    _scheme(qtbot, win, Scheme.LIGHT if scheme is Scheme.DARK else Scheme.DARK)
    _scheme(qtbot, win, scheme)
    window_bg = app.palette().window().color()
    button = win.findChild(QPushButton, "welcome-demo")
    assert button is not None and button.isVisible()
    image = grab(button)
    bg = background(image)
    # The button's face is the palette's button colour, not a light box on a dark window.
    assert abs(bg.lightness() - window_bg.lightness()) < 40, (bg.name(), window_bg.name())
    assert (bg.lightness() < 100) == (scheme is Scheme.DARK)
    assert text_contrast(image) >= 4.5
    _scheme(qtbot, win, Scheme.LIGHT)


def test_tooltips_follow_the_palette(app: QApplication) -> None:
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QToolTip

    from relm_desktop.gui.theme import Scheme, apply_scheme, dark_palette, light_palette

    role = QPalette.ColorRole.ToolTipBase
    try:
        apply_scheme(app, Scheme.DARK)
        assert QToolTip.palette().color(role) == dark_palette().color(role)
    finally:
        apply_scheme(app, Scheme.LIGHT)
    assert QToolTip.palette().color(role) == light_palette().color(role)
