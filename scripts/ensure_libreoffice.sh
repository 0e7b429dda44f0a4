#!/usr/bin/env bash
# Installs the Debian packages the LibreOffice tests need, when they are missing.
# Needs root (as on CI); otherwise says what to install and lets the tests skip.
set -euo pipefail
pkgs=(libreoffice-calc-nogui libreoffice-script-provider-python fonts-noto-cjk poppler-utils)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "LibreOffice 関連パッケージをインストールします: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "注意: LibreOffice を使うテストは省略されます。次を管理者権限でインストールしてください: ${missing[*]}" >&2
fi
