"""Reusable widgets of the coding workspace: the document, the codebook pane, the segment strip."""
