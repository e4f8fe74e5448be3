"""Enumerations of the release-management glossary (PRODUCT.md §2).

Values are the lower-case words stored in the plan file and shown in exports;
``label`` gives the text the user reads.
"""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    """A string enum whose members know their human-readable label."""

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @classmethod
    def parse(cls, text: str) -> LabelledEnum:
        """Accept a value or a label in any case, with spaces, '-' or '/' as separators."""

        def norm(word: str) -> str:
            return word.strip().lower().replace("-", "_").replace("/", "_").replace(" ", "_")

        key = norm(text)
        for member in cls:
            if key in (norm(member.value), norm(member.label)):
                return member
        raise ValueError(f"{text!r} is not one of: {', '.join(m.value for m in cls)}")


class ReleaseKind(LabelledEnum):
    MAJOR = "major"
    MINOR = "minor"
    PATCH = "patch"
    EMERGENCY = "emergency"


class ReleaseStatus(LabelledEnum):
    DRAFT = "draft"
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    READY = "ready"
    DEPLOYED = "deployed"
    ROLLED_BACK = "rolled_back"
    CANCELLED = "cancelled"


class RolloutStrategy(LabelledEnum):
    BIG_BANG = "big_bang"
    STAGED = "staged"
    PILOT = "pilot"
    BLUE_GREEN = "blue_green"
    CANARY = "canary"
    FEATURE_FLAG = "feature_flag"

    @property
    def label(self) -> str:
        return {"blue_green": "Blue/green", "feature_flag": "Feature flag"}.get(
            self.value, super().label
        )


class Rag(LabelledEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"


class DependencyType(LabelledEnum):
    FS = "FS"
    SS = "SS"
    FF = "FF"
    SF = "SF"

    @property
    def label(self) -> str:
        return {
            "FS": "Finish-to-start",
            "SS": "Start-to-start",
            "FF": "Finish-to-finish",
            "SF": "Start-to-finish",
        }[self.value]


class ConstraintType(LabelledEnum):
    START_NO_EARLIER_THAN = "snet"
    FINISH_NO_LATER_THAN = "fnlt"
    MUST_START_ON = "mso"

    @property
    def label(self) -> str:
        return {
            "snet": "Start no earlier than",
            "fnlt": "Finish no later than",
            "mso": "Must start on",
        }[self.value]


class ScopeKind(LabelledEnum):
    CHANGE = "change"
    FEATURE = "feature"
    FIX = "fix"
    TICKET = "ticket"


class ScopeStatus(LabelledEnum):
    IN = "in"
    OUT = "out"


class RiskStatus(LabelledEnum):
    OPEN = "open"
    MITIGATING = "mitigating"
    CLOSED = "closed"
    OCCURRED = "occurred"


class GateStatus(LabelledEnum):
    PENDING = "pending"
    PASSED = "passed"
    FAILED = "failed"
    WAIVED = "waived"


class GateCategory(LabelledEnum):
    QUALITY = "quality"
    SECURITY = "security"
    COMPLIANCE = "compliance"


class Raci(LabelledEnum):
    RESPONSIBLE = "R"
    ACCOUNTABLE = "A"
    CONSULTED = "C"
    INFORMED = "I"

    @property
    def label(self) -> str:
        return {"R": "Responsible", "A": "Accountable", "C": "Consulted", "I": "Informed"}[
            self.value
        ]


class ChangeAction(LabelledEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    UNDO = "undo"
    REDO = "redo"
