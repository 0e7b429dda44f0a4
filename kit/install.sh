#!/bin/sh
# dxreport @VERSION@ offline install (kit for @PLATFORM@): the same four steps as install.cmd,
# for the platform the kit was built for. Creates $DXREPORT_VENV (default ~/dxreport), installs
# dxreport from the wheels folder beside this file only (--no-index), writes the environment's
# interpreter into the control workbook, and runs the self-check.
set -eu
kit=$(cd "$(dirname "$0")" && pwd)
venv=${DXREPORT_VENV:-$HOME/dxreport}
echo "dxreport @VERSION@ をインストールします。"
echo "  インストール先: $venv"

py=""
for v in python3.13 python3.12 python3.11 python3; do
  if command -v "$v" >/dev/null 2>&1 && "$v" -c 'import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] <= (3, 13) else 1)'; then
    py=$v; break
  fi
done
if [ -n "${DXREPORT_PYTHON:-}" ]; then py=$DXREPORT_PYTHON; fi
if [ -z "$py" ]; then
  echo "[エラー] Python 3.11、3.12 または 3.13 が見つかりません。" >&2; exit 2
fi
echo "[1/4] Python: $py"

"$venv/bin/python" -c 'import sys' 2>/dev/null || "$py" -m venv --clear "$venv"
echo "[2/4] 環境: $venv"

"$venv/bin/python" -m pip install --disable-pip-version-check --no-index --find-links "$kit/wheels" --upgrade dxreport
echo "[3/4] dxreport をインストールしました。"

if [ -f "$venv/dxreport.xlsm" ]; then cp "$venv/dxreport.xlsm" "$venv/dxreport.previous.xlsm"; fi
"$venv/bin/dxreport" excel configure "$kit/dxreport.xlsm" --interpreter "$venv/bin/python" --out "$venv/dxreport.xlsm"
echo "[4/4] 操作ブック: $venv/dxreport.xlsm"

"$venv/bin/dxreport" selfcheck
