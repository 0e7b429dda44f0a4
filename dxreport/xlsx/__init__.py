"""File-format plumbing that imports no stage: the streaming reader, the fast writer,
deterministic zip bytes, print layout, the text neutraliser, the CFB/OVBA builders.
"""
