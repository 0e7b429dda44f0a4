"""dxreport: populate, validate and consolidate the prefecture's yearly DX progress survey."""

__version__ = "0.1.0"
