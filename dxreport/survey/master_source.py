"""Where the survey stage gets its `Plan` from: the ONE call site into the plan stage.

- `load_plan(folder)`: the master named in the settings (`master = ...`). A `.xlsx` master
  workbook is read by the plan stage (`dxreport.plan.master.load_master`); a `.json` file holding
  a serialised `Plan` is also accepted (tests, benchmarks, synthetic plans).
- `write_default_master(path)`: `dxreport init` without `--master` imports the embedded
  令和8年度 plan and writes its master workbook into the folder (plan stage:
  `dxreport.plan.importer.import_plan` and `dxreport.plan.master.write_master`).
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

from pydantic import ValidationError

from dxreport.errors import UserError
from dxreport.messages import msg
from dxreport.plan.models import Plan
from dxreport.workfolder import WorkFolder


def read_plan_file(path: Path) -> Plan:
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        try:
            return Plan.model_validate_json(path.read_bytes())
        except ValidationError as exc:
            raise UserError(msg("sv_master_unreadable", path=path, detail=exc)) from None
    if suffix in (".xlsx", ".xlsm"):
        # plan stage (issue 2): the master workbook reader
        master = importlib.import_module("dxreport.plan.master")
        return master.load_master(path)
    raise UserError(msg("sv_master_unsupported", path=path, suffix=suffix or msg("sv_no_suffix")))


def load_plan(folder: WorkFolder) -> Plan:
    path = folder.master_path
    if not path.is_file():
        raise UserError(msg("sv_master_missing", path=path, settings=folder.settings_path))
    try:
        return read_plan_file(path)
    except ModuleNotFoundError:
        raise UserError(msg("sv_master_importer_missing")) from None


def default_master_available() -> bool:
    """Whether the plan stage can import the embedded plan and write its master workbook."""
    try:
        return all(importlib.util.find_spec(m) is not None
                   for m in ("dxreport.plan.importer", "dxreport.plan.master"))
    except ModuleNotFoundError:
        return False


def write_default_master(path: Path) -> Plan:
    """Import the embedded 令和8年度 plan and write it as the folder's master workbook."""
    try:
        importer = importlib.import_module("dxreport.plan.importer")
        master = importlib.import_module("dxreport.plan.master")
    except ModuleNotFoundError:
        raise UserError(msg("sv_master_importer_missing")) from None
    result = importer.import_plan()
    plan = getattr(result, "plan", result)
    master.write_master(plan, path)
    return plan
