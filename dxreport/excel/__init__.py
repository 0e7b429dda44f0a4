"""xlwings entry points for the control workbook (thin: no business logic)."""
