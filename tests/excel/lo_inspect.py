"""Open a workbook in LibreOffice (headless, via UNO) and print what it sees as JSON.

Run with the system Python that has python3-uno: `/usr/bin/python3 lo_inspect.py FILE PROFILE`.
Prints {"modules": {library: {module: source}}, "buttons": [{"label", "events"}], "sheets": [...]}.
"""

import contextlib
import json
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def main(path, profile):
    pipe = f"dxreport_lo_{os.getpid()}"
    proc = subprocess.Popen(
        [
            "soffice",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "-env:UserInstallation=file://" + profile,
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        ctx = None
        for _ in range(120):
            try:
                ctx = resolver.resolve(
                    f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext"
                )
                break
            except Exception:
                time.sleep(0.5)
        if ctx is None:
            raise SystemExit("soffice did not start")
        desktop = ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", ctx
        )
        url = uno.systemPathToFileUrl(os.path.abspath(path))
        doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
        result = {"modules": {}, "buttons": [], "sheets": list(doc.Sheets.ElementNames)}
        libs = doc.BasicLibraries
        for lib_name in libs.ElementNames:
            libs.loadLibrary(lib_name)
            lib = libs.getByName(lib_name)
            result["modules"][lib_name] = {m: lib.getByName(m) for m in lib.ElementNames}
        for sheet_name in doc.Sheets.ElementNames:
            forms = doc.Sheets.getByName(sheet_name).DrawPage.Forms
            for fi in range(forms.Count):
                form = forms.getByIndex(fi)
                for ci in range(form.Count):
                    control = form.getByIndex(ci)
                    events = [
                        {"listener": e.ListenerType, "method": e.EventMethod,
                         "type": e.ScriptType, "code": e.ScriptCode}
                        for e in form.getScriptEvents(ci)
                    ]
                    label = getattr(control, "Label", None)
                    result["buttons"].append(
                        {"sheet": sheet_name, "label": label, "events": events}
                    )
        doc.close(True)
        print(json.dumps(result, ensure_ascii=False))
    finally:
        with contextlib.suppress(Exception):
            desktop.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
