"""Master plan: models, quantity parsing, import from the published text, master workbook."""
