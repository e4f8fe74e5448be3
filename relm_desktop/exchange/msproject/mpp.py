"""MS Project .mpp files, read through MPXJ (the ``mpp`` extra) on a Java runtime.

MPXJ's own converter runs in a child process and writes MSPDI, which the
MSPDI reader then reads: no JVM in our process, and one reader for both.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import tempfile
from pathlib import Path

from relm_desktop.exchange.foreign_plan import ForeignPlan
from relm_desktop.exchange.msproject.read import read_mspdi
from relm_desktop.exchange.safe_xml import XmlFileError

TIMEOUT_S = 120
_ADVICE = (
    "install Java (Debian: apt-get install default-jre-headless) and "
    "pip install 'relm-desktop[mpp]', or save the plan as XML from MS Project"
)


def mpxj_classpath() -> str | None:
    """The classpath of the installed ``mpxj`` package's jars (None when absent)."""
    spec = importlib.util.find_spec("mpxj")
    if spec is None or not spec.submodule_search_locations:
        return None
    lib = Path(next(iter(spec.submodule_search_locations))) / "lib"
    return f"{lib}/*" if lib.is_dir() else None


def mpxj_convert(source: Path, target: Path) -> None:
    """Convert ``source`` to ``target`` (format by extension) with MPXJ; XmlFileError if not."""
    java = shutil.which("java")
    classpath = mpxj_classpath()
    if java is None or classpath is None:
        raise XmlFileError(f"{source}: reading .mpp needs MPXJ on Java: {_ADVICE}")
    try:
        done = subprocess.run(
            [java, "-cp", classpath, "org.mpxj.sample.MpxjConvert", str(source), str(target)],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise XmlFileError(f"{source}: MPXJ took over {TIMEOUT_S} s; refused") from None
    if done.returncode != 0 or not target.exists():
        why = (done.stderr or done.stdout).strip().splitlines()
        raise XmlFileError(
            f"{source}: MPXJ cannot read it ({why[-1][:200] if why else 'no output'})"
        )


def read_mpp(path: Path) -> ForeignPlan:
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="relm-mpp-") as tmp:
        xml = Path(tmp) / f"{path.stem}.xml"
        mpxj_convert(path, xml)
        plan = read_mspdi(xml)
    plan.parsed.path = str(path)
    return plan
