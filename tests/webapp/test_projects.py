"""Project settings: extra abbreviations are validated, stored, and honoured on import."""

import pytest

from tests.builders import make_document
from webapp.services import documents as docs
from webapp.services import projects
from webapp.services.errors import InvalidInput


def test_extra_abbreviations_change_how_imports_split(session):
    text = "The Xinh. Council met. It ended."
    before = make_document(session, text, title="before", tgt_lang="en")
    assert [link.mt_text for link in before.links] == ["The Xinh.", "Council met.", "It ended."]
    project = docs.project_named(session, "Default")
    projects.update_settings(project, abbreviations=projects.parse_abbreviations("Xinh.\nDept."))
    after = make_document(session, text, title="after", tgt_lang="en")
    assert [link.mt_text for link in after.links] == ["The Xinh. Council met.", "It ended."]
    assert projects.ProjectSettings.of(project).abbreviations == ("Xinh.", "Dept.")


@pytest.mark.parametrize("text", ["Govt", "two words.", "a..b."])
def test_bad_abbreviations_are_refused(text):
    with pytest.raises(InvalidInput):
        projects.parse_abbreviations(text)


def test_settings_page_saves_and_shows_abbreviations(client, session):
    project = docs.project_named(session, "Newsroom")
    session.commit()
    url = f"/projects/{project.id}/settings"
    response = client.post(url, data={"abbreviations": "Govt.\nCorp."}, follow_redirects=True)
    assert response.status_code == 200 and "Settings saved" in response.get_data(as_text=True)
    assert "Govt.\nCorp." in client.get(url).get_data(as_text=True)
    refused = client.post(url, data={"abbreviations": "Govt"}, follow_redirects=True)
    assert "not an abbreviation" in refused.get_data(as_text=True)
    assert "Newsroom" in client.get("/projects/").get_data(as_text=True)
