"""The vocabulary of judgement, pure and I/O-free: fiscal years, the plan's typed model,
statuses, verdicts, achievement (one "behind target" rule) and rating bands.

Every face and every stage asks these modules, so the terminal, the control workbook and the
status workbook cannot disagree. Nothing here reads or writes a file.
"""
