"""Projects and their settings: extra abbreviations for segmentation, QA checks switched off."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.models import Project
from webapp.services.errors import InvalidInput, NotFound

_ABBREVIATION = re.compile(r"^[^\s.]+(\.[^\s.]+)*\.$")


@dataclass(frozen=True)
class ProjectSettings:
    """What a project may change; stored as JSON on the project, unknown keys ignored."""

    abbreviations: tuple[str, ...] = ()
    disabled_checks: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)

    @classmethod
    def of(cls, project: Project) -> ProjectSettings:
        data = project.settings or {}
        return cls(abbreviations=tuple(data.get("abbreviations", ())),
                   disabled_checks=tuple(data.get("disabled_checks", ())),
                   extra={k: v for k, v in data.items() if k not in ("abbreviations", "disabled_checks")})


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


def update_settings(project: Project, **changes) -> ProjectSettings:
    """Replace the given settings of `project`; the others stay."""
    current = ProjectSettings.of(project)
    merged = {**asdict(current), **changes}
    extra = merged.pop("extra")
    project.settings = {**extra, "abbreviations": list(merged["abbreviations"]),
                        "disabled_checks": list(merged["disabled_checks"])}
    return ProjectSettings.of(project)
