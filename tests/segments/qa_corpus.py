"""A generated zh→en document and glossary that set off every QA check, and its golden findings.

The golden file pins what the whole check set finds (row checks, then document checks, per row, as the app
stores them), so that a faster matcher, runner or service can be proven to find exactly the same things.
Regenerate only when a check is meant to change: `python -m tests.segments.qa_corpus` (and read the diff).
"""

from __future__ import annotations

import json
import random
from collections.abc import Hashable, Sequence
from pathlib import Path

from glossary import Term
from segments.qa import QaContext, QaRow, check_document, check_row
from segments.qa.model import Fix
from segments.qa.registry import ALL_CHECKS
from segments.tags import close_tag, open_tag, solo_tag

GOLDEN = Path(__file__).parent / "data" / "qa_golden.json"
ROWS, TERMS, SEED = 2_000, 500, 16

_NUMERALS = set("〇零一二两三四五六七八九十百千万亿第年月日号点时分")
_POOL = [chr(c) for c in range(0x4E00, 0x4E00 + 2000) if chr(c) not in _NUMERALS]
_HEADS = ("policy reform innovation talent industry city village strategy plan programme project fund "
          "committee zone corridor market study worker farmer museum agency").split()
_MODIFIERS = ("rural urban national regional green digital scientific modern coastal industrial open "
              "cultural financial technological social").split()
_FILLER = ("the report was adopted by members of the committee after a long session on funding for schools "
           "and hospitals while delegates reviewed measures that support research in several "
           "provinces").split()
# Defects the checks look for, each a phrase put into an otherwise plain sentence.
_DEFECTS = (
    "the the", "achievements Achievements", "overcome difficulties and overcome difficulties", "the  plan",
    "mastered tecnology .", "value.The", "the (first meeting", "also witnessed It has marked a leap",
    "my country's high-speed rail", "the broad masses of the people", "made contributions to",
    "Beijing，the capital", "the Qianqiu Foundation", "in Xiaokang villages", "“an open quote",
    "the two sessions", "people's livelihood", "our country", "the whole party", "technology...Since",
)
_NAMES = ("No. 21 Factory", "No. 221 factory", "Tiangong-2", "Tiangong 2", "Zhang Wei", "Zhang-Wei",
          "Shenzhou 11", "Long March 5", "Chang'e-5", "Xu Lan")
_NUMBERS = (("3万", "30,000", "3,000"), ("20多", "more than 20", "20"), ("5月12日", "May 12", "May 21"),
            ("1.2亿", "120 million", "12 million"), ("二〇一九年", "2019", "2009"), ("45%", "45%", "54%"))
_PLAIN_ENDINGS = (".", ".", ".", "", "!", "...", "?")


def terms(rng: random.Random) -> list[Term]:
    """Multi-word and single-word terms, some sharing a stem or a wording, some forbidden variants, some
    case-sensitive acronyms, a few proposed or deprecated; sorted as the app reads them (by source)."""
    found: dict[str, Term] = {}
    while len(found) < TERMS:
        n = len(found)
        source = "".join(rng.choice(_POOL) for _ in range(rng.randint(2, 4)))
        head = rng.choice(_HEADS)
        target = head if n % 7 == 0 else f"{rng.choice(_MODIFIERS)} {head}"
        targets = (target, f"{target} scheme") if n % 11 == 0 else (target,)
        forbidden = (f"{rng.choice(_MODIFIERS)} {head}s" if n % 2 else f"old {target}",) if n % 3 else ()
        acronym = n % 13 == 0
        if acronym:
            targets = ("".join(rng.choice("ABCDEFGHKLMNPRSTW") for _ in range(3)),)
        status = "deprecated" if n % 37 == 0 else "proposed" if n % 17 == 0 else "approved"
        found.setdefault(source, Term(source, targets, "zh", "en", case_sensitive=acronym, status=status,
                                      forbidden=forbidden))
    return sorted(found.values(), key=lambda t: t.source)


def _target_term(rng: random.Random, term: Term, at_start: bool) -> str:
    """The term as MT wrote it: approved (maybe plural), forbidden, or left out."""
    roll = rng.random()
    if roll < 0.15 or (roll < 0.35 and term.forbidden):
        text = term.forbidden[0] if term.forbidden else ""
    elif roll < 0.45:
        text = ""
    else:
        text = term.preferred + ("s" if rng.random() < 0.2 and not term.case_sensitive else "")
    return text[:1].upper() + text[1:] if at_start and text else text


def _row(rng: random.Random, glossary: Sequence[Term]) -> tuple[str, str]:
    chosen = rng.sample(glossary, rng.randint(0, 3))
    zh_number, en_number, wrong_number = rng.choice(_NUMBERS)
    filler = "".join(rng.choice(_POOL) for _ in range(rng.randint(5, 30)))
    source = "".join(t.source for t in chosen[:1]) + filler + "".join(t.source for t in chosen[1:])
    words: list[str] = []
    if rng.random() < 0.5:
        source += f"，{zh_number}"
        words.append(wrong_number if rng.random() < 0.2 else en_number)
    for i, term in enumerate(chosen):
        words.append(_target_term(rng, term, at_start=i == 0 and rng.random() < 0.3))
        words += rng.sample(_FILLER, rng.randint(1, 4))
    words += rng.sample(_FILLER, rng.randint(2, 12))
    for _ in range(rng.choice((0, 0, 1, 1, 2))):
        words.insert(rng.randrange(len(words) + 1), rng.choice(_DEFECTS))
    if rng.random() < 0.15:
        words.insert(rng.randrange(len(words) + 1), rng.choice(_NAMES))
    if rng.random() < 0.1:
        rng.shuffle(words)
    target = " ".join(w for w in words if w)
    if rng.random() < 0.85:
        target = target[:1].upper() + target[1:]
    target += rng.choice(_PLAIN_ENDINGS)
    roll = rng.random()
    if roll < 0.02:
        target = f" {target}"
    elif roll < 0.04:
        target = f"{target} "
    elif roll < 0.06:
        target = source  # untranslated
    elif roll < 0.08:
        target = ""  # no MT
    elif roll < 0.10:
        source = ""  # MT only
    return source + ("。" if source and rng.random() < 0.8 else ""), target


def corpus() -> tuple[list[QaRow], list[Term]]:
    """The rows (some sources repeated with another MT, some MT repeated for another source) and terms."""
    rng = random.Random(SEED)
    glossary = terms(rng)
    pairs = [_row(rng, glossary) for _ in range(ROWS)]
    for _ in range(ROWS // 40):  # the same source translated two ways, the same target for two sources
        a, b = rng.sample(range(ROWS), 2)
        if rng.random() < 0.5:
            pairs[b] = (pairs[a][0], pairs[b][1])
        else:
            pairs[b] = (pairs[b][0], pairs[a][1])
    rows = [QaRow(i, source, target, target) for i, (source, target) in enumerate(pairs)]
    return _with_tags(rows, random.Random(SEED + 1)), glossary


def _with_tags(rows: list[QaRow], rng: random.Random) -> list[QaRow]:
    """Put inline tags into one row in twenty-five (a separate random stream, so the other rows stay as they
    were): MT and target wrap a word in a pair; in some the target lost a tag, doubled one or cut one."""
    out = []
    for row in rows:
        words = row.target.split(" ")
        if rng.random() >= 0.04 or len(words) < 3:
            out.append(row)
            continue
        at = rng.randrange(len(words) - 1)
        words[at] = f"{open_tag(1)}{words[at]}{close_tag(1)}"
        words[at + 1] += solo_tag(2)
        mt = " ".join(words)
        roll = rng.random()
        target = (mt.replace(close_tag(1), "") if roll < 0.25 else mt.replace(solo_tag(2), solo_tag(2) * 2)
                  if roll < 0.4 else mt.replace(close_tag(1), close_tag(1)[:-1]) if roll < 0.5 else mt)
        out.append(QaRow(row.key, row.source, target, mt))
    return out


def findings(rows: Sequence[QaRow], context: QaContext) -> list[list]:
    """Every finding, in the order the app stores them: per row, its row checks, then its document checks;
    each as [row, check id, side, spans, message, fingerprint, fixes as [kind, edits]] (the severity is the
    check's)."""
    document_checks = [c.id for c in ALL_CHECKS if c.scope == "document"]
    by_row: dict[Hashable, list] = {row.key: check_row(row, context) for row in rows}
    for key, issues in check_document(rows, context, document_checks).items():
        by_row[key].extend(issues)
    out = []
    for row in rows:
        texts = {"source": row.source, "target": row.target}
        out += [[row.key, i.check_id, i.side, [list(s) for s in i.spans], i.message,
                 i.fingerprint(texts[i.side]), [[f["kind"], f["edits"]] for f in map(Fix.to_json, i.fixes)]]
                for i in by_row[row.key]]
    return out


def library_findings() -> list[list]:
    """The corpus checked by the library alone, with the glossary package's matcher."""
    from glossary.matcher import TermMatcher

    rows, glossary = corpus()
    matcher = TermMatcher(glossary, "zh", "en")
    return findings(rows, QaContext("zh", "en", find_terms=matcher.find))


def write_golden() -> None:
    """Write the golden file, one finding a line, so that a change shows as a readable diff."""
    lines = ",\n".join(json.dumps(f, ensure_ascii=False) for f in library_findings())
    GOLDEN.write_text(f"[\n{lines}\n]\n", "utf-8")


if __name__ == "__main__":
    write_golden()
