"""The protection lines of the control workbook's VBA project decrypt, under our own project ID,
to what a project open to anyone holds (MS-OVBA §2.4.3, §2.3.1.15-17).

The decryption is written here from the specification, independently of the encrypter in
`dxreport.xlsx.ovba_encryption` (oletools reads these lines but does not decrypt them).
"""

from __future__ import annotations

import io
import re
import zipfile

import olefile
import pytest

from dxreport.xlsx.ovba_encryption import encrypt

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def decrypt(hex_text: str) -> tuple[int, int, bytes]:
    """(version, project key, data) of one encrypted value (MS-OVBA §2.4.3.3)."""
    buf = bytes.fromhex(hex_text)
    seed, version_enc, key_enc = buf[:3]
    key = seed ^ key_enc
    unencrypted_1, encrypted_1, encrypted_2 = key, key_enc, version_enc
    plain = bytearray()
    for byte_enc in buf[3:]:
        byte = byte_enc ^ ((encrypted_2 + unencrypted_1) & 0xFF)
        plain.append(byte)
        encrypted_2, encrypted_1, unencrypted_1 = encrypted_1, byte_enc, byte
    ignored = (seed & 6) // 2
    length = int.from_bytes(plain[ignored : ignored + 4], "little")
    data = bytes(plain[ignored + 4 :])
    assert length == len(data), "DataLength disagrees with the data that follows"
    return seed ^ version_enc, key, data


def key_of(project_id: str) -> int:
    return sum(project_id.encode("ascii")) % 256


def _project_lines(xlsm: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(xlsm)) as z:
        ole = olefile.OleFileIO(io.BytesIO(z.read("xl/vbaProject.bin")))
    text = ole.openstream("PROJECT").read().decode("ascii")
    head = text.split("\r\n\r\n", 1)[0]  # the ProjectProperties, before [Host Extender Info]
    return dict(re.findall(r'^(ID|CMG|DPB|GC)="([^"]*)"', head, re.M))


def test_protection_lines_decrypt_under_our_project_id(built):
    lines = _project_lines(built[0])
    key = key_of(lines["ID"])
    state = {name: decrypt(lines[name]) for name in ("CMG", "DPB", "GC")}
    assert state == {
        "CMG": (2, key, bytes(4)),  # ProjectProtectionState: no user, host or VBE lock
        "DPB": (2, key, b"\x00"),  # ProjectPassword: none
        "GC": (2, key, b"\xff"),  # ProjectVisibilityState: visible
    }


def test_the_lines_once_copied_from_xlwings_belong_to_another_project(built):
    # What the workbook carried before: the same state, but under a key that is not ours.
    copied = {"CMG": "8D8FA61394EA98EA98EA98EA98", "DPB": "8D8FA61394EF95EF95EF",
              "GC": "8D8FA61394EF95EF9510"}
    ours = key_of(_project_lines(built[0])["ID"])
    for hex_text in copied.values():
        version, key, _ = decrypt(hex_text)
        assert version == 2 and key != ours


def test_encrypter_reproduces_a_value_excel_wrote():
    # An ID and CMG pair from an Excel-saved PROJECT stream (quoted in EZForever/Things,
    # ovba_enc.py): the seed 0x17, three ignored bytes, state 0.
    project_id = "{9E76F5A0-DAC8-4521-BCEF-644697F88708}"
    excel_cmg = "1715EF1A11262C2A2C2A2C2A2C2A"
    assert decrypt(excel_cmg) == (2, key_of(project_id), bytes(4))
    assert encrypt(project_id, bytes(4), 0x17) == excel_cmg


@pytest.mark.parametrize("seed", [0x00, 0x02, 0x04, 0x06, 0x8D, 0xFF])
def test_every_ignored_length_round_trips(seed):
    project_id = "{6B0C1D1E-2F3A-4D5B-8C6D-7E8F9A0B1C2D}"
    data = bytes(range(29))  # the size of a password hash (§2.3.1.16)
    assert decrypt(encrypt(project_id, data, seed)) == (2, key_of(project_id), data)
