"""Sentence alignment: link types, coverage, evidence scorers, paragraphs, format, CLI and a mac-dev floor."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from segments.align import SCORERS, Link, align, format_links, parse_links, terms
from segments.align.anchors import anchor_keys
from segments.align.grid import Grid
from segments.align.names import chinese_names, english_names
from segments.align.scorers import Bitext, Features
from webapp.cli import main

MAC_DEV = Path(__file__).resolve().parents[3] / "shared" / "data" / "align" / "mac-dev"

POOL = [
    "Rain fell over the quiet harbour town.",
    "Children played football in the muddy field.",
    "Nobody answered the telephone that evening.",
    "The old bridge was closed for repairs in the spring.",
    "Farmers sold apples and pears at the weekly market.",
    "A storm damaged several roofs near the river.",
    "The library opened a new reading room for students.",
    "Her brother works as a nurse in the city hospital.",
]
INSERT = "Stock prices rose sharply in Tokyo while the central bank met ministers to discuss inflation."


def _pairs(links: list[Link]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(link.src, link.tgt) for link in links]


def _check_cover(links: list[Link], n: int, m: int) -> None:
    assert [i for link in links for i in link.src] == list(range(n))
    assert [j for link in links for j in link.tgt] == list(range(m))
    assert all(link.src or link.tgt for link in links)
    assert all(0.0 <= link.score <= 1.0 for link in links)


def _joined(*sentences: str) -> str:
    return " ".join(s.rstrip(".") + ("," if k < len(sentences) - 1 else ".") for k, s in enumerate(sentences))


@pytest.mark.parametrize(
    ("src", "tgt", "expected"),
    [
        (POOL[:5], POOL[:5], [((k,), (k,)) for k in range(5)]),
        (POOL[:6], [POOL[0], INSERT, *POOL[1:6]],
         [((0,), (0,)), ((), (1,))] + [((k,), (k + 1,)) for k in range(1, 6)]),
        ([POOL[0], INSERT, *POOL[1:6]], POOL[:6],
         [((0,), (0,)), ((1,), ())] + [((k + 1,), (k,)) for k in range(1, 6)]),
        ([_joined(*POOL[:2]), *POOL[2:7]], POOL[:7],
         [((0,), (0, 1))] + [((k - 1,), (k,)) for k in range(2, 7)]),
        (POOL[:7], [_joined(*POOL[:2]), *POOL[2:7]],
         [((0, 1), (0,))] + [((k,), (k - 1,)) for k in range(2, 7)]),
        ([_joined(*POOL[:3]), *POOL[3:8]], POOL[:8],
         [((0,), (0, 1, 2))] + [((k - 2,), (k,)) for k in range(3, 8)]),
        (POOL[:8], [_joined(*POOL[:3]), *POOL[3:8]],
         [((0, 1, 2), (0,))] + [((k,), (k - 2,)) for k in range(3, 8)]),
        (
            ["Rain fell over the quiet harbour town, children played football", "in the muddy field.",
             *POOL[2:7]],
            ["Rain fell over the quiet harbour town,", "children played football in the muddy field.",
             *POOL[2:7]],
            [((0, 1), (0, 1))] + [((k,), (k,)) for k in range(2, 7)],
        ),
    ],
    ids=["1-1", "0-1", "1-0", "1-2", "2-1", "1-3", "3-1", "2-2"],
)
def test_link_types(src: list[str], tgt: list[str], expected: list) -> None:
    links = align(src, tgt, "en", "en")
    _check_cover(links, len(src), len(tgt))
    assert _pairs(links) == expected


MIXED = [*POOL, INSERT, "", "是的。", "他说：“我们走吧。”", "2019年5月。"]
sentence_lists = st.lists(st.sampled_from(MIXED), max_size=12)
language_pairs = st.sampled_from([("en", "en"), ("zh", "en"), ("en", "zh")])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(src=sentence_lists, tgt=sentence_lists, langs=language_pairs)
def test_links_are_monotone_and_cover_every_sentence(src: list[str], tgt: list[str], langs: tuple) -> None:
    _check_cover(align(src, tgt, *langs), len(src), len(tgt))


def test_very_uneven_sides_still_cover_everything() -> None:
    many = [f"{POOL[k % len(POOL)]} Number {k}." for k in range(150)]
    _check_cover(align(POOL[:2], many, "en", "en"), 2, 150)
    _check_cover(align(many, POOL[:2], "en", "en"), 150, 2)


def test_empty_sides() -> None:
    assert align([], [], "zh", "en") == []
    assert _pairs(align(["一。", "二。"], [], "zh", "en")) == [((0,), ()), ((1,), ())]
    assert _pairs(align([], ["One."], "zh", "en")) == [((), (0,))]


def test_numbers_dates_and_percentages_become_the_same_keys() -> None:
    zh = dict(anchor_keys("2023年5月12日，增长了百分之三十，达到3万人。", "zh"))
    en = dict(anchor_keys("On May 12, 2023, it grew by 30% to 30,000 people.", "en"))
    assert zh.keys() == en.keys() == {"n:2023", "n:12", "n:30", "n:30000", "m:5"}
    zh = dict(anchor_keys("二〇一九年有一百二十五人，1.2亿元", "zh"))
    assert zh.keys() == dict(anchor_keys("In 2019 there were 125 people and 120 million yuan.", "en")).keys()


def test_names_match_their_pinyin() -> None:
    vocabulary = set(english_names("Lin Zhanxi went to Fujian with Bao-yu."))
    assert vocabulary == {"lin", "zhanxi", "fujian", "baoyu"}
    assert chinese_names("林占熺和宝玉去了福建。", vocabulary) == ["lin", "zhanxi", "baoyu", "fujian"]


def test_zh_en_alignment_follows_numbers_and_names() -> None:
    src = ["2019年，林占熺来到福建。", "这里的人口有3万，增长了百分之四十五。", "他说天气很好。"]
    tgt = ["In 2019, Lin Zhanxi came to Fujian.", "The population here is 30,000.", "It grew by 45%.",
           "He said the weather was fine."]
    assert _pairs(align(src, tgt, "zh", "en")) == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,))]
    assert _pairs(align(tgt, src, "en", "zh")) == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))]


def test_glossary_and_user_dictionary_are_evidence(tmp_path: Path) -> None:
    src, tgt = ["我们使用菌草技术。"], ["We use Juncao technology."]
    bitext = Bitext(src, tgt, "zh", "en", term_pairs=(("菌草", "Juncao"),))
    glossary = next(s for s in SCORERS if s.scorer_id == "glossary").features(bitext)
    assert glossary is not None and glossary.src[0][0].keys == glossary.tgt[0].keys()
    dictionary = tmp_path / "dict.tsv"
    dictionary.write_text("# user terms\n菌草\tJuncao grass\n", encoding="utf-8")
    bitext = Bitext(src, tgt, "zh", "en", dictionary_path=dictionary)
    assert "菌草" in bitext.lexicon and "juncao" in bitext.lexicon["菌草"]


@pytest.mark.parametrize("scorer", [s for s in SCORERS if s.features], ids=lambda s: s.scorer_id)
def test_every_lexical_scorer_returns_one_entry_per_sentence(scorer) -> None:
    src = ["林占熺在2019年说：iPhone很好。", "是。"]
    bitext = Bitext(src, ["Lin Zhanxi said in 2019: the iPhone is good."], "zh", "en",
                    term_pairs=(("iPhone", "iPhone"),))
    found = scorer.features(bitext)
    assert found is None or (isinstance(found, Features) and len(found.src) == 2 and len(found.tgt) == 1)


def test_paragraph_breaks_keep_links_inside_paragraphs() -> None:
    src = ["Good morning.", "Good morning.", "Good morning."]
    tgt = ["Good morning.", "Good morning, good morning."]
    plain = align(src, tgt, "en", "en")
    anchored = align(src, tgt, "en", "en", src_paragraphs=[0, 0, 1], tgt_paragraphs=[0, 1])
    assert _pairs(plain) == [((0,), (0,)), ((1, 2), (1,))]
    assert _pairs(anchored) == [((0, 1), (0,)), ((2,), (1,))]


def test_english_mt_against_its_correction() -> None:
    mt = ["I did not leave that night.",
          "Chen Qingyang grabbed me and asked me to stay for great friendship.",
          "She admitted it was wrong to beat me.", "I said, since I am a fake, why do you believe me."]
    fixed = ["I did not leave that night—Chen Qingyang caught me and asked me to stay for our friendship.",
             "She admitted that she had been wrong to slap me.", "I said: if I am a fake,",
             "why did she believe me?"]
    assert _pairs(align(mt, fixed, "en", "en")) == [((0, 1), (0,)), ((2,), (1,)), ((3,), (2, 3))]


def test_without_a_model_the_embedding_scorer_stays_out(tmp_path: Path) -> None:
    src, tgt = POOL[:3], POOL[:3]
    assert not terms.embeddings_available(tmp_path)
    assert align(src, tgt, "en", "en", model_dir=tmp_path) == align(src, tgt, "en", "en")


def test_embedding_similarity_joins_the_evidence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Stand-in encoder (no model here): sentences about the same topic share a direction.
    topics = {"雨": 0, "Rain": 0, "电话": 1, "telephone": 1}

    def encode(model_dir: Path, sentences: list[str]) -> np.ndarray:
        vectors = np.zeros((len(sentences), 2))
        for row, text in enumerate(sentences):
            vectors[row, next(v for k, v in topics.items() if k in text)] = 1.0
        return vectors

    monkeypatch.setattr(terms, "embeddings_available", lambda model_dir: True)
    monkeypatch.setattr(terms, "_encode", encode)
    src, tgt = ["下雨了。", "没人接电话。"], ["Rain fell.", "Nobody answered the telephone."]
    bitext = Bitext(src, tgt, "zh", "en", model_dir=tmp_path)
    grid = Grid.around(2, 2, np.arange(3.0), 5)
    term = terms.embedding(bitext, grid)
    assert term is not None
    assert term(1, 1)[1, 1] == pytest.approx(2.0) and term(1, 1)[1, 2] == pytest.approx(0.0)
    assert term(2, 1)[2, 1] == pytest.approx(3 / np.sqrt(2))  # (0 + 1 sentences) against one: cos 1/√2
    assert _pairs(align(src, tgt, "zh", "en", model_dir=tmp_path)) == [((0,), (0,)), ((1,), (1,))]


ids = st.lists(st.integers(0, 999), max_size=3)


@settings(deadline=None)
@given(st.lists(st.tuples(ids, ids, st.floats(0, 1)), max_size=10))
def test_format_and_parse_round_trip(raw: list) -> None:
    links = [Link(tuple(s), tuple(t), round(score, 3)) for s, t, score in raw]
    assert parse_links(format_links(links, scores=True)) == links
    assert [(k.src, k.tgt) for k in parse_links(format_links(links))] == [(k.src, k.tgt) for k in links]


def test_parse_accepts_spaces_and_rejects_garbage() -> None:
    assert parse_links("[0, 1]:[0]\n\n[2]:[]\n") == [Link((0, 1), (0,)), Link((2,), ())]
    with pytest.raises(ValueError, match="line 1"):
        parse_links("0-1")


def test_cli_prints_links(tmp_path: Path) -> None:
    zh_text = "那天晚上我没走掉。陈清扬把我拽住。\n\n她承认打我不对。\n"
    (tmp_path / "zh.txt").write_text(zh_text, encoding="utf-8")
    (tmp_path / "en.txt").write_text("I did not leave that night. Chen Qingyang caught me.\n\n"
                                     "She admitted she was wrong to hit me.\n", encoding="utf-8")
    files = [str(tmp_path / "zh.txt"), str(tmp_path / "en.txt")]
    result = CliRunner().invoke(main, ["align", *files])
    assert result.exit_code == 0, result.output
    assert result.output == "[0]:[0]\n[1]:[1]\n[2]:[2]\n"
    presplit = CliRunner().invoke(main, ["align", *files, "--presplit", "--scores"])
    assert presplit.exit_code == 0 and presplit.output.splitlines()[-1].startswith("[2]:[2]:")


def test_cli_reports_unreadable_files(tmp_path: Path) -> None:
    good = tmp_path / "en.txt"
    good.write_text("Hello.\n", encoding="utf-8")
    missing = CliRunner().invoke(main, ["align", str(tmp_path / "nope.txt"), str(good)])
    assert missing.exit_code == 2 and "does not exist" in missing.output
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("你好。\n".encode("gbk"))
    assert CliRunner().invoke(main, ["align", str(gbk), str(good)]).output == "[0]:[0]\n"
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02\x03binary\x00\x00")
    unreadable = CliRunner().invoke(main, ["align", str(binary), str(good)])
    assert unreadable.exit_code == 1 and "cannot read" in unreadable.output
    not_utf8 = tmp_path / "dict.tsv"
    not_utf8.write_bytes(b"\xff\x81\tx\n")
    bad_dict = CliRunner().invoke(main, ["align", str(good), str(good), "--dictionary", str(not_utf8)])
    assert bad_dict.exit_code == 1 and "cannot read" in bad_dict.output


def _strict_f1(gold: list[Link], test: list[Link]) -> float:
    gold_set = {(k.src, k.tgt) for k in gold}
    test_set = {(k.src, k.tgt) for k in test}
    precision = len(test_set & gold_set) / len(test_set)
    both = {(s, t) for s, t in gold_set if s and t}
    recall = len(both & {(s, t) for s, t in test_set if s and t}) / len(both)
    return 2 * precision * recall / (precision + recall)


@pytest.mark.skipif(not MAC_DEV.is_dir(), reason="../shared/data/align/mac-dev is not available")
def test_mac_dev_chapter_one_strict_f1_floor() -> None:
    zh = (MAC_DEV / "zh" / "001").read_text(encoding="utf-8").splitlines()
    en = (MAC_DEV / "en" / "001").read_text(encoding="utf-8").splitlines()
    gold = parse_links((MAC_DEV / "gold" / "001.align").read_text(encoding="utf-8"))
    assert _strict_f1(gold, align(zh, en, "zh", "en")) >= 0.9  # 0.971 when written


def test_cli_align_loads_no_web_stack(tmp_path: Path) -> None:
    # A fresh process, as every `bitext align` is: importing Flask, SQLAlchemy and the services cost 1.2 s,
    # and python-docx with every format reader another 0.1 s.
    (tmp_path / "zh.txt").write_text("那天晚上我没走掉。\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("I did not leave that night.\n", encoding="utf-8")
    files = [str(tmp_path / "zh.txt"), str(tmp_path / "en.txt")]
    script = ("import sys\nfrom webapp.cli import main\n"
              f"main(['align', *{files!r}], standalone_mode=False)\n"
              "heavy = {'flask', 'sqlalchemy', 'werkzeug', 'docx'}\n"
              "print(sorted({m.split('.')[0] for m in sys.modules} & heavy))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.stdout.splitlines() == ["[0]:[0]", "[]"]
