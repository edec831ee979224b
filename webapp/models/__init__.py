"""The data model, one module per area; every table is registered on `webapp.db.Base` by importing here."""

from webapp.models.auth import ApiToken, AuditEvent, LoginAttempt, Membership, User
from webapp.models.core import (
    Document,
    DocumentSkeleton,
    Link,
    Operation,
    Project,
    Revision,
    Sentence,
    Side,
    Status,
    text_hash,
    utcnow,
)
from webapp.models.glossary import DismissedSuggestion, Glossary, GlossaryEntry
from webapp.models.jobs import Job, JobFile, JobStatus
from webapp.models.memory import Effort, MemoryEntry
from webapp.models.qa import ProjectWord, QaFinding, QaIgnore
from webapp.models.review import Comment

__all__ = ["Comment", "Document", "Link", "Operation", "Project", "Revision", "Sentence", "Side", "Status",
           "text_hash", "utcnow"]
__all__ += ["DocumentSkeleton"]
__all__ += ["DismissedSuggestion", "Glossary", "GlossaryEntry"]
__all__ += ["Job", "JobFile", "JobStatus"]
__all__ += ["Effort", "MemoryEntry"]
__all__ += ["ProjectWord", "QaFinding", "QaIgnore"]
__all__ += ["ApiToken", "AuditEvent", "LoginAttempt", "Membership", "User"]
