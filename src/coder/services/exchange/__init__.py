"""Exchange with other analysis programs: REFI-QDA codebooks (.qdc) and projects (.qdpx).

Positions in REFI-QDA files are Unicode code points into each source's plain text, as the
standard says; `offsets` maps positions that other programs counted differently.
"""
