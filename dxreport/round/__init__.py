"""One reporting round on disk: the working folder and its settings, the ledger and its lock,
the typed records the ledger stores, which return counts, and the board of every division.
"""
