"""Errors that are the user's to fix, carried as an i18n key plus parameters.

Core stays free of the interface language: it names what went wrong with a catalogue key,
and the page translates it. The English text doubles as the exception message for logs and
tests.
"""


class UserInputError(ValueError):
    """Bad input from a user (unknown word, empty text, malformed upload)."""

    def __init__(self, key: str, message: str, **params):
        super().__init__(message.format(**params))
        self.key = key
        self.params = params
