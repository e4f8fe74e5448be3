"""Qt-free geometry of the views: date scale, rows, bar rectangles, arrow routes.

Everything here works in plain floats and dates so it can be unit-tested
without a display; the GUI only turns the results into QPainter calls.
"""
