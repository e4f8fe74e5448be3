"""Render resources/app/relm.svg to the PNG sizes desktops use: python packaging/render_icons.py"""
import sys
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtCore import Qt
app = QGuiApplication(sys.argv[:1])
r = QSvgRenderer("resources/app/relm.svg")
for size in (16, 24, 32, 48, 64, 128, 256, 512):
    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img); p.setRenderHint(QPainter.RenderHint.Antialiasing); r.render(p); p.end()
    img.save(f"resources/app/relm-{size}.png")
