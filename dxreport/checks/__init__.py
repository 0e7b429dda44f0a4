"""Validation rules for returned surveys and the findings report."""
