"""Segmentation rules as data, in the spirit of SRX: per-language ordered break and no-break rules.

At every candidate position the rules of a language are tried in order and the first one whose `before`
regex ends there and whose `after` regex starts there decides: break or no break. Two placeholders may
appear in a `before` regex: `{TITLES}` (abbreviations that never end a sentence, plus the project's extra
abbreviations) and `{ABBREVIATIONS}` (abbreviations that end a sentence only before a capitalised word).
`{STARTERS}` (words that begin sentences, see EN_SENTENCE_STARTERS) may appear in `before` or `after`. Two
more, `{SOFT_FULL}` and `{SOFT_HALF}`, become the full- and half-width ； and ： that the caller lets end a
sentence (`semicolon_ends`, `colon_ends`), or nothing. Patterns are compiled with re.MULTILINE, so `^` is
the start of a line.

A break rule with `scan=False` is never searched for on its own: its positions are always candidates of a
later break rule (a full stop), and it is there to decide them first, as SRX orders rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from segments.scripts import CJK, HAN


@dataclass(frozen=True)
class Rule:
    """One rule: where `before` ends and `after` starts, break (`breaks`) or keep the sentence going."""

    id: str
    breaks: bool
    before: str
    after: str = ""
    # How far back `before` may start: bounds the work per candidate. Rules using an abbreviation list reach
    # back as far as its longest entry.
    reach: int = 100
    scan: bool = True


# Character classes shared by the rules.
# Closing quotes and brackets stay with the sentence they close (》 closes a title, not a sentence).
CLOSE = "\"'”’»›)\\]}」』）】〕"
OPEN = "\"'“‘«‹(\\[{「『（【〔〈《"
UPPER = "A-ZÀ-ÖØ-Þ"
LOWER = "a-zß-öø-ÿ"
# A leading lookahead on the first character lets the regex engine skip ahead fast; it matters on 10 MB.
LINE_BREAK = "(?=[\\r\\n\\u2028\\u2029\\x85])(?:\\r\\n?|[\\n\\u2028\\u2029\\x85])"
CLOSING = f"[{CLOSE}]*+"
# Runs of stops are matched whole, from their first character, and never given back: a regex that could
# backtrack through a run of a million dots would take quadratic time.
ELLIPSIS = "(?=[.…⋯])(?<![.…⋯])(?<!\\.[ \\u00a0])(?>\\.(?:\\.{2,}|(?:[ \\u00a0]\\.){2,})|…+|⋯+)"
WIDE_ELLIPSIS = "(?=[.…⋯])(?<![.…⋯])(?<!\\.[ \\u00a0])(?>…+|⋯+|\\.{3,})"


def run(chars: str) -> str:
    """A regex for a whole run of `chars`, matched from its first character only."""
    return f"[{chars}](?<![{chars}][{chars}])[{chars}]*+"


# English: never the end of a sentence (a title or a Latin "for example" is always followed by more).
EN_TITLES = (
    "Mr.", "Mrs.", "Ms.", "Messrs.", "Mme.", "Dr.", "Prof.", "Gen.", "Lt.", "Col.", "Capt.", "Cmdr.", "Adm.",
    "Maj.", "Sgt.", "Cpl.", "Pvt.", "Rev.", "Fr.", "Hon.", "Sen.", "Rep.", "Gov.", "Pres.", "Amb.", "Supt.",
    "Insp.", "Det.", "St.", "Mt.", "Ft.", "Pt.", "e.g.", "i.e.", "cf.", "vs.", "viz.", "approx.", "ca.",
    "Nos.", "Vol.", "Vols.", "Fig.", "Figs.",
    "Eq.", "Ref.", "Refs.", "Art.", "Sec.", "Ch.", "Chap.", "para.", "pp.", "p.", "ed.", "eds.", "Ed.",
    "trans.", "Rd.", "Ave.", "Blvd.", "Sq.", "Tel.", "ext.", "Op.",
)
# English: an abbreviation that may also end a sentence; it does when a capitalised word follows.
EN_ABBREVIATIONS = (
    "No.", "N°.", "Nº.", "Nr.", "etc.", "al.", "a.m.", "p.m.", "A.M.", "P.M.", "Inc.", "Ltd.", "Co.", "Corp.",
    "Bros.", "Jr.", "Sr.", "Esq.", "Ph.D.", "M.D.", "B.A.", "M.A.", "B.Sc.", "M.Sc.", "Dept.", "Govt.",
    "Univ.", "Assn.", "Assoc.", "Est.", "est.", "min.", "max.", "co.", "st.", "ave.", "rd.", "hr.", "hrs.",
    "sq.", "ft.", "km.", "kg.", "oz.", "lb.", "lbs.", "yr.", "yrs.", "mo.", "misc.",
    "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.",
    "Mon.", "Tue.", "Tues.", "Wed.", "Thu.", "Thur.", "Thurs.", "Fri.", "Sat.", "Sun.",
)
# Country and organisation abbreviations. English needs no list (any dotted capitals are decided by the
# word after them, see en.proper_acronym); in Chinese text they never end a sentence, 。 does.
COUNTRY_ABBREVIATIONS = ("U.S.", "U.S.A.", "U.K.", "U.N.", "E.U.", "U.S.S.R.", "P.R.C.", "D.C.")
# Words that open sentences and cannot follow a name-like abbreviation inside one: pronouns, determiners,
# conjunctions, question words, sentence-opening prepositions and auxiliaries. "the U.S. How" ends a
# sentence, "the U.S. Government" does not.
EN_SENTENCE_STARTERS = (
    "A", "An", "The", "This", "That", "These", "Those", "There", "Here", "It", "Its", "I", "He", "She",
    "We", "They", "You", "His", "Her", "Our", "Their", "My", "Your", "But", "And", "Or", "So", "Yet",
    "However", "Then", "Thus", "Also", "Still", "Meanwhile", "Moreover", "How", "What", "When", "Where",
    "Who", "Whom", "Whose", "Why", "Which", "Whether", "If", "In", "On", "At", "For", "From", "With", "By",
    "After", "Before", "During", "Since", "As", "Although", "Though", "While", "Because", "Is", "Are",
    "Was", "Were", "Do", "Does", "Did", "Can", "Could", "Will", "Would", "Should", "Has", "Have", "Had",
    "Not", "All", "Some", "Many", "Most", "Each", "Every", "Being", "Millions",
)
TITLES = {"en": EN_TITLES, "zh": EN_TITLES + COUNTRY_ABBREVIATIONS}  # Chinese carries English names too
ABBREVIATIONS = {"en": EN_ABBREVIATIONS, "zh": EN_ABBREVIATIONS}

LINEBREAK = Rule("linebreak", True, before=LINE_BREAK)
# "1. Item", "ii. Item", "- 2.3. Item": a list marker at the start of a line is not a sentence end.
ENUMERATOR = Rule(
    "enumerator", False,
    before="^[ \\t]*(?:[-*•·–][ \\t]*)?(?:\\d{1,3}(?:\\.\\d{1,3})*|[A-Za-z]|[ivxlcIVXLC]{1,6})[.．]",
    after="\\s", reach=24,
)
TITLE_ABBREVIATION = Rule("abbreviation.title", False, before="(?<![\\w.'’-]){TITLES}", after="\\s")
# A capital after an initial is another initial or a surname: J. R. R. Tolkien. "I" is a word, not an initial.
# A starter word after it ("Plan B. The next day") is a new sentence; "J. A. Smith" is still initials.
STARTER = "(?:{STARTERS})(?![\\w.-])"
INITIAL = Rule(
    "initial", False, before="(?<![\\w.'’-])[A-HJ-Z]\\.",
    after=f"\\s++[{OPEN}]*+(?!{STARTER})[{UPPER}]", reach=4,
)
# "Albert I. Jones": "I." after a capitalised name and before another is an initial; "you and I. Did" ends.
INITIAL_I = Rule(
    "initial_i", False, before=f"(?<![\\w.'’-])(?!{STARTER})[{UPPER}][{LOWER}]+[ \\u00a0]I\\.",
    after=f"\\s++(?!{STARTER})[{UPPER}]", reach=30,
)
# An ellipsis or a stop right at the start of a line or after an opening quote has no sentence to end.
LEADING_ELLIPSIS = Rule(
    "leading_ellipsis", False,
    before=f"(?:^|[\\s{OPEN}])(?:\\.{{3,}}|…+|⋯+)[{CLOSE}]*"
    f"|^[ \\t{OPEN}]*\\.(?:[ \\u00a0]\\.){{2,}}[{CLOSE}]*",
    reach=20,
)
SPACED_ELLIPSIS_INNER = Rule("spaced_ellipsis", False, before="\\.", after="[ \\u00a0]\\.(?!\\w)", reach=2)


def stutter(ellipses: tuple[str, ...], units: tuple[str, ...], space: str, end: str = "") -> str:
    """An `after` regex for an ellipsis between a word and its repetition: "I... I've", "所以……所以".

    The unit before the ellipsis is captured by a lookbehind (fixed width, so one per ellipsis and unit
    length) and must come again after it; a backreference to a lookbehind that did not match fails."""
    behind = [f"(?<=({unit}){re.escape(ellipsis)})" for ellipsis in ellipses for unit in units]
    again = "|".join(f"\\{group}" for group in range(1, len(behind) + 1))
    return f"(?i:(?:{'|'.join(behind)}){space}(?:{again}){end})"
NOT_BEFORE_CAPITAL = f"\\s++(?![{OPEN}]*+[{UPPER}])"

SPACE = "[ \\u00a0]"
# A word without a vowel (y counts as one) cannot be an English word, so it is an abbreviation: "st.", "hrs.",
# "km.", "Bldg.", "pp.". One capital at most: "BBC." is a name, and may end a sentence before anything.
CONSONANT_WORD = "(?<![\\w.'’-])[B-DF-HJ-NP-TV-XZ]?[b-df-hj-np-tv-xz]{1,5}\\."
# Dotted capitals (U.S., E.U., U.S.A., D.C.) are names used as adjectives: only a sentence starter after one
# begins a new sentence ("the U.S. How about you?" breaks; "the U.S. Government" does not).
PROPER_ACRONYM = "(?<![\\w.])(?:[A-Z]\\.){2,}"
# "At 5 a.m. Mr. Smith went": a time phrase opening the sentence cannot be a sentence on its own.
TIME_PHRASE = (
    f"(?:^|[.!?][{CLOSE}]*+\\s)[{OPEN}]*+(?:At|By|From|Until|Till|Before|After|Around|About|Since|Between)"
    "\\s+\\d{1,2}(?:[:.]\\d{2})?\\s?[aApP]\\.[mM]\\."
)

EN_RULES = (
    LINEBREAK,
    TITLE_ABBREVIATION,
    Rule("en.time_phrase", False, before=TIME_PHRASE, after="\\s", reach=40),
    Rule("en.abbreviation", False, before="(?<![\\w.'’-]){ABBREVIATIONS}", after=NOT_BEFORE_CAPITAL),
    # "6 P.M. Mr. Smith", "etc. The shop": a listed abbreviation before a capital ends the sentence. A list
    # closed by "etc." is continued by a lowercase word, a digit or a bracket, never by a capitalised word.
    Rule("en.abbreviation_end", True, before="(?<![\\w.'’-]){ABBREVIATIONS}", scan=False),
    Rule("en.consonant_abbreviation", False, before=CONSONANT_WORD, after=NOT_BEFORE_CAPITAL, reach=8),
    Rule("en.proper_acronym", False, before=PROPER_ACRONYM, after=f"\\s++[{OPEN}]*+(?!{STARTER})", reach=30),
    Rule("en.acronym", False, before="(?<![\\w.])(?:[A-Za-z]\\.){2,}", after=NOT_BEFORE_CAPITAL, reach=30),
    INITIAL,
    INITIAL_I,
    ENUMERATOR,
    LEADING_ELLIPSIS,
    # "compounds. . . . The practice": a full stop, then an ellipsis that opens the next sentence (MLA).
    Rule(
        "en.stop_before_ellipsis", True, before="\\.(?<=[\\w)\\]”\"’'%]\\.)",
        after=f"{SPACE}\\.{SPACE}\\.{SPACE}\\.{SPACE}+[{OPEN}]*[{UPPER}]",
    ),
    Rule("en.ellipsis_opens", False, before=f"[\\w)\\]”\"’'%]\\.(?:{SPACE}\\.){{3}}", after="\\s", reach=12),
    # "the thing is . . . I didn’t": three spaced dots after a space mark an omission inside the sentence;
    # four (". . . .") are the omission and its full stop.
    Rule("en.omission", False, before=f"(?<=[^\\s.]){SPACE}\\.{SPACE}\\.{SPACE}\\.", after="\\s", reach=8),
    SPACED_ELLIPSIS_INNER,
    # "I... I've got a headache": a word said again after the ellipsis is a stammer, not a new sentence.
    Rule("en.stutter", False, before=ELLIPSIS, reach=6,
         after=stutter(("...", "…"), ("\\b\\w", "\\b\\w\\w", "\\b\\w\\w\\w"), "\\s++", "(?![^\\W\\d_])")),
    # "data measurement... At 6 o'clock": an ellipsis before a capitalised clause ends the sentence, even
    # when MT dropped the space ("technology...Since"); before anything else it is a pause.
    Rule("en.ellipsis", True, before=ELLIPSIS + CLOSING, after=f"\\s*+[{OPEN}]*+[{UPPER}]"),
    Rule("en.ellipsis_pause", False, before=ELLIPSIS + CLOSING, after="\\s", reach=20),
    # '"Where?" he asked.' and 'Yahoo! is': a lowercase word after a closing quote, ? or ! continues.
    Rule("en.quote_continues", False, before=f"[.!?…][{CLOSE}]+", after=f"\\s++[{LOWER}]"),
    Rule("en.exclamation_continues", False, before="[!?]+", after=f"\\s++[{LOWER}]"),
    # A quoted title in curly quotes is never split: 'the “Yahoo! Answers” site'.
    Rule("en.quoted_title", False, before="“[^“”\\n]{0,40}", after="[^“”.!?\\n]{0,40}”"),
    # A full stop before a lowercase word still ends the sentence: MT writes "... the new era. my country".
    Rule("en.terminal", True, before=run(".!?") + CLOSING, after="\\s|\\Z"),
    Rule("en.cjk_terminal", True, before=run("。！？") + CLOSING),
)

ZH_QUOTE_OPEN, ZH_QUOTE_CLOSE, ZH_QUOTES = "“「『", "”」』", "“”「」『』"
# A Chinese closing quote is never an opening one: set off by a space ("自己方便。 ’"), it still closes.
ZH_CLOSING = f"(?:[{CLOSE}]|[ \\u3000]++(?=[”’」』]))*+"
# A quotation or bracket opened right after a Han character is part of the sentence around it:
# 他高喊“加油！”然后离开了。 and 规定（见第3条。）已生效。 are one sentence each. One opened at the start
# of a sentence or after ：（他说：“我很高兴。”大家都笑了。）stands as its own.
EMBEDDED_QUOTE = f"(?<=[{HAN}])[{ZH_QUOTE_OPEN}][^{ZH_QUOTES}\\n]{{0,60}}"
EMBEDDED_BRACKET = f"(?<=[{HAN}])[（(][^（）()\\n]{{0,60}}"
CONTINUES_IN_CHINESE = f"(?=[{HAN}0-9A-Za-z，、,])"
# The stops of zh.terminal: 。！？ always; ；： only when the project lets them end a sentence.
ZH_STOPS = "。！？{SOFT_FULL}"
ZH_HALF_STOPS = "!?{SOFT_HALF}"

ZH_RULES = (
    LINEBREAK,
    # "科技创新　今天上午，……。": a short unpunctuated heading at the start of a line, then a space and a
    # sentence that ends on the same line, is a piece of its own.
    Rule(
        "zh.heading", True, before=f"^[{HAN}0-9·]{{2,30}}",
        after=f"[ \\t\\u3000]+(?=[“「（{HAN}])(?=[^\\n]*[。！？])",
    ),
    # Titles in 《》 and short quoted names are never split: 《你好！李焕英》, “你好！李焕英”.
    Rule("zh.title", False, before="《[^《》\\n]{0,80}", after="[^《》\\n]{0,80}》"),
    Rule(
        "zh.quoted_title", False, before="[“「『][^“”「」『』\\n]{0,30}",
        after="[^“”「」『』。！？!?\\n]{0,30}[”」』]",
    ),
    Rule(
        "zh.embedded_quote", False, before=EMBEDDED_QUOTE,
        after=f"[^{ZH_QUOTES}\\n]{{0,60}}[{ZH_QUOTE_CLOSE}]",
    ),
    Rule(
        "zh.embedded_quote_close", False, before=EMBEDDED_QUOTE + f"[{ZH_QUOTE_CLOSE}]",
        after=CONTINUES_IN_CHINESE,
    ),
    Rule("zh.embedded_bracket", False, before=EMBEDDED_BRACKET, after="[^（）()\\n]{0,60}[）)]"),
    Rule("zh.embedded_bracket_close", False, before=EMBEDDED_BRACKET + "[）)]", after=CONTINUES_IN_CHINESE),
    # "这是真的。——鲁迅": a dash after a stop carries an attribution or the rest of the sentence.
    Rule("zh.dash", False, before=f"[。！？!?…⋯][{CLOSE}]*+", after="\\s*+——", reach=4),
    TITLE_ABBREVIATION,
    # "他在Apple Inc.工作", "美国U.S.政府": a Latin abbreviation before Chinese text does not end the
    # sentence (the Chinese sentence ends with 。), even written straight after a Han character.
    Rule(
        "zh.latin_abbreviation", False,
        before="(?<![A-Za-z0-9.'’-])(?:{ABBREVIATIONS}|(?:[A-Za-z]\\.){2,})",
        after=f"\\s*+(?=[{CJK}])|\\s++[{LOWER}\\d]",
    ),
    INITIAL,
    ENUMERATOR,
    LEADING_ELLIPSIS,
    # "我…… 我头痛", "所以……所以": a stammer; "一言既出，…… 马难追": words left out after a comma.
    Rule("zh.stutter", False, before=WIDE_ELLIPSIS, reach=6,
         after=stutter(("……", "…", "⋯⋯", "..."), ("\\w\\w", "\\w"), "[ \\u3000]*+")),
    Rule("zh.omission", False, before="[，、,]" + WIDE_ELLIPSIS, reach=8),
    # "……，" and "……等" are a pause or an "and so on"; before a new clause "……" ends the sentence.
    Rule("zh.ellipsis_pause", False, before=WIDE_ELLIPSIS + CLOSING, after="[，,、：:；;）)等]|——", reach=20),
    Rule("zh.ellipsis", True, before=WIDE_ELLIPSIS + "[。！？；!?]*+" + ZH_CLOSING, after="(?![。！？；…⋯])"),
    # Half-width ! ? end a sentence too when they follow a Chinese character. A stop after a closing quote
    # or bracket ("加油！”。") is the end, not the quote.
    Rule(
        "zh.terminal", True,
        before=f"[{ZH_STOPS}{ZH_HALF_STOPS}](?<![{ZH_STOPS}{ZH_HALF_STOPS}]{{2}})"
        f"(?:(?<=[{ZH_STOPS}])|(?<=[{CJK}][{ZH_HALF_STOPS}]))[{ZH_STOPS}{ZH_HALF_STOPS}]*+{ZH_CLOSING}",
        after="(?![…⋯。！？])",
    ),
    # Latin text inside Chinese: a stop before a capital or a Chinese character ends the sentence.
    Rule(
        "zh.latin_terminal", True, before=f"[.!?](?<![\\d.!?][.!?])[.!?]*+{CLOSING}",
        after=f"\\s++[{OPEN}]*+[{UPPER}]|\\s*+(?=[{CJK}])|\\s*+\\Z",
    ),
)

# Any other language: no abbreviation list, so a stop before a lowercase word or a digit is not trusted.
GENERIC_STOP = f"(?=[.!?…⋯])(?<![.!?…⋯])(?<!\\.[ \\u00a0])(?>\\.(?:[ \\u00a0]\\.){{2,}}|[.!?…⋯]++){CLOSING}"
GENERIC_RULES = (
    LINEBREAK,
    TITLE_ABBREVIATION,
    INITIAL,
    ENUMERATOR,
    LEADING_ELLIPSIS,
    SPACED_ELLIPSIS_INNER,
    Rule("continues", False, before=GENERIC_STOP, after=f"\\s++[{LOWER}\\d]"),
    Rule("terminal", True, before=GENERIC_STOP, after="\\s|\\Z"),
    Rule("cjk_terminal", True, before=run("。！？") + CLOSING),
)

RULES = {"en": EN_RULES, "zh": ZH_RULES, "und": GENERIC_RULES}
