"""`bitext memory import / export / search` against a real database chosen through BITEXT_* variables."""


from segments.formats import read_bitext

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="zh" segtype="sentence" datatype="plaintext" adminlang="en"
 o-tmf="x" creationtool="x" creationtoolversion="1"/>
<body>
<tu tuid="1"><prop type="x-mt">The two hospitals met.</prop>
  <tuv xml:lang="zh"><seg>两院院士大会召开。</seg></tuv>
  <tuv xml:lang="en"><seg>The two academies met.</seg></tuv></tu>
<tu tuid="2"><tuv xml:lang="zh"><seg>科学家是创新的主力军。</seg></tuv>
  <tuv xml:lang="en"><seg>Scientists are the main force of innovation.</seg></tuv></tu>
<tu tuid="3"><tuv xml:lang="zh"><seg>空</seg></tuv><tuv xml:lang="en"><seg></seg></tuv></tu>
</body></tmx>
"""


def test_import_search_and_export(run, tmp_path):
    path = tmp_path / "in.tmx"
    path.write_text(TMX, "utf-8")
    imported = run("memory", "import", str(path), "--project", "News")
    assert imported.exit_code == 0 and "News: 2 entries added, 1 skipped" in imported.output
    again = run("memory", "import", str(path), "--project", "News")
    assert "0 entries added, 3 skipped" in again.output

    found = run("memory", "search", "academies")
    assert found.exit_code == 0 and "The two [academies] met.\t→ 两院院士大会召开。" in found.output
    assert found.output.endswith("1 use\n")
    chinese = run("memory", "search", "主力军", "--project", "News")
    assert "[主力军]" in chinese.output and "Scientists are the main force" in chinese.output
    assert "1 use" in run("memory", "search", "hospitals", "--side", "mt").output

    out = tmp_path / "out.tmx"
    exported = run("memory", "export", "--project", "News", "-o", str(out))
    assert exported.exit_code == 0 and "2 entries written" in exported.output
    units = list(read_bitext(out.read_bytes(), "out.tmx").units)
    assert [(u.source, u.mt, u.target) for u in units] == [
        ("两院院士大会召开。", "The two hospitals met.", "The two academies met."),
        ("科学家是创新的主力军。", "", "Scientists are the main force of innovation.")]


def test_errors_are_clean(run, tmp_path):
    bad = tmp_path / "bad.tmx"
    bad.write_text("<html/>", "utf-8")
    result = run("memory", "import", str(bad))
    assert result.exit_code != 0 and "not a TMX file" in result.output
    missing = run("memory", "export", "--project", "Nope", "-o", str(tmp_path / "x.tmx"))
    assert missing.exit_code != 0 and "no project 'Nope'" in missing.output
    assert not (tmp_path / "x.tmx").exists()
    assert run("memory", "search", "  ").exit_code != 0
