"""The data model, one module per area; every table is registered on `webapp.db.Base` by importing here."""

from webapp.models.core import Document, Link, Operation, Project, Revision, Sentence, Side, Status, utcnow

__all__ = ["Document", "Link", "Operation", "Project", "Revision", "Sentence", "Side", "Status", "utcnow"]
