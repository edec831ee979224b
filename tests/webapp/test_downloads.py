"""Every download names its file in a header a real server can send (latin-1), whatever the title."""

import pytest

from webapp.downloads import content_disposition
from webapp.services import documents as docs


def test_content_disposition_keeps_the_name_and_is_latin1():
    header = content_disposition('报告 "final".tmx')
    header.encode("latin-1")
    assert "filename*=UTF-8''%E6%8A%A5%E5%91%8A%20%22final%22.tmx" in header


@pytest.mark.parametrize("path", [
    "/documents/{doc}/download?format=tmx", "/documents/{doc}/qa/export?format=csv",
    "/projects/{project}/memory/export", "/glossary/{glossary}/export?format=csv",
])
def test_downloads_of_chinese_titles_have_sendable_headers(client, session, path):
    from webapp.services.glossary import glossary_for

    project = docs.project_named(session, "新闻部")
    document = docs.import_document(session, mt_text="One here.", title="人民日报 报告", project=project)
    glossary = glossary_for(session, project)
    session.commit()
    url = path.format(doc=document.id, project=project.id, glossary=glossary.id)
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:200]
    response.headers["Content-Disposition"].encode("latin-1")
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
