"""Achievement and rating, the status workbook, the intake ledger."""
