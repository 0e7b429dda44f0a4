#!/usr/bin/env bash
# The offline kit, proved on the platform at hand: build the kit for this machine (the same
# recipe as the Windows kit, for the CI's Python only: one download of each wheel), unpack it
# outside the checkout, run its install.sh with the package index out of reach (--no-index, no
# pip configuration), and require the self-check to pass and the control workbook to name the
# new environment's interpreter. The Linux stand-in for install.cmd, which cannot run here.
#
#   bash scripts/kit_check.sh BUILD_PYTHON BASE_PYTHON
#     BUILD_PYTHON  an interpreter with `build`, `packaging` and pip (the dev .venv)
#     BASE_PYTHON   the interpreter the kit's environment is made from (as a user's would be)
set -euo pipefail
build_python=${1:?BUILD_PYTHON}
base_python=${2:?BASE_PYTHON}
# the script changes folder below: a relative interpreter path (make's .venv/bin/python) is
# made absolute first, without resolving its symlink (that would leave the venv)
case $build_python in /*) ;; */*) build_python="$PWD/$build_python" ;; esac
case $base_python in /*) ;; */*) base_python="$PWD/$base_python" ;; esac
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/dxreport-kit-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
unset PYTHONPATH DXREPORT_MASTER PIP_FIND_LINKS PIP_INDEX_URL PIP_EXTRA_INDEX_URL

step() { printf "\n== kit-check (%ss): %s\n" "$SECONDS" "$*"; }

py_version=$("$base_python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
step "build the kit for this machine, CPython $py_version"
"$build_python" "$repo/scripts/kit.py" --platform native --python "$py_version" --no-pdf \
  --out "$work/dist"
kit=$(ls "$work"/dist/dxreport-kit-*.zip)

step "install it offline into a fresh environment"
mkdir "$work/unpacked" "$work/run"
"$build_python" -m zipfile -e "$kit" "$work/unpacked"
cd "$work/run"
PIP_CONFIG_FILE=/dev/null PIP_NO_INDEX=1 DXREPORT_VENV="$work/venv" DXREPORT_PYTHON="$base_python" \
  sh "$work"/unpacked/dxreport-kit-*/install.sh >"$work/install.log" 2>&1 \
  || { cat "$work/install.log"; echo "kit-check failed: install.sh" >&2; exit 1; }
tail -n 7 "$work/install.log"  # the self-check's report

step "pip installed exactly what the kit's manifest lists for CPython $py_version"
"$work/venv/bin/python" -c 'import json, importlib.metadata as m
print(json.dumps({d.metadata["Name"]: d.version for d in m.distributions()}))' >"$work/installed.json"
"$build_python" - "$py_version" "$work"/unpacked/dxreport-kit-*/manifest.json "$work/installed.json" <<'EOF_PY'
import json, sys
from packaging.utils import canonicalize_name, parse_wheel_filename
py, manifest, installed = sys.argv[1], *(json.load(open(p, encoding="utf-8")) for p in sys.argv[2:])
listed = {n: str(parse_wheel_filename(f)[1]) for n, f in manifest["pythons"][py].items()}
installed = {canonicalize_name(n): v for n, v in installed.items()}
for tool in ("pip", "setuptools"):  # the environment's own, not the kit's
    installed.pop(tool, None)
assert installed == listed, f"pip installed {installed}, the manifest lists {listed}"
print(len(listed), "distributions, as listed")
EOF_PY

step "the control workbook names the new environment's Python"
"$work/venv/bin/python" - "$work/venv" <<'EOF_PY'
import sys, openpyxl
venv = sys.argv[1]
ws = openpyxl.load_workbook(f"{venv}/dxreport.xlsm", keep_vba=True)["xlwings.conf"]
assert ws["A1"].value == "Interpreter_Win" and ws["B1"].value == f"{venv}/bin/python", ws["B1"].value
EOF_PY
step "passed ($(du -k "$kit" | cut -f1) KB kit)"
