"""Stemming runs in C (PyStemmer, which snowballstemmer uses when installed) and stems as the pure-Python
Snowball does, so that glossary matching is fast and the same whichever back end an install has."""

import snowballstemmer
import Stemmer
from snowballstemmer.english_stemmer import EnglishStemmer
from snowballstemmer.german_stemmer import GermanStemmer

WORDS = ("talents", "stopped", "planning", "innovation", "researchers", "technologically", "revitalization",
         "countries", "happiness", "generously", "agencies", "Zusammenarbeit", "Regierungen", "größten")


def test_snowballstemmer_uses_the_c_back_end():
    assert isinstance(snowballstemmer.stemmer("english"), Stemmer.Stemmer)


def test_the_c_back_end_stems_as_the_pure_python_one():
    for pure, algorithm in ((EnglishStemmer(), "english"), (GermanStemmer(), "german")):
        words = [w.casefold() for w in WORDS]
        assert Stemmer.Stemmer(algorithm).stemWords(words) == [pure.stemWord(w) for w in words]
