"""Master plan: models, quantity parsing, import from the published text, master workbook.

Public API (other stages and `dxreport.demo` call these):
`import_plan`, `import_to_master`, `write_master`, `load_master`, `default_master_path`,
`plan_to_export_json`, `summary_lines`.
"""

from dxreport.plan.command import import_to_master
from dxreport.plan.export import plan_to_export_json
from dxreport.plan.importer import ImportResult, import_plan
from dxreport.plan.master import default_master_path, load_master, write_master
from dxreport.plan.report import summary_lines

__all__ = [
    "ImportResult",
    "default_master_path",
    "import_plan",
    "import_to_master",
    "load_master",
    "plan_to_export_json",
    "summary_lines",
    "write_master",
]
