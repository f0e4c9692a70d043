"""The error every app's workflow raises: a step (a document's submission, return, signature,
revision; a reporting period's submission, approval, return, reopening) that this user may not
take now. Its message says why, for the user. A ValidationError, so that a form or a view that
shows validation errors shows it the same way."""

from django.core.exceptions import ValidationError


class WorkflowError(ValidationError):
    def __str__(self) -> str:
        return " ".join(self.messages)
