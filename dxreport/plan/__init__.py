"""Master plan: import from the published text, quantity parsing, the master workbook.

Kept empty so importing the plan's typed model (`dxreport.rules.plan_model`) or one module of
this stage costs no more than that module.
"""
