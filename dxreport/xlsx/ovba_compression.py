"""MS-OVBA 2.4.1 compression: the CompressedContainer format VBA module streams use.

A container is the signature byte 0x01 followed by chunks; each chunk holds up to 4096
decompressed bytes as flag bytes + literal/copy tokens, or 4096 raw bytes. The copy-token
bit split depends on the position inside the chunk (`_copy_token_help`).
"""

from __future__ import annotations

import struct

CHUNK_SIZE = 4096
_SIGNATURE = 0x01
_MAX_CANDIDATES = 256  # hash-chain depth: plenty for source text, keeps the build fast


def _copy_token_help(difference: int) -> tuple[int, int, int]:
    """Return (bit_count, length_mask, maximum_length) for `difference` bytes into a chunk."""
    bit_count = max((difference - 1).bit_length(), 4)
    length_mask = 0xFFFF >> bit_count
    return bit_count, length_mask, length_mask + 3


def _compress_chunk(chunk: bytes) -> bytes:
    out = bytearray()
    pos = 0
    heads: dict[bytes, list[int]] = {}
    n = len(chunk)
    while pos < n:
        flag_index = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if pos >= n:
                break
            best_len, best_off = 0, 0
            if pos > 0 and pos + 3 <= n:
                _, _, max_len = _copy_token_help(pos)
                limit = min(max_len, n - pos)
                for cand in reversed(heads.get(chunk[pos : pos + 3], ())[-_MAX_CANDIDATES:]):
                    length = 3
                    while length < limit and chunk[cand + length] == chunk[pos + length]:
                        length += 1
                    if length > best_len:
                        best_len, best_off = length, pos - cand
                        if length == limit:
                            break
            if best_len >= 3:
                bit_count, _, _ = _copy_token_help(pos)
                token = ((best_off - 1) << (16 - bit_count)) | (best_len - 3)
                out += struct.pack("<H", token)
                flags |= 1 << bit
                step = best_len
            else:
                out.append(chunk[pos])
                step = 1
            for p in range(pos, min(pos + step, n - 2)):
                heads.setdefault(chunk[p : p + 3], []).append(p)
            pos += step
        out[flag_index] = flags
    return bytes(out)


def compress(data: bytes) -> bytes:
    """Compress `data` into an MS-OVBA CompressedContainer."""
    out = bytearray([_SIGNATURE])
    for start in range(0, len(data), CHUNK_SIZE):
        chunk = data[start : start + CHUNK_SIZE]
        body = _compress_chunk(chunk)
        if len(body) <= CHUNK_SIZE:
            header = 0xB000 | (len(body) + 2 - 3)  # flag=1, signature 0b011, size-3
            out += struct.pack("<H", header) + body
        elif len(chunk) == CHUNK_SIZE:
            out += struct.pack("<H", 0x3000 | (CHUNK_SIZE + 2 - 3)) + chunk  # raw chunk
        else:
            # A raw chunk always decompresses to 4096 bytes, so a short incompressible tail
            # cannot be stored exactly. Source text never gets here.
            raise ValueError("incompressible final chunk cannot be stored exactly")
    return bytes(out)


def decompress(container: bytes) -> bytes:
    """Decompress an MS-OVBA CompressedContainer (strict: raises ValueError on bad input)."""
    if not container or container[0] != _SIGNATURE:
        raise ValueError("not a CompressedContainer (signature byte 0x01 missing)")
    out = bytearray()
    pos = 1
    while pos < len(container):
        if pos + 2 > len(container):
            raise ValueError("truncated chunk header")
        (header,) = struct.unpack_from("<H", container, pos)
        size = (header & 0x0FFF) + 3
        if (header >> 12) & 0b111 != 0b011:
            raise ValueError(f"bad chunk signature at offset {pos}")
        compressed = bool(header & 0x8000)
        end = min(pos + size, len(container))
        pos += 2
        chunk_start = len(out)
        if not compressed:
            out += container[pos : pos + CHUNK_SIZE]
            pos += CHUNK_SIZE
            continue
        while pos < end:
            flags = container[pos]
            pos += 1
            for bit in range(8):
                if pos >= end:
                    break
                if not flags & (1 << bit):
                    out.append(container[pos])
                    pos += 1
                    continue
                (token,) = struct.unpack_from("<H", container, pos)
                pos += 2
                bit_count, length_mask, _ = _copy_token_help(len(out) - chunk_start)
                length = (token & length_mask) + 3
                offset = (token >> (16 - bit_count)) + 1
                src = len(out) - offset
                if src < chunk_start:
                    raise ValueError("copy token points before its chunk")
                for i in range(length):  # may overlap its own output
                    out.append(out[src + i])
    return bytes(out)
