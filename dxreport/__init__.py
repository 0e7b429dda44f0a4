"""dxreport: populate, validate and consolidate the prefecture's yearly DX progress survey."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # The version is the installed distribution's (pyproject.toml is its one source); looked up
    # on demand, so that importing dxreport (every validation worker does) never pays for it.
    if name == "__version__":
        from dxreport.resources import version

        return version()
    raise AttributeError(f"module 'dxreport' has no attribute {name!r}")
