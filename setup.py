"""Package layout that pyproject.toml alone cannot say.

ui/ and resources/ live at the top of the repository (where designers and
artists find them) but ship inside the package as relm_desktop.ui and
relm_desktop.resources; setuptools' automatic discovery cannot combine that
mapping with finding the other packages.
"""

from setuptools import find_packages, setup

packages = find_packages(include=["relm_desktop", "relm_desktop.*"])
packages += ["relm_desktop.ui", "relm_desktop.resources"]

setup(
    packages=packages,
    package_dir={"relm_desktop.ui": "ui", "relm_desktop.resources": "resources"},
)
