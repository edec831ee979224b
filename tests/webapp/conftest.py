"""Fixtures of the web tests: people with roles in two projects."""

import pytest

from tests.builders import make_document
from webapp.services import auth
from webapp.services import documents as docs


@pytest.fixture
def people(app, session):
    """Two projects; a reviewer, a viewer, a terminologist and an owner in the first, an outsider in the
    second, and an administrator (chief)."""
    first, second = docs.project_named(session, "Default"), docs.project_named(session, "Other")
    named = {}
    for name, project, role in (("rev", first, "reviewer"), ("view", first, "viewer"),
                                ("term", first, "terminologist"), ("owner", first, "owner"),
                                ("out", second, "reviewer")):
        user = auth.add_user(session, name, "password-" + name)
        auth.set_role(session, user, project, role, by="test")
        named[name] = user
    auth.add_user(session, "chief", "password-chief", admin=True)
    mine = make_document(session, "One here. Two here.", title="Mine")
    theirs = docs.import_document(session, mt_text="Secret text.", title="Theirs", project=second)
    session.commit()
    return {"mine": mine.id, "theirs": theirs.id, "row": mine.links[0].id, "their_row": theirs.links[0].id}
