"""Theme summaries, matrices, co-occurrence, quotes, pseudonyms and report documents.

The modules import pandas, numpy, matplotlib and python-docx inside the functions that need
them, so importing this package costs nothing at `coder --help`.
"""
