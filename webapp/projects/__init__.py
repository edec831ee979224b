"""Project settings pages: how the segmenter splits (abbreviations, ；/：), QA checks to switch off, and the
spelling dictionary (add, remove, import and export words)."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from webapp.api import current_author
from webapp.auth.guard import readable_projects
from webapp.db import get_session
from webapp.downloads import attachment
from webapp.services import dictionary, projects, qa
from webapp.services.documents import count_documents
from webapp.services.errors import InvalidInput, ServiceError

bp = Blueprint("projects", __name__, url_prefix="/projects")


@bp.get("/")
def index():
    allowed = readable_projects()
    listed = [p for p in projects.list_projects(get_session()) if allowed is None or p.id in allowed]
    return render_template("projects/index.html", projects=listed)


SHOWN_WORDS = 500  # words listed on the settings page; a filter finds the others


@bp.get("/<int:project_id>/settings")
def settings(project_id: int):
    session = get_session()
    project = projects.get_project(session, project_id)
    q = request.args.get("q", "")
    matching, shown = dictionary.list_words(session, project, q=q, limit=SHOWN_WORDS)
    principal = g.get("principal")
    return render_template("projects/settings.html", project=project,
                           settings=projects.ProjectSettings.of(project), checks=qa.check_docs(),
                           words=shown, matching=matching, q=q,
                           total_words=dictionary.count_words(session, project),
                           can_edit=principal is None or principal.can("edit", project.id))


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


def _dictionary_done(project_id: int, change) -> tuple:
    """Make a dictionary change and commit it, flash its summary (or the refusal), back to the section."""
    session = get_session()
    project = projects.get_project(session, project_id)
    try:
        message = change(session, project)
    except ServiceError as error:
        session.rollback()
        flash(error.message, "error")
    else:
        session.commit()
        flash(message, "info")
    return redirect(url_for("projects.settings", project_id=project_id, _anchor="dictionary")), 303


@bp.post("/<int:project_id>/dictionary")
def add_word(project_id: int):
    return _dictionary_done(project_id, lambda session, project: dictionary.add_word(
        session, project, request.form.get("word", ""), current_author()).summary)


@bp.post("/<int:project_id>/dictionary/remove")
def remove_word(project_id: int):
    return _dictionary_done(project_id, lambda session, project: dictionary.removed_summary(
        dictionary.remove_word(session, project, request.form.get("word", ""), current_author())))


@bp.post("/<int:project_id>/dictionary/import")
def import_words(project_id: int):
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash("choose a word list to import (a text file, one word a line)", "error")
        return redirect(url_for("projects.settings", project_id=project_id, _anchor="dictionary")), 303
    return _dictionary_done(project_id, lambda session, project: dictionary.import_words(
        session, project, upload.read(), current_author()).summary)


@bp.get("/<int:project_id>/dictionary.txt")
def export_words(project_id: int):
    session = get_session()
    project = projects.get_project(session, project_id)
    return attachment(dictionary.export_words(session, project), "text/plain; charset=utf-8",
                      dictionary.export_name(project))
