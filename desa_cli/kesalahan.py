"""The error every refused action raises: one line for the clerk, in Indonesian."""


class DesaError(Exception):
    """An action was refused or data was wrong; the message says what, why and what to do."""
