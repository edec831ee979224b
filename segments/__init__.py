"""Segmentation, alignment, QA checks and file formats: plain Python, text in, data out."""

from segments.segmenter import Paragraph, Sentence, split_document, split_sentences

__all__ = ["Paragraph", "Sentence", "split_document", "split_sentences"]
