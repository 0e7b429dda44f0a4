"""The reversible "Data Encryption" of MS-OVBA §2.4.3, for the CMG, DPB and GC lines.

The PROJECT stream stores the protection state (CMG), the password (DPB) and the visibility
(GC) of a VBA project obfuscated with a key derived from the project's own `ID="{...}"`:
the key is the sum of the ID's bytes, braces included, modulo 256. Copying another project's
lines therefore gives values that decrypt under the wrong key; encrypting with our own ID
gives what Excel itself would write for the same state.

Excel draws the seed at random; we take it as a parameter so that a build is reproducible.
The 0–3 "ignored" bytes may hold anything (the reader skips them); we repeat the seed, as
values Excel wrote are seen to do.
"""

from __future__ import annotations

import struct

VERSION = 2  # §2.4.3.2: Version MUST be 2


def project_key(project_id: str) -> int:
    """ProjKey: the bytes of the ID as written in the PROJECT stream, summed modulo 256."""
    return sum(project_id.encode("ascii")) & 0xFF


def encrypt(project_id: str, data: bytes, seed: int) -> str:
    """The hex text (upper case, as in the PROJECT stream) of `data` encrypted for the ID."""
    if not 0 <= seed <= 0xFF:
        raise ValueError(f"seed must be one byte, got {seed}")
    key = project_key(project_id)
    version_enc = seed ^ VERSION
    key_enc = seed ^ key
    out = bytearray((seed, version_enc, key_enc))
    unencrypted_1, encrypted_1, encrypted_2 = key, key_enc, version_enc
    ignored = bytes([seed]) * ((seed & 6) // 2)
    for byte in ignored + struct.pack("<I", len(data)) + data:
        byte_enc = byte ^ ((encrypted_2 + unencrypted_1) & 0xFF)
        out.append(byte_enc)
        encrypted_2, encrypted_1, unencrypted_1 = encrypted_1, byte_enc, byte
    return out.hex().upper()
