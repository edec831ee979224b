"""Projects and their settings: how documents are split into sentences, QA checks switched off."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from segments import Paragraph, split_document
from webapp.models import Project
from webapp.services.errors import InvalidInput, NotFound

_ABBREVIATION = re.compile(r"^[^\s.]+(\.[^\s.]+)*\.$")


@dataclass(frozen=True)
class ProjectSettings:
    """What a project may change; stored as JSON on the project, unknown keys ignored."""

    abbreviations: tuple[str, ...] = ()
    disabled_checks: tuple[str, ...] = ()
    # Whether ；/： end a Chinese sentence; off as in the library, since news text mostly runs a sentence on.
    semicolon_ends: bool = False
    colon_ends: bool = False
    extra: dict = field(default_factory=dict)

    @classmethod
    def of(cls, project: Project) -> ProjectSettings:
        data = project.settings or {}
        return cls(abbreviations=tuple(data.get("abbreviations", ())),
                   disabled_checks=tuple(data.get("disabled_checks", ())),
                   semicolon_ends=bool(data.get("semicolon_ends", False)),
                   colon_ends=bool(data.get("colon_ends", False)),
                   extra={k: v for k, v in data.items() if k not in _KNOWN})

    def segmentation(self) -> tuple:
        """The settings that decide where sentences end: a change of these is worth re-segmenting for."""
        return self.abbreviations, self.semicolon_ends, self.colon_ends

    def split(self, text: str, lang: str) -> list[Paragraph]:
        """Split `text` into paragraphs of sentences the way this project's documents are split."""
        return split_document(text, lang, self.abbreviations, semicolon_ends=self.semicolon_ends,
                              colon_ends=self.colon_ends)


_KNOWN = ("abbreviations", "disabled_checks", "semicolon_ends", "colon_ends")


def get_project(session: Session, project_id: int) -> Project:
    project = session.get(Project, project_id)
    if project is None:
        raise NotFound(f"no project {project_id}")
    return project


def find_project(session: Session, ref: str, *, create: bool = False) -> Project:
    """A project by numeric id or name; with `create`, a missing name becomes a new project."""
    found = session.get(Project, int(ref)) if ref.isdigit() else None
    found = found or session.scalar(select(Project).where(Project.name == ref))
    if found is None and create:
        found = Project(name=ref)
        session.add(found)
        session.flush()
    if found is None:
        raise NotFound(f"no project {ref!r}")
    return found


def list_projects(session: Session) -> list[Project]:
    return list(session.scalars(select(Project).order_by(Project.name)))


def parse_abbreviations(text: str) -> tuple[str, ...]:
    """One abbreviation per line or separated by spaces/commas, each ending in a full stop ("Govt.")."""
    words = [w for w in re.split(r"[\s,]+", text) if w]
    bad = [w for w in words if not _ABBREVIATION.match(w)]
    if bad:
        raise InvalidInput(f"not an abbreviation (it must end with a full stop): {', '.join(bad[:5])}")
    return tuple(dict.fromkeys(words))


def parse_switch(value: str | None, name: str) -> bool:
    """A form or API switch: "1"/"true"/"on"/"yes" or "0"/"false"/"off"/"no"/"" (absent: off)."""
    text = (value or "").strip().lower()
    if text in ("1", "true", "on", "yes"):
        return True
    if text in ("", "0", "false", "off", "no"):
        return False
    raise InvalidInput(f"{name} must be 1 or 0 (true or false), not {value!r}")


def update_settings(project: Project, **changes) -> ProjectSettings:
    """Replace the given settings of `project`; the others stay."""
    unknown = set(changes) - set(_KNOWN)
    if unknown:
        raise InvalidInput(f"no such project setting: {', '.join(sorted(unknown))}")
    current = ProjectSettings.of(project)
    merged = {**asdict(current), **changes}
    extra = merged.pop("extra")
    project.settings = {**extra, "abbreviations": list(merged["abbreviations"]),
                        "disabled_checks": list(merged["disabled_checks"]),
                        "semicolon_ends": bool(merged["semicolon_ends"]),
                        "colon_ends": bool(merged["colon_ends"])}
    return ProjectSettings.of(project)
