"""MS-OVBA compression: our compressor against our decompressor and oletools' one."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oletools.olevba import decompress_stream

from dxreport.xlsx.ovba_compression import CHUNK_SIZE, compress, decompress

_rng = random.Random(6)
CASES = {
    "empty": b"",
    "one byte": b"a",
    "exactly one chunk": b"x" * CHUNK_SIZE,
    "one chunk plus one": b"Sub A()\r\nEnd Sub\r\n" * 228 + b"!",
    "repetitive": b"ab" * 10_000,
    "two random chunks (raw)": _rng.randbytes(CHUNK_SIZE * 2),
    "random chunk then text": _rng.randbytes(CHUNK_SIZE) + b"End Sub\r\n" * 50,
}


@pytest.mark.parametrize("data", CASES.values(), ids=CASES.keys())
def test_round_trip_and_oletools_agree(data):
    container = compress(data)
    assert decompress(container) == data
    assert decompress_stream(bytearray(container)) == data


def test_repetitive_data_actually_compresses():
    assert len(compress(b"RunPython " * 1000)) < 400


def test_raw_chunk_is_used_for_incompressible_full_chunk():
    data = random.Random(1).randbytes(CHUNK_SIZE)
    container = compress(data)
    assert len(container) == 1 + 2 + CHUNK_SIZE
    assert container[2] & 0x80 == 0  # CompressedChunkFlag clear


def test_incompressible_short_tail_is_refused_not_padded():
    with pytest.raises(ValueError):
        compress(random.Random(2).randbytes(CHUNK_SIZE + 4000))


def test_spec_example_decompresses_exactly():
    # MS-OVBA 3.2.2 "normal compression" example (its copy tokens pick farther matches than
    # our compressor does on ties, so only the decompression is compared byte for byte).
    container = bytes.fromhex(
        "012fb00023616161626364658266007061676869 6a013808616b6c00306d6e6f70067102700410"
        "72737475761077 78797a003c".replace(" ", "")
    )
    assert decompress(container) == b"#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa"


def test_spec_examples_compress_exactly():
    # MS-OVBA 3.2.1 (no compression possible) and 3.2.3 (maximum compression).
    assert compress(b"abcdefghijklmnopqrstuv.") == (
        b"\x01\x19\xb0\x00abcdefgh\x00ijklmnop\x00qrstuv."
    )
    assert compress(b"a" * 73) == bytes.fromhex("0103b002614500")


def test_bad_signature_is_rejected():
    with pytest.raises(ValueError):
        decompress(b"\x02\x00\x00")


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="Sub EndDim()\r\n'\"xyz0123456789", max_size=9000))
def test_round_trip_on_source_like_text(text):
    data = text.encode("ascii")
    assert decompress(compress(data)) == data
