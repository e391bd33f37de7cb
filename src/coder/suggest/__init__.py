"""Suggestions: rules and learned models that propose codes (see the suggestions issue)."""
