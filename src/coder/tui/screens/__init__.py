"""Screens and dialogs of the workspace."""
