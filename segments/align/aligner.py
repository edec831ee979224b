"""`align()`: the scorer registry, the language handling and the two-pass banded search."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from segments.align import learning, scorers, terms
from segments.align.grid import Grid, Weighted, weigh
from segments.align.links import Link
from segments.align.scorers import Bitext, Features
from segments.align.search import HALF_WIDTH, Bead, bead_scores, best_path, centre_path, to_links


@dataclass(frozen=True)
class Scorer:
    """A registered piece of evidence: lexical (items and keys) or bead-level (a score per bead)."""

    scorer_id: str
    weight: float
    features: Callable[[Bitext], Features | None] | None = None
    term: Callable[[Bitext, Grid], terms.Term | None] | None = None
    step: str | None = None  # the optional step (of STEPS) this evidence belongs to; None: always used

    def used(self, steps: frozenset[str]) -> bool:
        """Tell whether the evidence is used when the given optional steps run."""
        return self.step is None or self.step in steps


CONFIDENT_SCORE = 0.5  # per-sentence bead score above which a first-pass bead teaches the lexicon
# The optional steps, all on by default; the benchmark switches them off one by one to measure each.
STEPS = frozenset({"learn", "priors", "bridge", "quotes"})

# All evidence, in one place: adding a scorer is one function plus one line here.
SCORERS = (
    Scorer("dictionary", 1.0, features=scorers.dictionary_features),
    Scorer("latin", 1.0, features=scorers.latin_features),
    Scorer("tokens", 1.0, features=scorers.token_features),
    Scorer("anchors", 1.0, features=scorers.anchor_features),
    Scorer("names", 1.0, features=scorers.name_features),
    Scorer("glossary", 1.0, features=scorers.glossary_features),
    Scorer("bridge", 1.0, features=scorers.bridge_features, step="bridge"),
    Scorer("punctuation", 1.0, features=scorers.punctuation_features),
    Scorer("length", 1.0, term=terms.length),
    Scorer("paragraphs", 1.0, term=terms.paragraphs),
    Scorer("quotations", 1.0, term=terms.quotations, step="quotes"),
    Scorer("embedding", 3.0, term=terms.embedding),
    Scorer("source_view", 2.0, term=terms.source_view, step="bridge"),
)


def _weighted(term: terms.Term, weight: float) -> terms.Term:
    return lambda a, b: weight * term(a, b)


def _search(bitext: Bitext, weighted: Weighted, centre: np.ndarray, steps: frozenset[str]) -> list[Bead]:
    grid = Grid.around(len(bitext.src), len(bitext.tgt), centre, HALF_WIDTH)
    bead_terms = [_weighted(term, s.weight) for s in SCORERS
                  if s.term is not None and s.used(steps) and (term := s.term(bitext, grid)) is not None]
    return best_path(grid, bead_scores(grid, weighted, bead_terms, calibrated="priors" in steps))


def _path_centre(beads: list[Bead], n: int) -> np.ndarray:
    centre = np.zeros(n + 1)
    for _a, _b, i, j, _ in beads:
        centre[i] = j
    return np.maximum.accumulate(centre)  # rows inside a many-source bead take the previous bead's end


# Scorers whose evidence depends on the learned lexicon: the learning pass reruns only these.
LEARNING_SCORERS = frozenset({"dictionary", "tokens"})


def _weighted_features(bitext: Bitext, steps: frozenset[str], known: dict[str, Features | None]) -> Weighted:
    """Collect and weigh the evidence; `known` keeps each scorer's output for the next pass to reuse."""

    def remembered(scorer: Scorer) -> Callable[[Bitext], Features | None]:
        def features(bitext: Bitext) -> Features | None:
            if scorer.scorer_id not in known:
                known[scorer.scorer_id] = scorer.features(bitext)
            return known[scorer.scorer_id]
        return features

    chosen = [(s.weight, remembered(s)) for s in SCORERS
              if s.features and s.used(steps)]
    features = scorers.collect_features(bitext, chosen)
    # Across languages, a word with no counterpart anywhere in the other text is mostly a dictionary gap.
    return weigh(features, 1.0 if bitext.same_language else scorers.CROSS_LANGUAGE_UNMATCHABLE)
    # (the features go out of scope here: on a 10 MB text they are hundreds of MB)


def _confident(beads: list[Bead]) -> list[tuple[range, range]]:
    return [(range(i - a, i), range(j - b, j)) for a, b, i, j, score in beads
            if a and b and score / (a + b) >= CONFIDENT_SCORE]


def _align(bitext: Bitext, steps: frozenset[str]) -> list[Link]:
    if not bitext.src or not bitext.tgt:  # nothing to compare: every sentence stands alone
        return [Link((i,), (), 0.0) for i in range(len(bitext.src))] + [
            Link((), (j,), 0.0) for j in range(len(bitext.tgt))]
    known: dict[str, Features | None] = {}
    weighted = _weighted_features(bitext, steps, known)
    for scorer_id in LEARNING_SCORERS:  # recomputed with the learned pairs: no use keeping them meanwhile
        known.pop(scorer_id, None)
    beads = _search(bitext, weighted, centre_path(bitext, weighted), steps)
    # A second pass, re-centred on the first path and with the length ratio measured on its beads,
    # recovers where anchors were sparse and where insertions or deletions skewed the document ratio.
    bitext = replace(bitext, length_ratio=terms.length_ratio(bitext, beads))
    learned = {}
    if "learn" in steps:
        # With word pairs learned from the first pass's confident beads: the document's own vocabulary
        # (names, idioms, a translator's habits) that CEDICT and the stemmer do not connect.
        learned = learning.learn(_confident(beads), scorers.source_tokens(bitext),
                                 scorers.target_tokens(bitext))
        if (inner := scorers.source_bitext(bitext)) is not None:
            bitext = replace(bitext, bridge_learned=learning.learn(
                _confident(beads), scorers.source_tokens(inner), scorers.target_tokens(inner)))
    if learned:
        bitext = replace(bitext, learned=learned)
        del weighted  # the first pass's evidence: a book's is a hundred MB
        weighted = _weighted_features(bitext, steps, known)
    known.clear()  # the scorers' own output: the weighted arrays hold all the search needs
    beads = _search(bitext, weighted, _path_centre(beads, len(bitext.src)), steps)
    return to_links(beads)


def align(
    src: Sequence[str],
    tgt: Sequence[str],
    src_lang: str,
    tgt_lang: str,
    *,
    src_paragraphs: Sequence[int] | None = None,
    tgt_paragraphs: Sequence[int] | None = None,
    term_pairs: Iterable[tuple[str, str]] = (),
    dictionary_path: str | Path | None = None,
    model_dir: str | Path | None = None,
    steps: Iterable[str] | None = None,
    source: Sequence[str] | None = None,
    source_lang: str = "zh",
) -> list[Link]:
    """Align two sentence lists into ordered, monotone links covering every sentence exactly once.

    `source`, when `src` is a machine translation, gives the text each src sentence translates (one per
    sentence, "" where unknown): its links to `tgt` through the dictionary become evidence (the bridge).
    `steps` names the optional steps to run (default: all of STEPS); the benchmark measures each one."""
    chosen = STEPS if steps is None else frozenset(steps)
    bitext = Bitext(
        list(src), list(tgt), src_lang, tgt_lang,
        src_paragraphs=list(src_paragraphs) if src_paragraphs is not None else None,
        tgt_paragraphs=list(tgt_paragraphs) if tgt_paragraphs is not None else None,
        term_pairs=tuple(term_pairs),
        dictionary_path=Path(dictionary_path) if dictionary_path else None,
        model_dir=Path(model_dir) if model_dir else None,
        bridge=list(source) if source is not None else None, bridge_lang=source_lang,
    )
    if bitext.tgt_lang.lower().startswith("zh") and not bitext.chinese_source:
        swapped = replace(bitext, src=bitext.tgt, tgt=bitext.src, src_lang=tgt_lang, tgt_lang=src_lang,
                          src_paragraphs=bitext.tgt_paragraphs, tgt_paragraphs=bitext.src_paragraphs,
                          term_pairs=tuple((b, a) for a, b in bitext.term_pairs), bridge=None)
        return [Link(link.tgt, link.src, link.score) for link in _align(swapped, chosen)]
    return _align(bitext, chosen)
