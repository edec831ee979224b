"""Segmenter: boundary-case tables for English and Chinese, the round-trip property, rules and options."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from segments.segmenter import Paragraph, Sentence, primary_language, split_document, split_sentences

EN_CASES: list[tuple[str, list[str]]] = [
    # Plain terminators.
    ("This is one. This is two.", ["This is one.", "This is two."]),
    ("Is it? Yes! Good.", ["Is it?", "Yes!", "Good."]),
    ("Really?! That is odd.", ["Really?!", "That is odd."]),
    ("No terminator at the end", ["No terminator at the end"]),
    ("Two spaces.  Then more.", ["Two spaces.", "Then more."]),
    ("Tab\tafter.\tNext one.", ["Tab\tafter.", "Next one."]),
    # Abbreviations.
    ("Dr. Smith arrived. He sat down.", ["Dr. Smith arrived.", "He sat down."]),
    ("Mr. and Mrs. Brown left early.", ["Mr. and Mrs. Brown left early."]),
    ("The state-owned No. 221 Factory opened.", ["The state-owned No. 221 Factory opened."]),
    ("No. It is not.", ["No.", "It is not."]),
    ("He moved to the U.S. President Biden spoke.", ["He moved to the U.S. President Biden spoke."]),
    ("The U.S. economy grew. Prices fell.", ["The U.S. economy grew.", "Prices fell."]),
    ("We met at 6 a.m. on Monday.", ["We met at 6 a.m. on Monday."]),
    ("We met at 6 a.m. The rest slept.", ["We met at 6 a.m.", "The rest slept."]),
    ("Fruit, e.g. apples, is good.", ["Fruit, e.g. apples, is good."]),
    ("Bring fruit, i.e. Apples and pears.", ["Bring fruit, i.e. Apples and pears."]),
    ("On Jan. 5 we left.", ["On Jan. 5 we left."]),
    ("Gen. Lee surrendered.", ["Gen. Lee surrendered."]),
    ("Pens, paper, etc. are sold here.", ["Pens, paper, etc. are sold here."]),
    ("Pens, paper, etc. The shop is open.", ["Pens, paper, etc.", "The shop is open."]),
    ("He works for Acme Inc. in Ohio.", ["He works for Acme Inc. in Ohio."]),
    ("See Fig. 3 for details.", ["See Fig. 3 for details."]),
    ("Smith et al. showed this.", ["Smith et al. showed this."]),
    ("She has a Ph.D. in physics.", ["She has a Ph.D. in physics."]),
    ("Vehicle Co., Ltd., where he works.", ["Vehicle Co., Ltd., where he works."]),
    ("St. Louis is big. It is old.", ["St. Louis is big.", "It is old."]),
    ("Prof. Li and Dr. Wang spoke.", ["Prof. Li and Dr. Wang spoke."]),
    # Initials.
    ("J. R. R. Tolkien wrote it.", ["J. R. R. Tolkien wrote it."]),
    ("Written by George R. R. Martin. It is long.", ["Written by George R. R. Martin.", "It is long."]),
    ("So did I. Then we left.", ["So did I.", "Then we left."]),
    # Numbers, versions, URLs, e-mail.
    ("It rose 3.5 percent. Then it fell.", ["It rose 3.5 percent.", "Then it fell."]),
    ("Use version 2.0.1 now. It is stable.", ["Use version 2.0.1 now.", "It is stable."]),
    ("The drag fell by 11%. Good.", ["The drag fell by 11%.", "Good."]),
    ("It was built in 1909. Then it closed.", ["It was built in 1909.", "Then it closed."]),
    ("Visit https://example.com/a.html?x=1 today.", ["Visit https://example.com/a.html?x=1 today."]),
    ("Go to www.example.com. It is free.", ["Go to www.example.com.", "It is free."]),
    ("Mail john.doe@example.org. He replies.", ["Mail john.doe@example.org.", "He replies."]),
    ("At 12:30 on May 23 they arrived.", ["At 12:30 on May 23 they arrived."]),
    # Ellipses.
    ("Seed selection, data measurement... At 6 o'clock she rose.",
     ["Seed selection, data measurement...", "At 6 o'clock she rose."]),
    ("I was thinking... maybe not.", ["I was thinking... maybe not."]),
    ("Count 1, 2, 3... 10 now.", ["Count 1, 2, 3... 10 now."]),
    ("From rail to nuclear power technology...Since then we grew.",
     ["From rail to nuclear power technology...", "Since then we grew."]),
    ("Wait… Then go.", ["Wait…", "Then go."]),
    ("And so on . . . then nothing.", ["And so on . . . then nothing."]),
    ("By the age of 30...", ["By the age of 30..."]),
    # Quotations.
    ('He said: "I am very pleased ... revitalization." Then he left.',
     ['He said: "I am very pleased ... revitalization."', "Then he left."]),
    ('"Where?" he asked.', ['"Where?" he asked.']),
    ('"Stop!" The guard ran.', ['"Stop!"', "The guard ran."]),
    ('"It is late. We should go," she said.', ['"It is late.', 'We should go," she said.']),
    ('"A lack of talent!" "The rural areas need students."',
     ['"A lack of talent!"', '"The rural areas need students."']),
    ("“It works.” She smiled.", ["“It works.”", "She smiled."]),
    ('the value..." The next day came.', ['the value..."', "The next day came."]),
    ('"I know..." he said.', ['"I know..." he said.']),
    # A stammer: the word again after the ellipsis, whatever its case; another word after it starts anew.
    ("'Goong-goong, I... I've got a headache.'", ["'Goong-goong, I... I've got a headache.'"]),
    ("We… we can try. No... Not now.", ["We… we can try.", "No...", "Not now."]),
    ("It was I... It was.", ["It was I...", "It was."]),
    ("Read the “Yahoo! Answers” page.", ["Read the “Yahoo! Answers” page."]),
    ('The "Nine Rules for Talents" worked.', ['The "Nine Rules for Talents" worked.']),
    ("Yahoo! is a company.", ["Yahoo! is a company."]),
    # Parentheses.
    ("He left. (He was tired.) Then he slept.", ["He left.", "(He was tired.)", "Then he slept."]),
    ("It grew (see p. 12). Then it stopped.", ["It grew (see p. 12).", "Then it stopped."]),
    ("(Xinhua News Agency, Beijing, May 29th)", ["(Xinhua News Agency, Beijing, May 29th)"]),
    # Lowercase after a full stop: MT output, still a sentence end.
    ("in the new era. my country has grown.", ["in the new era.", "my country has grown."]),
    ("workers. enthusiasm and creativity.", ["workers.", "enthusiasm and creativity."]),
    # Headings, lists and line breaks.
    ("Xi on science\nThe workers met.", ["Xi on science", "The workers met."]),
    ("Career development must be in innovation;\nThe only way is people.",
     ["Career development must be in innovation;", "The only way is people."]),
    ("A; B and C.", ["A; B and C."]),
    ("1. First item\n2. Second item", ["1. First item", "2. Second item"]),
    ("1. First. Really.\n2. Second.", ["1. First.", "Really.", "2. Second."]),
    ("- one\n- two\n* three", ["- one", "- two", "* three"]),
    ("• Bullet one\n• Bullet two", ["• Bullet one", "• Bullet two"]),
    ("ii. Roman item\niii. Next", ["ii. Roman item", "iii. Next"]),
    ("Dr.\nSmith", ["Dr.", "Smith"]),
    ("Title\r\nBody text here.", ["Title", "Body text here."]),
    ("One.\n\nTwo.", ["One.", "Two."]),
    # Abbreviations known by their shape, not only by a list (issue 17).
    ("I live in the U.K. The weather is bad.", ["I live in the U.K.", "The weather is bad."]),
    ("The U.N. Security Council met.", ["The U.N. Security Council met."]),
    ("Washington, D.C. Is it far?", ["Washington, D.C.", "Is it far?"]),
    ("At 9 p.m. Dr. Li arrived. He left at 10 P.M. The hall closed.",
     ["At 9 p.m. Dr. Li arrived.", "He left at 10 P.M.", "The hall closed."]),
    ("They met at 5 P.M. on Friday.", ["They met at 5 P.M. on Friday."]),
    ("Flight No. 5 left. N°. 12 stayed.", ["Flight No. 5 left.", "N°. 12 stayed."]),
    ("The road is 5 km. The car is fast.", ["The road is 5 km.", "The car is fast."]),
    ("We waited 3 hrs. before leaving.", ["We waited 3 hrs. before leaving."]),
    ("See pp. 10-12 and Bldg. 5 for details.", ["See pp. 10-12 and Bldg. 5 for details."]),
    ("Apples, pears, etc. (see below) are sold.", ["Apples, pears, etc. (see below) are sold."]),
    ("Plan B. The next day we left.", ["Plan B.", "The next day we left."]),
    ("King George I. He died in 1727.", ["King George I.", "He died in 1727."]),
    ("Did you see Albert I. Jones?", ["Did you see Albert I. Jones?"]),
    # One-line lists: a marker splits only after the marker before it.
    ("1) Open the file 2) Save it 3) Close it", ["1) Open the file", "2) Save it", "3) Close it"]),
    ("a. Seeds b. Water", ["a. Seeds", "b. Water"]),
    ("• Wheat • Rice", ["• Wheat", "• Rice"]),
    ("Prices rose 2. The rest fell.", ["Prices rose 2.", "The rest fell."]),
    # Spaced ellipses: three after a space are an omission, four end the sentence.
    ("It was . . . I forget. Then we left.", ["It was . . . I forget.", "Then we left."]),
    ("It was over . . . . Then we left.", ["It was over . . . .", "Then we left."]),
]

ZH_CASES: list[tuple[str, list[str]]] = [
    ("今天天气很好。我们去公园。", ["今天天气很好。", "我们去公园。"]),
    ("你去吗？我不去！", ["你去吗？", "我不去！"]),
    ("真的吗？！太好了。", ["真的吗？！", "太好了。"]),
    # ； does not end a sentence by default (issue 17); `semicolon_ends=True` restores the old split.
    ("第一条；第二条；", ["第一条；第二条；"]),
    ("他走了……我们继续。", ["他走了……", "我们继续。"]),
    ("选种、施肥、数据测量……早上6点，她已经在田里。", ["选种、施肥、数据测量……", "早上6点，她已经在田里。"]),
    ("他想了想……，说好。", ["他想了想……，说好。"]),
    ("选种、施肥……等工作都完成了。", ["选种、施肥……等工作都完成了。"]),
    ("结束了……。新的开始。", ["结束了……。", "新的开始。"]),
    ("他说：“我很高兴。”大家都笑了。", ["他说：“我很高兴。”", "大家都笑了。"]),
    ("他问：“你好吗？”她没有回答。", ["他问：“你好吗？”", "她没有回答。"]),
    ("“我很高兴。你好吗？”他问。", ["“我很高兴。", "你好吗？”", "他问。"]),
    ("她说：「太好了！」然后走了。", ["她说：「太好了！」", "然后走了。"]),
    ("（这是补充。）正文继续。", ["（这是补充。）", "正文继续。"]),
    ("他看过《你好！李焕英》。很好看。", ["他看过《你好！李焕英》。", "很好看。"]),
    ("《科学？技术？》一书出版了。", ["《科学？技术？》一书出版了。"]),
    ("电影“你好！李焕英”很受欢迎。", ["电影“你好！李焕英”很受欢迎。"]),
    ("增长了3.5%。很好。", ["增长了3.5%。", "很好。"]),
    ("版本2.0.1发布了。", ["版本2.0.1发布了。"]),
    ("阻力降低了11%。", ["阻力降低了11%。"]),
    ("访问www.example.com了解更多。谢谢。", ["访问www.example.com了解更多。", "谢谢。"]),
    ("他用Python 3.11写代码。很快。", ["他用Python 3.11写代码。", "很快。"]),
    ("真的吗?我不信!", ["真的吗?", "我不信!"]),
    ("他说 This is fine. 然后走了。", ["他说 This is fine.", "然后走了。"]),
    ("Dr. Smith 来了。", ["Dr. Smith 来了。"]),
    ("标题\n正文第一句。正文第二句。", ["标题", "正文第一句。", "正文第二句。"]),
    ("1.选种\n2.施肥", ["1.选种", "2.施肥"]),
    ("第一段。\n\n第二段。", ["第一段。", "第二段。"]),
    ("他说：“科技是第一生产力。”“人才是第一资源。”", ["他说：“科技是第一生产力。”", "“人才是第一资源。”"]),
    ("北京，5月29日电（记者张三）今天开会。", ["北京，5月29日电（记者张三）今天开会。"]),
    ("没有标点的标题", ["没有标点的标题"]),
    ("他们来了！！！我们走吧。", ["他们来了！！！", "我们走吧。"]),
    # Issue 17. Ellipses and dashes.
    ("他沉默了…大家都明白。", ["他沉默了…", "大家都明白。"]),
    ("这就是创新——中国的答案。我们继续。", ["这就是创新——中国的答案。", "我们继续。"]),
    ("人才是第一资源。——习近平", ["人才是第一资源。——习近平"]),
    ("他想了想……——然后点头。", ["他想了想……——然后点头。"]),
    # A word said again after an ellipsis is a stammer; an ellipsis after a comma leaves words out.
    ("我…… 我头痛得很，怕…… 怕得厉害。他走了。", ["我…… 我头痛得很，怕…… 怕得厉害。", "他走了。"]),
    ("所以……所以连饭也没吃。明儿…… 明儿再来。", ["所以……所以连饭也没吃。", "明儿…… 明儿再来。"]),
    ("大丈夫一言既出，…… 马难追。", ["大丈夫一言既出，…… 马难追。"]),
    ("他走了…… 他们继续。", ["他走了……", "他们继续。"]),  # 他 again, but after a whole clause: still a stop
    # A closing quote set off by a space still closes the sentence it follows (an opening one never looks so).
    ("他说：“与人方便，自己方便。 ’好吗？”", ["他说：“与人方便，自己方便。 ’", "好吗？”"]),
    ("那男孩道：“你不会摔交。 ”韦小宝笑了。", ["那男孩道：“你不会摔交。 ”", "韦小宝笑了。"]),
    # A closing quote or bracket after 。！？ stays with its sentence; a stop after it ends the sentence.
    ("她问：“你什么时候回来？”我没说话。", ["她问：“你什么时候回来？”", "我没说话。"]),
    ("他高喊“加油！”。大家笑了。", ["他高喊“加油！”。", "大家笑了。"]),
    # A quotation embedded in the sentence (a slogan, a question quoted as a noun) does not end it.
    ("他高喊“加油！”然后离开了。", ["他高喊“加油！”然后离开了。"]),
    ("他提出了“我们该怎么办？”这个问题。", ["他提出了“我们该怎么办？”这个问题。"]),
    ("大家齐声喊“冲啊！胜利属于我们！”冲了上去。", ["大家齐声喊“冲啊！胜利属于我们！”冲了上去。"]),
    ("他说：“我们一定要赢！”大家鼓掌。", ["他说：“我们一定要赢！”", "大家鼓掌。"]),
    # A full stop inside （…） in the middle of a sentence stays inside.
    ("这项规定（详见第3条。）已经生效。", ["这项规定（详见第3条。）已经生效。"]),
    ("报告（全文见附件。）共二十页。他读完了。", ["报告（全文见附件。）共二十页。", "他读完了。"]),
    # Latin abbreviations inside Chinese.
    ("他在Apple Inc.工作。她在Google工作。", ["他在Apple Inc.工作。", "她在Google工作。"]),
    ("美国U.S.政府宣布了新政策。", ["美国U.S.政府宣布了新政策。"]),
    ("他喜欢水果，e.g.苹果和香蕉。", ["他喜欢水果，e.g.苹果和香蕉。"]),
    ("水果、蔬菜etc.都涨价了。", ["水果、蔬菜etc.都涨价了。"]),
    # A heading followed by its text on the same line.
    ("科技创新　今天上午，座谈会在北京召开。与会者发言。",
     ["科技创新", "今天上午，座谈会在北京召开。", "与会者发言。"]),
    ("科技创新 今天上午，座谈会在北京召开。", ["科技创新", "今天上午，座谈会在北京召开。"]),
    ("没有句号的一行 也没有第二句", ["没有句号的一行 也没有第二句"]),
    # ： does not end a sentence by default.
    ("时间：明天。地点：北京。", ["时间：明天。", "地点：北京。"]),
]


@pytest.mark.parametrize(("text", "expected"), EN_CASES, ids=[t[:40] for t, _ in EN_CASES])
def test_english_boundaries(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "en") == expected


@pytest.mark.parametrize(("text", "expected"), ZH_CASES, ids=[t[:20] for t, _ in ZH_CASES])
def test_chinese_boundaries(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "zh") == expected


def test_the_tables_are_big_enough() -> None:
    assert len(EN_CASES) >= 60
    assert len(ZH_CASES) >= 30


def _pieces(paragraphs: list[Paragraph]) -> list[Sentence]:
    return [piece for paragraph in paragraphs for piece in paragraph.sentences]


_TEXT = st.text(
    alphabet=st.sampled_from(list("ab A.!?;…“”\"'()《》。！？；：\n\r\t 　中文1.5Dr•⁃—（）"))
    | st.characters(),
    max_size=200,
)


@settings(max_examples=400, deadline=None)
@given(text=_TEXT, lang=st.sampled_from(["en", "zh", "de"]))
def test_pieces_join_back_into_the_input(text: str, lang: str) -> None:
    paragraphs = split_document(text, lang)
    pieces = _pieces(paragraphs)
    assert "".join(piece.text for piece in pieces) == text
    position = 0
    for piece in pieces:
        assert (piece.start, piece.end) == (position, position + len(piece.text))
        assert text[piece.start:piece.end] == piece.text
        assert piece.lead + piece.content + piece.tail == piece.text
        assert "\n" not in piece.content and "\r" not in piece.content
        position = piece.end
    assert [p.index for p in paragraphs] == list(range(len(paragraphs)))
    for paragraph in paragraphs:
        assert paragraph.sentences
        assert (paragraph.start, paragraph.end) == (paragraph.sentences[0].start, paragraph.sentences[-1].end)
    assert all(piece.content for piece in pieces) or len(pieces) == 1


def test_empty_text_has_no_paragraphs() -> None:
    assert split_document("") == []
    assert split_sentences("") == []


def test_whitespace_only_text_is_one_empty_piece() -> None:
    (paragraph,) = split_document(" \n\n\t")
    assert [piece.text for piece in paragraph.sentences] == [" \n\n\t"]
    assert split_sentences(" \n\n\t") == []


def test_blank_lines_separate_paragraphs_and_belong_to_the_tail() -> None:
    text = "  Title\nFirst. Second.\n \n\nThird.\r\n\r\nFourth  \n "
    paragraphs = split_document(text)
    assert [[s.text for s in p.sentences] for p in paragraphs] == [
        ["  Title\n", "First. ", "Second.\n \n\n"], ["Third.\r\n\r\n"], ["Fourth  \n "],
    ]
    first = paragraphs[0].sentences[0]
    assert (first.lead, first.content, first.tail) == ("  ", "Title", "\n")
    assert (paragraphs[1].start, paragraphs[1].end) == (text.index("Third"), text.index("Fourth"))


def test_a_single_line_break_does_not_start_a_paragraph() -> None:
    assert len(split_document("One\nTwo\r\nThree")) == 1


@pytest.mark.parametrize(
    ("text", "lang", "rules"),
    [
        ("One. Two", "en", ["en.terminal", "end"]),
        ("Heading\nBody.", "en", ["linebreak", "en.terminal"]),
        ("Wait... Then.", "en", ["en.ellipsis", "en.terminal"]),
        ("好。好", "zh", ["zh.terminal", "end"]),
        ("等等……然后。", "zh", ["zh.ellipsis", "zh.terminal"]),
        ("中文 Fine. 然后", "zh", ["zh.latin_terminal", "end"]),
        ("Eins. Zwei.", "de", ["terminal", "terminal"]),
    ],
)
def test_each_piece_reports_the_rule_that_ended_it(text: str, lang: str, rules: list[str]) -> None:
    assert [piece.rule for piece in _pieces(split_document(text, lang))] == rules


@pytest.mark.parametrize(
    ("code", "primary"),
    [("zh", "zh"), ("zh-Hans", "zh"), ("zh-CN", "zh"), ("zh-Hant-TW", "zh"), ("en-GB", "en"), ("EN_us", "en"),
     ("", "und"), ("x-klingon", "x")],
)
def test_language_codes_are_reduced_to_the_primary_subtag(code: str, primary: str) -> None:
    assert primary_language(code) == primary


@pytest.mark.parametrize("code", ["zh-Hans", "zh-CN", "ZH-hant-TW"])
def test_chinese_variants_use_the_chinese_rules(code: str) -> None:
    assert split_sentences("你好。再见。", code) == ["你好。", "再见。"]


def test_english_variants_use_the_english_abbreviations() -> None:
    assert split_sentences("Dr. Who came. Then left.", "en-GB") == ["Dr. Who came.", "Then left."]


def test_other_languages_fall_back_to_the_generic_rules() -> None:
    german = "Das ist gut. Wir gehen. am 3. mai"
    assert split_sentences(german, "de") == ["Das ist gut.", "Wir gehen. am 3. mai"]
    assert split_sentences("日本語です。次の文。", "ja") == ["日本語です。", "次の文。"]


def test_extra_abbreviations_are_honoured() -> None:
    text = "The Govt. Officials met the Dept. Head. They agreed."
    assert split_sentences(text) == ["The Govt.", "Officials met the Dept.", "Head.", "They agreed."]
    assert split_sentences(text, extra_abbreviations=["Govt.", "Dept"]) == [
        "The Govt. Officials met the Dept. Head.", "They agreed.",
    ]
    assert split_sentences("Min. Smith spoke.", extra_abbreviations=("Min.",)) == ["Min. Smith spoke."]


def test_extra_abbreviations_apply_to_chinese_and_generic_text() -> None:
    assert split_sentences("Bldg. A 在这里。", "zh", ["Bldg."]) == ["Bldg. A 在这里。"]
    assert split_sentences("Bldg. A ist hier.", "de", ["Bldg."]) == ["Bldg. A ist hier."]


@pytest.mark.parametrize(
    ("text", "options", "expected"),
    [
        ("第一条；第二条；", {}, ["第一条；第二条；"]),
        ("第一条；第二条；", {"semicolon_ends": True}, ["第一条；", "第二条；"]),
        ("第一条;第二条。", {"semicolon_ends": True}, ["第一条;", "第二条。"]),
        ("时间：明天；地点：北京。", {"colon_ends": True}, ["时间：", "明天；地点：", "北京。"]),
        ("时间：明天；地点：北京。", {"semicolon_ends": True, "colon_ends": True},
         ["时间：", "明天；", "地点：", "北京。"]),
    ],
)
def test_whether_semicolon_and_colon_end_a_chinese_sentence_is_an_option(
    text: str, options: dict[str, bool], expected: list[str],
) -> None:
    assert split_sentences(text, "zh", **options) == expected
    pieces = _pieces(split_document(text, "zh", **options))
    assert [piece.content for piece in pieces] == expected


def test_english_ignores_the_semicolon_option() -> None:
    assert split_sentences("First; second.", "en", semicolon_ends=True) == ["First; second."]


def test_closing_quotes_never_start_a_sentence() -> None:
    for text, lang in [('"Go!" "Now!" he said.', "en"), ("“好！”“走！”", "zh"), ("(Done.) (Again.)", "en")]:
        for sentence in split_sentences(text, lang):
            assert sentence[0] not in "”」』）)"
