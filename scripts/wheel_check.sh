#!/usr/bin/env bash
# The install users do, proved: build the sdist and the wheel (the wheel from the sdist), install
# the wheel -- not editable -- into a fresh virtual environment outside the checkout, and run one
# round with the installed `dxreport` from a temporary folder. Any non-zero exit fails.
#
#   bash scripts/wheel_check.sh BUILD_PYTHON BASE_PYTHON
#     BUILD_PYTHON  an interpreter with `build` (the dev .venv)
#     BASE_PYTHON   the interpreter the fresh environment is made from (as a user would)
set -euo pipefail
build_python=${1:?BUILD_PYTHON}
base_python=${2:?BASE_PYTHON}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/dxreport-wheel-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
# Nothing of the checkout may leak into the installed run.
unset PYTHONPATH DXREPORT_MASTER

step() { printf "\n== wheel-check (%ss): %s\n" "$SECONDS" "$*"; }
quiet() {  # run quietly; show the output only when it fails
  local log="$work/step.log"
  "$@" >"$log" 2>&1 || { cat "$log"; echo "wheel-check failed: $*" >&2; return 1; }
}

step "build sdist and wheel from a clean copy of the checkout"
# Only what git tracks or would add: the same clean copy `make kit` builds from.
"$build_python" "$repo/scripts/kit.py" --clean-copy "$work/src"
quiet "$build_python" -m build --outdir "$work/dist" "$work/src"
ls "$work/dist"

step "install the wheel into a fresh environment outside the checkout"
quiet "$base_python" -m venv "$work/venv"
quiet "$work/venv/bin/python" -m pip install --disable-pip-version-check "$work"/dist/*.whl
py="$work/venv/bin/python"
dx="$work/venv/bin/dxreport"

mkdir "$work/run"
cd "$work/run"
step "the installed package carries every file it reads at run time"
"$py" - <<'EOF'
# The package imported is the installed one, with its data beside it (copies, not links).
import dxreport, dxreport.resources as r
assert "site-packages" in dxreport.__file__, dxreport.__file__
for p in (r.EMBEDDED_PLAN, r.SURVEY_TEMPLATE, r.DEFAULT_MASTER, r.CORRECTIONS, r.xlwings_bas()):
    assert p.is_file() and not p.is_symlink(), p
assert sorted(p.name for p in r.MACROS_DIR.glob("*.bas")), r.MACROS_DIR
EOF

step "dxreport --version"
"$dx" --version

step "init, populate"
folder="作業フォルダ_R8"
quiet "$dx" init "$folder"
quiet "$dx" populate "$folder" --no-progress

step "simulated returns (every division answers, no deliberate mistakes)"
"$py" - "$folder" <<'EOF'
import sys
from dxreport.api import Round
from dxreport.demo.simulate import simulate_returns
sim = simulate_returns(Round.open(sys.argv[1]).folder, answer_ratio=1.0, mistakes=False)
print(len(sim.returns), "returns")
EOF

step "validate, status, consolidate"
quiet "$dx" validate "$folder" --no-progress
quiet "$dx" status "$folder"
quiet "$dx" consolidate "$folder"
ls "$folder/5_集約"

step "excel build, plan show (the shipped master)"
quiet "$dx" excel build --out "$work/run/dxreport.xlsm"
test -s "$work/run/dxreport.xlsm"
quiet "$dx" plan show

step "passed"
