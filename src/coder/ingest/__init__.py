"""Ingest: reading files of many formats into normalised text, speaker turns and paragraphs."""
