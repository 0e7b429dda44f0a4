"""`make kit`: the offline kit for a PC that cannot reach the package index.

    python scripts/kit.py [--platform win_amd64|native|manylinux_2_28_x86_64] [--out dist]

writes dist/dxreport-kit-<version>-<platform>.zip holding, under one folder:
  wheels/          the dxreport wheel and every dependency as a wheel for CPython 3.11-3.13
  manifest.json    per Python version, the wheel pip installs for each distribution
  dxreport.xlsm    the control workbook (install.cmd writes the interpreter into a copy)
  install.cmd      (Windows) or install.sh (other platforms): venv, pip --no-index, configure,
                   self-check
  INSTALL-ja.md/.pdf  the Japanese installation guide

Why not `pip download` alone: with --platform pip picks wheels for the target but evaluates
environment markers for the machine it runs on, so building a Windows kit on Linux silently
leaves out `pywin32; platform_system == "Windows"` (xlwings) and `colorama` (tqdm). Each round
here lets pip resolve and download, then walks the wheels' own metadata with the *target's*
markers (`closure_problems`) and hands what is missing back to pip, until nothing is. The
same walk is the kit's acceptance check (tests/kit). Only PyPI is used, through pip.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from email.parser import HeaderParser
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.tags import Tag, compatible_tags, cpython_tags, platform_tags
from packaging.utils import NormalizedName, canonicalize_name, parse_wheel_filename
from packaging.version import Version

REPO = Path(__file__).resolve().parents[1]
KIT_SOURCES = REPO / "kit"
PYTHONS = ("3.11", "3.12", "3.13")
GUIDE = "INSTALL-ja"
PROJECT = canonicalize_name("dxreport")
FIXED_DATE = dt.datetime(2026, 4, 1, tzinfo=dt.UTC)  # as the control workbook's zip entries


class KitError(Exception):
    """A kit that cannot be made as asked; the message says what and why."""


# ------------------------------------------------------------------------------------ targets
@dataclass(frozen=True)
class Target:
    """One CPython version on one platform: the tags its pip accepts, the markers it sees."""

    platform: str
    python: str  # "3.12"

    @property
    def windows(self) -> bool:
        return self.platform.startswith("win")

    def platforms(self) -> list[str]:
        """The platform tags a wheel may carry: manylinux_2_28 also takes 2_27 ... 2_5 and
        the legacy manylinux2014/2010/1 names, as pip does."""
        found = re.fullmatch(r"manylinux_(\d+)_(\d+)_(\w+)", self.platform)
        if not found:
            return [self.platform]
        major, minor, arch = int(found[1]), int(found[2]), found[3]
        legacy = {17: "manylinux2014", 12: "manylinux2010", 5: "manylinux1"}
        names = []
        for m in range(minor, 4, -1):
            names.append(f"manylinux_{major}_{m}_{arch}")
            if m in legacy:
                names.append(f"{legacy[m]}_{arch}")
        return names

    def tags(self) -> set[Tag]:
        version = tuple(int(p) for p in self.python.split("."))
        return set(cpython_tags(version, platforms=self.platforms())) | set(
            compatible_tags(version, interpreter=f"cp{version[0]}{version[1]}",
                            platforms=self.platforms()))

    def environment(self) -> dict[str, str]:
        """PEP 508 marker values as that Python on that platform would report them."""
        env = dict(default_environment())
        env.update(python_version=self.python, python_full_version=f"{self.python}.0",
                   implementation_name="cpython", platform_python_implementation="CPython",
                   implementation_version=f"{self.python}.0")
        if self.windows:
            env.update(os_name="nt", sys_platform="win32", platform_system="Windows",
                       platform_machine="AMD64" if "amd64" in self.platform else "ARM64",
                       platform_release="10", platform_version="10.0.19045")
        elif "linux" in self.platform:
            arch = re.sub(r"^(many|musl)?linux(_\d+_\d+|2014|2010|1)?_", "", self.platform)
            env.update(os_name="posix", sys_platform="linux", platform_system="Linux",
                       platform_machine=arch)
        return env

    @property
    def label(self) -> str:
        return f"CPython {self.python} / {self.platform}"


def native_platform() -> str:
    """This machine's newest portable platform tag (manylinux_2_36_x86_64 on Debian 12): the
    bare linux_x86_64 marks locally built wheels, which PyPI does not serve."""
    tags = list(platform_tags())
    return next((t for t in tags if t.startswith(("manylinux_", "musllinux_"))), tags[0])


# ------------------------------------------------------------------------------------ wheels
@dataclass
class Wheel:
    path: Path
    name: NormalizedName
    version: Version
    tags: frozenset[Tag]
    requires: list[Requirement] = field(default_factory=list)
    requires_python: SpecifierSet = field(default_factory=SpecifierSet)

    @classmethod
    def read(cls, path: Path) -> Wheel:
        name, version, _build, tags = parse_wheel_filename(path.name)
        with zipfile.ZipFile(path) as zf:
            meta_name = next(n for n in zf.namelist()
                             if n.count("/") == 1 and n.endswith(".dist-info/METADATA"))
            meta = HeaderParser().parsestr(zf.read(meta_name).decode("utf-8"))
        return cls(path, name, version, frozenset(tags),
                   [Requirement(r) for r in meta.get_all("Requires-Dist") or []],
                   SpecifierSet(meta.get("Requires-Python") or ""))


def closure(wheels: Iterable[Wheel], target: Target) -> tuple[dict[str, Wheel], list[str]]:
    """What pip would install on `target` from these wheels alone, starting from dxreport, and
    the requirements nothing here satisfies (empty when the kit is complete for `target`).

    Each requirement's marker is evaluated for the target (with the extras asked of it), and
    the newest compatible wheel that fits the specifier and its Requires-Python is taken."""
    tags, env = target.tags(), target.environment()
    usable: dict[str, list[Wheel]] = {}
    for w in wheels:
        if w.tags & tags and w.requires_python.contains(target.python + ".0", prereleases=True):
            usable.setdefault(w.name, []).append(w)
    chosen: dict[str, Wheel] = {}
    problems: list[str] = []
    todo: list[tuple[Requirement, frozenset[str]]] = [(Requirement(PROJECT), frozenset())]
    seen: set[tuple[str, frozenset[str]]] = set()
    while todo:
        req, _ = todo.pop()
        name = canonicalize_name(req.name)
        extras = frozenset(req.extras)
        fits = [w for w in usable.get(name, []) if req.specifier.contains(w.version, True)]
        bare = f"{req.name}{'[' + ','.join(sorted(extras)) + ']' if extras else ''}{req.specifier}"
        if name in chosen and chosen[name] not in fits:
            problems.append(f"{bare} ({target.label}): {chosen[name].path.name} does not fit")
            continue
        if not fits:
            problems.append(f"{bare} ({target.label}): no wheel in the kit")
            continue
        wheel = chosen.setdefault(name, max(fits, key=lambda w: w.version))
        if (name, extras) in seen:
            continue
        seen.add((name, extras))
        for dep in wheel.requires:
            wanted = {""} | set(extras)
            if dep.marker is None or any(dep.marker.evaluate({**env, "extra": e})
                                         for e in wanted):
                todo.append((dep, frozenset(dep.extras)))
    return chosen, problems


# ------------------------------------------------------------------------------------ pip
def pip_download(requirements: list[str], dest: Path, target: Target) -> None:
    """Wheels only, for `target`, from PyPI. An sdist-only dependency fails here, by name."""
    abi = "cp" + target.python.replace(".", "")
    cmd = [sys.executable, "-m", "pip", "download", "--disable-pip-version-check",
           "--only-binary=:all:", "--python-version", target.python, "--implementation", "cp",
           "--abi", abi, "--abi", "abi3", "--abi", "none", "-d", str(dest)]
    for platform in target.platforms():
        cmd += ["--platform", platform]
    result = subprocess.run(cmd + requirements, capture_output=True, text=True)
    if result.returncode != 0:
        missing = re.findall(r"No matching distribution found for (\S+)", result.stderr)
        if missing:
            raise KitError(
                f"no wheel of {', '.join(missing)} for {target.label} on PyPI (sdist only, or "
                "no build for this Python). An offline PC cannot build packages: pin a "
                "version that publishes wheels, or drop the dependency.\n" + result.stderr)
        raise KitError(f"pip download failed for {target.label}:\n{result.stderr}")


def gather(project_wheel: Path, dest: Path, target: Target, extra: Iterable[str] = (),
           rounds: int = 5) -> tuple[dict[str, Wheel], list[str]]:
    """pip resolves and downloads; the target's markers add what it left out; repeat. Returns
    what `target` installs and the requirements added (a head start for the next Python)."""
    added = sorted(set(extra))
    problems: list[str] = []
    for _ in range(rounds):
        pip_download([str(project_wheel), *added], dest, target)
        sdists = [p.name for p in dest.iterdir() if not p.name.endswith(".whl")]
        if sdists:
            raise KitError(f"not wheels ({target.label}): {', '.join(sdists)}")
        chosen, problems = closure([Wheel.read(p) for p in dest.glob("*.whl")], target)
        if not problems:
            return chosen, added
        # "pywin32>=224 (CPython ...): ..." -> the requirement (its marker held for the target)
        missing = {p.split(" (", 1)[0] for p in problems}
        if missing <= set(added):
            break
        added = sorted(set(added) | missing)
    raise KitError(f"the kit stays incomplete for {target.label}:\n  " + "\n  ".join(problems))


# ------------------------------------------------------------------------------------ the kit
def clean_copy(dst: Path) -> None:
    """Copy what git tracks or would add (symbolic links kept as links) to `dst`: a stale
    dxreport.egg-info of an editable install would otherwise feed old file lists into the
    build and hide a missing file. `make wheel-check` builds from the same copy."""
    listed = subprocess.run(["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], capture_output=True, check=True).stdout
    for name in filter(None, os.fsdecode(listed).split("\0")):
        origin, copy = REPO / name, dst / name
        if not os.path.lexists(origin):  # deleted in the work tree, not yet in git
            continue
        copy.parent.mkdir(parents=True, exist_ok=True)
        if origin.is_symlink():
            copy.symlink_to(os.readlink(origin))
        else:
            shutil.copy2(origin, copy)


def build_wheel(work: Path) -> Path:
    """The dxreport wheel, built from a clean copy of the checkout."""
    src = work / "src"
    clean_copy(src)
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(work / "dist"),
                    str(src)], check=True, capture_output=True)
    return next((work / "dist").glob("dxreport-*.whl"))


def control_workbook(src: Path, out: Path) -> None:
    """The control workbook of this version, built by the checkout being packed."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    subprocess.run([sys.executable, "-m", "dxreport", "excel", "build", "--out", str(out)],
                   check=True, capture_output=True, env=env, cwd=src)


def fill(template: str, version: str, platform: str) -> str:
    return template.replace("@VERSION@", version).replace("@PLATFORM@", platform)


def install_script(folder: Path, version: str, platform: str) -> None:
    if platform.startswith("win"):
        text = fill((KIT_SOURCES / "install.cmd").read_text(encoding="utf-8"), version, platform)
        # cmd.exe reads a batch file in the console's code page (932 on Japanese Windows)
        data = text.replace("\r\n", "\n").replace("\n", "\r\n").encode("cp932")
        (folder / "install.cmd").write_bytes(data)
    else:
        text = fill((KIT_SOURCES / "install.sh").read_text(encoding="utf-8"), version, platform)
        (folder / "install.sh").write_text(text, encoding="utf-8")
        (folder / "install.sh").chmod(0o755)


def guide(folder: Path, version: str, platform: str, pdf: bool) -> None:
    text = fill((KIT_SOURCES / f"{GUIDE}.md").read_text(encoding="utf-8"), version, platform)
    (folder / f"{GUIDE}.md").write_text(text, encoding="utf-8")
    if pdf:
        (folder / f"{GUIDE}.pdf").write_bytes(guide_pdf(text))


JAPANESE_FONTS = (  # (regular, bold) font collections holding "Noto Sans CJK JP"
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
     "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
)


def guide_pdf(markdown: str) -> bytes:
    """The guide as an A4 PDF, the Japanese font subset embedded (readable on any PC).

    fpdf2 renders markdown-it's HTML; code spans lose their monospace (fpdf2 would switch to a
    core font without Japanese glyphs, and it takes no nested tags in table cells)."""
    from fontTools.ttLib import TTCollection
    from fpdf import FPDF
    from markdown_it import MarkdownIt

    fonts = next((pair for pair in JAPANESE_FONTS if all(Path(p).is_file() for p in pair)), None)
    if fonts is None:
        raise KitError("no Japanese font for the PDF guide: install fonts-noto-cjk "
                       "(make libreoffice does), or pass --no-pdf")

    def number(path: str) -> int:
        names = [f["name"].getDebugName(1) for f in TTCollection(path).fonts]
        return names.index("Noto Sans CJK JP")

    html = re.sub(r"</?code>", "", MarkdownIt("commonmark").enable("table").render(markdown))
    pdf = FPDF(format="A4")
    pdf.set_creation_date(FIXED_DATE)  # the same guide gives the same bytes
    for style, path in (("", fonts[0]), ("B", fonts[1]), ("I", fonts[0])):
        pdf.add_font("jp", style, path, collection_font_number=number(path))
    pdf.set_font("jp", size=10.5)
    pdf.add_page()
    pdf.write_html(html, font_family="jp")
    return bytes(pdf.output())


def manifest(chosen: dict[str, dict[str, Wheel]], version: str, platform: str) -> str:
    return json.dumps({
        "dxreport": version,
        "platform": platform,
        "pythons": {py: {name: w.path.name for name, w in sorted(ws.items())}
                    for py, ws in chosen.items()},
    }, ensure_ascii=False, indent=2) + "\n"


def make_kit(platform: str, out: Path, pythons: Iterable[str] = PYTHONS, pdf: bool = True,
             work: Path | None = None) -> Path:
    with tempfile.TemporaryDirectory(prefix="dxreport-kit-") as tmp:
        base = Path(tmp) if work is None else work
        project_wheel = build_wheel(base)
        version = str(parse_wheel_filename(project_wheel.name)[1])
        name = f"dxreport-kit-{version}-{platform}"
        folder = base / name
        wheels = folder / "wheels"
        wheels.mkdir(parents=True)
        shutil.copy2(project_wheel, wheels)
        chosen: dict[str, dict[str, Wheel]] = {}
        added: list[str] = []
        for py in pythons:
            try:
                chosen[py], added = gather(project_wheel, wheels, Target(platform, py), added)
            except KitError:  # the head start may not suit this Python: resolve from scratch
                chosen[py], added = gather(project_wheel, wheels, Target(platform, py))
        kept = {w.path.name for ws in chosen.values() for w in ws.values()}
        for extra in sorted(p for p in wheels.iterdir() if p.name not in kept):
            extra.unlink()  # downloaded in an earlier round, then superseded
        (folder / "manifest.json").write_text(manifest(chosen, version, platform),
                                              encoding="utf-8")
        control_workbook(base / "src", folder / "dxreport.xlsm")
        install_script(folder, version, platform)
        guide(folder, version, platform, pdf)
        out.mkdir(parents=True, exist_ok=True)
        target = out / f"{name}.zip"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    zf.write(path, path.relative_to(base).as_posix())
        return target


def check_kit(kit: Path, pythons: Iterable[str] = PYTHONS) -> dict[str, dict[str, str]]:
    """Open a kit zip and prove it complete: for each Python, every requirement reachable from
    dxreport (markers evaluated for the kit's platform) has a wheel inside, and the manifest
    names exactly those wheels. Returns {python: {distribution: wheel file}}; raises KitError
    listing every gap."""
    with tempfile.TemporaryDirectory(prefix="dxreport-kit-check-") as tmp:
        with zipfile.ZipFile(kit) as zf:
            zf.extractall(tmp)
        folder = next(Path(tmp).iterdir())
        info = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        files = sorted((folder / "wheels").iterdir())
        problems = [f"not a wheel: {p.name}" for p in files if p.suffix != ".whl"]
        wheels = [Wheel.read(p) for p in files if p.suffix == ".whl"]
        result = {}
        for py in pythons:
            chosen, gaps = closure(wheels, Target(info["platform"], py))
            problems += gaps
            listed = info["pythons"].get(py, {})
            names = {n: w.path.name for n, w in chosen.items()}
            if listed != names:
                problems.append(f"manifest for {py} differs: {listed} != {names}")
            result[py] = names
        if problems:
            raise KitError("incomplete kit " + kit.name + ":\n  " + "\n  ".join(problems))
        return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--platform", default="win_amd64",
                        help="win_amd64 (default), native (this machine), or a wheel tag")
    parser.add_argument("--out", type=Path, default=REPO / "dist")
    parser.add_argument("--python", action="append", dest="pythons",
                        help="CPython versions (default: 3.11 3.12 3.13)")
    parser.add_argument("--no-pdf", action="store_true", help="leave out the PDF guide")
    parser.add_argument("--clean-copy", type=Path, metavar="DIR",
                        help="only copy the checkout's tracked files to DIR (wheel-check)")
    args = parser.parse_args(argv)
    if args.clean_copy is not None:
        clean_copy(args.clean_copy)
        return 0
    platform = native_platform() if args.platform == "native" else args.platform
    started = time.monotonic()
    try:
        kit = make_kit(platform, args.out, args.pythons or PYTHONS, pdf=not args.no_pdf)
        check_kit(kit, args.pythons or PYTHONS)
    except KitError as exc:
        print(f"make kit: {exc}", file=sys.stderr)
        return 1
    print(f"{kit} ({kit.stat().st_size / 1e6:.1f} MB, {time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
