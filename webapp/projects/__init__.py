"""Project settings pages: how the segmenter splits (abbreviations, ；/：), QA checks to switch off."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from webapp.auth.guard import readable_projects
from webapp.db import get_session
from webapp.services import projects, qa
from webapp.services.documents import count_documents
from webapp.services.errors import InvalidInput

bp = Blueprint("projects", __name__, url_prefix="/projects")


@bp.get("/")
def index():
    allowed = readable_projects()
    listed = [p for p in projects.list_projects(get_session()) if allowed is None or p.id in allowed]
    return render_template("projects/index.html", projects=listed)


@bp.get("/<int:project_id>/settings")
def settings(project_id: int):
    project = projects.get_project(get_session(), project_id)
    return render_template("projects/settings.html", project=project,
                           settings=projects.ProjectSettings.of(project), checks=qa.check_docs())


@bp.post("/<int:project_id>/settings")
def save_settings(project_id: int):
    session = get_session()
    project = projects.get_project(session, project_id)
    try:
        abbreviations = projects.parse_abbreviations(request.form.get("abbreviations", ""))
        changes = {"abbreviations": abbreviations}
        if "segmentation" in request.form:  # the section was on the form: an unticked box is off
            for name in ("semicolon_ends", "colon_ends"):
                changes[name] = projects.parse_switch(request.form.get(name), name)
        if "qa_checks" in request.form:  # the QA section was on the form: unticked checks are switched off
            changes["disabled_checks"] = qa.disabled_from_enabled(request.form.getlist("enabled_checks"))
    except InvalidInput as error:
        flash(error.message, "error")
        return redirect(url_for("projects.settings", project_id=project_id)), 303
    before = projects.ProjectSettings.of(project)
    after = projects.update_settings(project, **changes)
    session.commit()
    flash("Settings saved. New imports use them.", "info")
    count = count_documents(session, [project.id]) if before.segmentation() != after.segmentation() else 0
    if count:
        flash(f"Documents already imported keep their rows (this project has {count}): open one and use "
              "Re-segment… (or `bitext resegment DOC`) to split it with the new settings.", "info")
    return redirect(url_for("projects.settings", project_id=project_id)), 303
