@echo off
rem dxreport @VERSION@ offline install (kit for @PLATFORM@). Double-click, or run from cmd.
rem Creates %USERPROFILE%\dxreport (a Python virtual environment), installs dxreport and every
rem part it needs from the wheels folder beside this file (no internet: --no-index), writes
rem the environment's pythonw.exe into the control workbook, and runs the self-check.
rem This file is saved in Shift_JIS (cp932) with CRLF line ends: what cmd.exe reads.
setlocal EnableExtensions
set "KIT=%~dp0"
if not defined DXREPORT_VENV set "DXREPORT_VENV=%USERPROFILE%\dxreport"
set "VENV=%DXREPORT_VENV%"
echo dxreport @VERSION@ をインストールします。
echo   インストール先: %VENV%
echo.

rem --- 1. Python 3.11-3.13: the py launcher first, then python on PATH
set "PY="
for %%V in (3.13 3.12 3.11) do (
  if not defined PY (
    py -%%V -c "import sys; sys.exit(0 if sys.maxsize > 2**32 else 1)" >nul 2>&1 && set "PY=py -%%V"
  )
)
if defined PY goto :have_python
python -c "import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] <= (3, 13) and sys.maxsize > 2**32 else 1)" >nul 2>&1 && set "PY=python"
:have_python
if not defined PY goto :no_python
echo [1/4] Python: %PY%

rem --- 2. the environment: reuse a working one (an update), otherwise make it afresh
"%VENV%\Scripts\python.exe" -c "import sys" >nul 2>&1 && goto :venv_ready
%PY% -m venv --clear "%VENV%"
if errorlevel 1 goto :fail
:venv_ready
echo [2/4] 環境: %VENV%

rem --- 3. dxreport and its parts, from the kit only
"%VENV%\Scripts\python.exe" -m pip install --disable-pip-version-check --no-index --find-links "%KIT%wheels" --upgrade dxreport
if errorlevel 1 goto :fail
echo [3/4] dxreport をインストールしました。

rem --- 4. the control workbook, pointed at this environment (the previous one kept)
if exist "%VENV%\dxreport.xlsm" copy /y "%VENV%\dxreport.xlsm" "%VENV%\dxreport.previous.xlsm" >nul
"%VENV%\Scripts\dxreport.exe" excel configure "%KIT%dxreport.xlsm" --interpreter "%VENV%\Scripts\pythonw.exe" --out "%VENV%\dxreport.xlsm"
if errorlevel 1 goto :fail
echo [4/4] 操作ブック: %VENV%\dxreport.xlsm
echo.

"%VENV%\Scripts\dxreport.exe" selfcheck
if errorlevel 1 goto :fail
echo.
echo インストールが完了しました。操作ブック %VENV%\dxreport.xlsm を開いて使います。
echo コマンドで使うときは "%VENV%\Scripts\dxreport" に続けてコマンドを書きます。
if not defined DXREPORT_NO_PAUSE pause
exit /b 0

:no_python
echo [エラー] Python 3.11、3.12 または 3.13（64 ビット）が見つかりません。
echo 導入手順（INSTALL-ja.pdf）の「Python がないとき」を見てください。
if not defined DXREPORT_NO_PAUSE pause
exit /b 2

:fail
echo.
echo [エラー] インストールを中止しました。上に出たメッセージと、この画面を担当者に伝えてください。
if not defined DXREPORT_NO_PAUSE pause
exit /b 1
