"""Error types: every failure a user can cause is a CoderError with a message and a hint."""


class CoderError(Exception):
    """A failure the user can act on: what happened (message) and what to do (hint)."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message, hint)  # both in args, so the error survives pickling
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message

    def one_line(self) -> str:
        """The error as the single line the CLI prints on stderr."""
        text = f"{self.message}; {self.hint}" if self.hint else self.message
        return " ".join(text.split())


class ProjectError(CoderError):
    """The project file is missing, unreadable, not ours, or from a newer version."""


class CodebookError(CoderError):
    """A codebook file is invalid, or a codebook change would lose codings."""


class ReadError(CoderError):
    """A file to import cannot be read: wrong format, encoding, empty, binary, or broken."""


class ImportRefusedError(CoderError):
    """An import would clash with what the project holds (a name taken, unknown attributes)."""


class CodingError(CoderError):
    """A coding is invalid: unknown source or code, offsets outside the text, text mismatch."""


class SearchError(CoderError):
    """A search query cannot be run."""


class ExchangeError(CoderError):
    """A REFI-QDA file (.qdc, .qdpx) is unsafe, broken or inconsistent, or cannot be written."""


class ReportError(CoderError):
    """A summary, report or export cannot be made: unknown codes, sources or attributes."""


class AgreementError(CoderError):
    """Agreement cannot be computed: unknown coders, too few, or no source they have both coded."""


class MergeError(CoderError):
    """Another project cannot be merged into this one: the same file, or a newer schema."""
