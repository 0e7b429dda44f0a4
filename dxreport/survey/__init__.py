"""Survey workbook: its layout (one place), the template, writing it, reading it back."""
