"""The plural helper: "1 task", "2 tasks", irregulars passed explicitly."""

from relm_desktop.domain.text import plural


def test_one_is_singular() -> None:
    assert plural(1, "task") == "1 task"
    assert plural(-1, "day") == "-1 day"


def test_zero_and_many_are_plural() -> None:
    assert plural(0, "task") == "0 tasks"
    assert plural(2, "release") == "2 releases"


def test_irregular_plural_is_passed() -> None:
    assert plural(1, "dependency", "dependencies") == "1 dependency"
    assert plural(3, "dependency", "dependencies") == "3 dependencies"


def test_thousands_are_grouped() -> None:
    assert plural(1200, "task", thousands=True) == "1,200 tasks"
    assert plural(1, "link", thousands=True) == "1 link"
