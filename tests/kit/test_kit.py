"""The offline kit (scripts/kit.py): complete for every CPython it names on its platform.

Most tests build small kits from fabricated wheels that carry the real dependencies' markers
(xlwings needs pywin32 only on Windows, tqdm colorama), so the completeness check is proved
offline in a second. `make kit` runs the same check on every kit it writes, and
`make kit-check` installs this machine's kit offline. Building the real Windows kit from PyPI
takes about a minute: `DXREPORT_KIT_FROM_PYPI=1` runs it here too (marked slow).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("dxreport_kit_script", REPO / "scripts/kit.py")
assert _spec is not None and _spec.loader is not None
kit = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = kit  # dataclasses look their module up by name
_spec.loader.exec_module(kit)

WIN = "win_amd64"
LINUX = "manylinux_2_28_x86_64"


def make_wheel(folder: Path, name: str, version: str, tag: str, requires: tuple[str, ...] = (),
               requires_python: str | None = None) -> Path:
    """A wheel file with just enough inside for pip's metadata: name, version, requirements."""
    path = folder / f"{name}-{version}-{tag}.whl"
    meta = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
    meta += [f"Requires-Dist: {r}" for r in requires]
    if requires_python:
        meta.append(f"Requires-Python: {requires_python}")
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(f"{name}-{version}.dist-info/METADATA", "\n".join(meta) + "\n")
    return path


def cp(py: str, platform: str) -> str:
    abi = "cp" + py.replace(".", "")
    return f"{abi}-{abi}-{platform}"


def dependency_set(folder: Path, pythons=kit.PYTHONS, platform=WIN, skip=()) -> list[Path]:
    """dxreport's shape in miniature: pure wheels, compiled ones per Python, Windows markers."""
    made = [
        make_wheel(folder, "dxreport", "0.1.0", "py3-none-any", ("xlwings==0.37.8", "tqdm>=4")),
        make_wheel(folder, "tqdm", "4.70.1", "py3-none-any",
                   ('colorama; platform_system == "Windows"',)),
        make_wheel(folder, "colorama", "0.4.6", "py2.py3-none-any"),
    ]
    for py in pythons:
        made.append(make_wheel(folder, "xlwings", "0.37.8", cp(py, platform), (
            'pywin32>=224; platform_system == "Windows"',
            'appscript>=1.0.1; platform_system == "Darwin"')))
        made.append(make_wheel(folder, "pywin32", "312", cp(py, WIN)))
    return [p for p in made if not any(s in p.name for s in skip)]


def wheels(paths: list[Path]) -> list:
    return [kit.Wheel.read(p) for p in paths]


def test_windows_kit_needs_what_the_windows_markers_ask_for(tmp_path):
    chosen, problems = kit.closure(wheels(dependency_set(tmp_path)), kit.Target(WIN, "3.12"))
    assert problems == []
    assert sorted(chosen) == ["colorama", "dxreport", "pywin32", "tqdm", "xlwings"]
    assert chosen["pywin32"].path.name == "pywin32-312-cp312-cp312-win_amd64.whl"
    assert "appscript" not in chosen  # a macOS-only requirement is not asked for


def test_linux_kit_leaves_the_windows_parts_out(tmp_path):
    found = dependency_set(tmp_path, platform=LINUX, skip=("pywin32", "colorama"))
    chosen, problems = kit.closure(wheels(found), kit.Target(LINUX, "3.11"))
    assert problems == [] and sorted(chosen) == ["dxreport", "tqdm", "xlwings"]


def test_a_wheel_missing_for_one_python_is_named_with_that_python(tmp_path):
    found = dependency_set(tmp_path, skip=("pywin32-312-cp312",))
    _, problems = kit.closure(wheels(found), kit.Target(WIN, "3.12"))
    assert problems == ["pywin32>=224 (CPython 3.12 / win_amd64): no wheel in the kit"]
    for py in ("3.11", "3.13"):
        assert kit.closure(wheels(found), kit.Target(WIN, py))[1] == []


def test_a_linux_wheel_does_not_stand_in_for_a_windows_one(tmp_path):
    found = dependency_set(tmp_path, platform=LINUX)
    _, problems = kit.closure(wheels(found), kit.Target(WIN, "3.11"))
    assert problems == ["xlwings==0.37.8 (CPython 3.11 / win_amd64): no wheel in the kit"]


def test_requires_python_and_extras_are_followed(tmp_path):
    make_wheel(tmp_path, "dxreport", "0.1.0", "py3-none-any", ("lib[fast]>=1",))
    make_wheel(tmp_path, "lib", "2.0", "py3-none-any", ('speedup; extra == "fast"',),
               requires_python=">=3.12")
    make_wheel(tmp_path, "lib", "1.5", "py3-none-any", ('speedup; extra == "fast"',))
    make_wheel(tmp_path, "speedup", "1.0", cp("3.11", WIN))
    found = wheels(sorted(tmp_path.glob("*.whl")))
    chosen, problems = kit.closure(found, kit.Target(WIN, "3.11"))
    assert problems == [] and str(chosen["lib"].version) == "1.5"  # 2.0 needs Python 3.12
    assert "speedup" in chosen  # asked for through the extra
    _, problems = kit.closure(found, kit.Target(WIN, "3.12"))
    assert problems == ["speedup (CPython 3.12 / win_amd64): no wheel in the kit"]


def test_manylinux_target_accepts_older_manylinux_wheels():
    platforms = kit.Target(LINUX, "3.12").platforms()
    assert {"manylinux_2_17_x86_64", "manylinux2014_x86_64", "manylinux1_x86_64"} <= set(
        platforms)
    assert "manylinux_2_29_x86_64" not in platforms
    env = kit.Target(WIN, "3.13").environment()
    assert (env["platform_system"], env["sys_platform"], env["python_version"]) == (
        "Windows", "win32", "3.13")


# ------------------------------------------------------------------------------ a kit zip
def write_kit(tmp_path: Path, paths: list[Path], manifest_for: list[Path] | None = None) -> Path:
    """A kit zip laid out as make_kit lays it out, its manifest from `closure`."""
    root = tmp_path / "build" / f"dxreport-kit-0.1.0-{WIN}"
    (root / "wheels").mkdir(parents=True)
    for p in paths:
        shutil.copy2(p, root / "wheels")
    listed = {py: kit.closure(wheels(manifest_for or paths), kit.Target(WIN, py))[0]
              for py in kit.PYTHONS}
    (root / "manifest.json").write_text(kit.manifest(listed, "0.1.0", WIN), encoding="utf-8")
    out = tmp_path / f"dxreport-kit-0.1.0-{WIN}.zip"
    with zipfile.ZipFile(out, "w") as zf:
        for p in sorted(root.rglob("*")):
            zf.write(p, p.relative_to(root.parent).as_posix())
    return out


def test_check_kit_opens_a_windows_kit_and_finds_each_python_complete(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    result = kit.check_kit(write_kit(tmp_path, dependency_set(source)))
    assert set(result) == {"3.11", "3.12", "3.13"}
    for py, files in result.items():
        assert files["pywin32"] == f"pywin32-312-{cp(py, WIN)}.whl"
        assert files["xlwings"] == f"xlwings-0.37.8-{cp(py, WIN)}.whl"
        assert files["colorama"] == "colorama-0.4.6-py2.py3-none-any.whl"


def test_check_kit_refuses_a_kit_missing_a_wheel_for_one_python(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    complete = dependency_set(source)
    gappy = [p for p in complete if p.name != f"pywin32-312-{cp('3.13', WIN)}.whl"]
    with pytest.raises(kit.KitError) as err:
        kit.check_kit(write_kit(tmp_path, gappy, manifest_for=complete))
    text = str(err.value)
    assert "pywin32>=224 (CPython 3.13 / win_amd64): no wheel in the kit" in text
    assert "manifest for 3.13 differs" in text and "3.12" not in text.split("manifest")[0]


def test_pip_reporting_no_wheel_fails_by_name(monkeypatch):
    def pip(cmd, **kwargs):
        assert "--only-binary=:all:" in cmd and "--platform" in cmd
        stderr = ("ERROR: Could not find a version that satisfies the requirement odd-lib\n"
                  "ERROR: No matching distribution found for odd-lib\n")
        return subprocess.CompletedProcess(cmd, 1, "", stderr)

    monkeypatch.setattr(kit.subprocess, "run", pip)
    with pytest.raises(kit.KitError) as err:
        kit.pip_download(["odd-lib"], Path("/nonexistent"), kit.Target(WIN, "3.12"))
    assert str(err.value).startswith(
        "no wheel of odd-lib for CPython 3.12 / win_amd64 on PyPI (sdist only")


# ------------------------------------------------------------------------------ the kit's files
def test_install_cmd_is_what_cmd_exe_reads_and_installs_offline(tmp_path):
    kit.install_script(tmp_path, "9.9.9", WIN)
    data = (tmp_path / "install.cmd").read_bytes()
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    text = data.decode("cp932")  # the console code page of Japanese Windows
    assert "dxreport 9.9.9 をインストールします" in text
    for needed in ('%USERPROFILE%\\dxreport', "-m venv", "--no-index",
                   '--find-links "%KIT%wheels"', "excel configure",
                   '--interpreter "%VENV%\\Scripts\\pythonw.exe"', "selfcheck", "py -%%V"):
        assert needed in text, needed
    assert not (tmp_path / "install.sh").exists()


def test_guide_covers_missing_python_and_the_network_team(tmp_path):
    kit.guide(tmp_path, "9.9.9", WIN, pdf=False)
    text = (tmp_path / "INSTALL-ja.md").read_text(encoding="utf-8")
    assert "@VERSION@" not in text and "@PLATFORM@" not in text
    assert "dxreport-kit-9.9.9-win_amd64.zip" in text
    for needed in ("Python がないとき", "ネットワーク担当", "python.org", "Add python.exe to PATH",
                   "install.cmd", "セルフチェック: すべて正常です。", "管理者権限"):
        assert needed in text, needed


def test_guide_pdf_embeds_a_japanese_font(tmp_path):
    pytest.importorskip("fpdf")
    pytest.importorskip("markdown_it")
    if not all(Path(p).is_file() for p in kit.JAPANESE_FONTS[0]):
        pytest.skip("fonts-noto-cjk not installed")
    kit.guide(tmp_path, "9.9.9", WIN, pdf=True)
    pdf = tmp_path / "INSTALL-ja.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not installed")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Python がないとき" in text and "ネットワーク担当" in text


def test_selfcheck_passes_on_this_installation(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "dxreport", "selfcheck"], cwd=tmp_path,
                          capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "セルフチェック: すべて正常です。" in done.stdout
    assert done.stdout.count("OK  ") == 4 and list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------------------ from PyPI
@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("DXREPORT_KIT_FROM_PYPI"),
                    reason="builds the Windows kit from PyPI (about a minute): "
                           "DXREPORT_KIT_FROM_PYPI=1 runs it")
def test_the_windows_kit_from_pypi_is_complete(tmp_path):
    made = kit.make_kit(WIN, tmp_path, pdf=False)
    assert made.name.startswith("dxreport-kit-") and made.name.endswith("-win_amd64.zip")
    result = kit.check_kit(made)
    for py, files in result.items():
        assert files["pywin32"].endswith(f"{cp(py, WIN)}.whl"), files
        assert files["pydantic-core"].endswith(f"{cp(py, WIN)}.whl"), files
        assert "colorama" in files
    with zipfile.ZipFile(made) as zf:
        names = {n.split("/", 1)[1] for n in zf.namelist()}
    assert {"install.cmd", "dxreport.xlsm", "INSTALL-ja.md", "manifest.json"} <= names
