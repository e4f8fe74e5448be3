"""Package layout that pyproject.toml alone cannot say.

ui/ and resources/ live at the top of the repository (where designers and
artists find them) but ship inside the package as relm_desktop.ui and
relm_desktop.resources; setuptools' automatic discovery cannot combine that
mapping with finding the other packages. Directories that hold only data
(resources' subfolders, report templates, migration scripts) are listed as
packages too, so setuptools ships them without warning that it may stop.
"""

from setuptools import find_namespace_packages, setup

packages = find_namespace_packages(
    include=["relm_desktop", "relm_desktop.*"], exclude=["*.__pycache__"]
)
packages += ["relm_desktop.ui", "relm_desktop.resources"]
packages += [
    f"relm_desktop.resources.{name}"
    for name in find_namespace_packages("resources", exclude=["*.__pycache__"])
]

setup(
    packages=packages,
    package_dir={"relm_desktop.ui": "ui", "relm_desktop.resources": "resources"},
)
