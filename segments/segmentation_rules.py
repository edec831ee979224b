"""Segmentation rules as data, in the spirit of SRX: per-language ordered break and no-break rules.

At every candidate position the rules of a language are tried in order and the first one whose `before`
regex ends there and whose `after` regex starts there decides: break or no break. Two placeholders may
appear in a `before` regex: `{TITLES}` (abbreviations that never end a sentence, plus the project's extra
abbreviations) and `{ABBREVIATIONS}` (abbreviations that end a sentence only before a capitalised word).
Patterns are compiled with re.MULTILINE, so `^` is the start of a line.
"""

from __future__ import annotations

from dataclasses import dataclass

from segments.scripts import CJK


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
    "U.S.", "U.K.", "U.N.", "E.U.", "U.S.S.R.", "P.R.C.", "D.C.", "Nos.", "Vol.", "Vols.", "Fig.", "Figs.",
    "Eq.", "Ref.", "Refs.", "Art.", "Sec.", "Ch.", "Chap.", "para.", "pp.", "p.", "ed.", "eds.", "Ed.",
    "trans.", "Rd.", "Ave.", "Blvd.", "Sq.", "Tel.", "ext.", "Op.",
)
# English: an abbreviation that may also end a sentence; it does when a capitalised word follows.
EN_ABBREVIATIONS = (
    "No.", "etc.", "al.", "a.m.", "p.m.", "A.M.", "P.M.", "Inc.", "Ltd.", "Co.", "Corp.", "Bros.", "Jr.",
    "Sr.", "Esq.", "Ph.D.", "M.D.", "B.A.", "M.A.", "B.Sc.", "M.Sc.", "Dept.", "Govt.", "Univ.", "Assn.",
    "Assoc.", "Est.", "est.", "min.", "max.", "co.", "st.", "ave.", "rd.", "hr.", "hrs.", "sq.", "ft.", "km.",
    "kg.", "oz.", "lb.", "lbs.", "yr.", "yrs.", "mo.", "misc.",
    "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.",
    "Mon.", "Tue.", "Tues.", "Wed.", "Thu.", "Thur.", "Thurs.", "Fri.", "Sat.", "Sun.",
)
TITLES = {"en": EN_TITLES, "zh": EN_TITLES}  # Chinese text often carries English names and titles
ABBREVIATIONS = {"en": EN_ABBREVIATIONS, "zh": ()}

LINEBREAK = Rule("linebreak", True, before=LINE_BREAK)
# "1. Item", "ii. Item", "- 2.3. Item": a list marker at the start of a line is not a sentence end.
ENUMERATOR = Rule(
    "enumerator", False,
    before="^[ \\t]*(?:[-*•·–][ \\t]*)?(?:\\d{1,3}(?:\\.\\d{1,3})*|[A-Za-z]|[ivxlcIVXLC]{1,6})[.．]",
    after="\\s", reach=24,
)
TITLE_ABBREVIATION = Rule("abbreviation.title", False, before="(?<![\\w.'’-]){TITLES}", after="\\s")
# A capital after an initial is another initial or a surname: J. R. R. Tolkien. "I" is a word, not an initial.
INITIAL = Rule(
    "initial", False, before="(?<![\\w.'’-])[A-HJ-Z]\\.", after=f"\\s++[{OPEN}]*+[{UPPER}]", reach=4,
)
# An ellipsis or a stop right at the start of a line or after an opening quote has no sentence to end.
LEADING_ELLIPSIS = Rule(
    "leading_ellipsis", False,
    before=f"(?:^|[\\s{OPEN}])(?:\\.{{3,}}|…+|⋯+)[{CLOSE}]*"
    f"|^[ \\t{OPEN}]*\\.(?:[ \\u00a0]\\.){{2,}}[{CLOSE}]*",
    reach=20,
)
SPACED_ELLIPSIS_INNER = Rule("spaced_ellipsis", False, before="\\.", after="[ \\u00a0]\\.(?!\\w)", reach=2)
NOT_BEFORE_CAPITAL = f"\\s++(?![{OPEN}]*+[{UPPER}])"

EN_RULES = (
    LINEBREAK,
    TITLE_ABBREVIATION,
    Rule("en.abbreviation", False, before="(?<![\\w.'’-]){ABBREVIATIONS}", after=NOT_BEFORE_CAPITAL),
    Rule("en.acronym", False, before="(?<![\\w.])(?:[A-Za-z]\\.){2,}", after=NOT_BEFORE_CAPITAL, reach=30),
    INITIAL,
    ENUMERATOR,
    LEADING_ELLIPSIS,
    SPACED_ELLIPSIS_INNER,
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

ZH_RULES = (
    LINEBREAK,
    # Titles in 《》 and short quoted names are never split: 《你好！李焕英》, “你好！李焕英”.
    Rule("zh.title", False, before="《[^《》\\n]{0,80}", after="[^《》\\n]{0,80}》"),
    Rule(
        "zh.quoted_title", False, before="[“「『][^“”「」『』\\n]{0,30}",
        after="[^“”「」『』。！？!?\\n]{0,30}[”」』]",
    ),
    TITLE_ABBREVIATION,
    INITIAL,
    ENUMERATOR,
    LEADING_ELLIPSIS,
    # "……，" and "……等" are a pause or an "and so on"; before a new clause "……" ends the sentence.
    Rule("zh.ellipsis_pause", False, before=WIDE_ELLIPSIS + CLOSING, after="[，,、：:；;）)等]", reach=20),
    Rule("zh.ellipsis", True, before=WIDE_ELLIPSIS + "[。！？；!?]*+" + CLOSING, after="(?![。！？；…⋯])"),
    # Half-width ! ? ; end a sentence too when they follow a Chinese character.
    Rule(
        "zh.terminal", True,
        before=f"[。！？；!?;](?<![。！？；!?;]{{2}})(?:(?<=[。！？；])|(?<=[{CJK}][!?;]))[。！？；!?;]*+{CLOSING}",
        after="(?![…⋯])",
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
