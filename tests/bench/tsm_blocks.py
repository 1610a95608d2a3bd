#!/usr/bin/env python3
"""TSM block survival (issue 19): of the TSM files under AFTER, how many bytes are blocks whose
exact bytes a TSM file under BEFORE holds too (matched by SHA-1 of the block), so what a link
storing new TSM files as references to blocks the chain holds would still have to store: the new
and rewritten blocks, each file's header, index and footer.

Usage: tsm_blocks.py BEFORE_DIR AFTER_DIR   (two copies of an influxd data directory)
Prints one line of key=value pairs."""
import hashlib
import os
import struct
import sys


def tsm_files(root):
    found = []
    for d, _, names in os.walk(root):
        found += [os.path.join(d, n) for n in names if n.endswith(".tsm")]
    return sorted(found)


def blocks(path):
    """(size, digest) of every block in the file's index, and the file's size."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\x16\xd1\x16\xd1":
        raise SystemExit(f"{path}: not a TSM file")
    pos = struct.unpack(">Q", data[-8:])[0]
    end = len(data) - 8
    out = []
    while pos < end:
        (key_len,) = struct.unpack(">H", data[pos:pos + 2])
        pos += 2 + key_len + 1
        (count,) = struct.unpack(">H", data[pos:pos + 2])
        pos += 2
        for _ in range(count):
            _, _, offset, size = struct.unpack(">qqQI", data[pos:pos + 28])
            pos += 28
            out.append((size, hashlib.sha1(data[offset:offset + size]).digest()))
    return out, len(data)


def main():
    before, after = sys.argv[1], sys.argv[2]
    held = set()
    before_bytes = 0
    before_names = set()
    for path in tsm_files(before):
        bl, size = blocks(path)
        before_bytes += size
        before_names.add(os.path.relpath(path, before))
        held.update(digest for _, digest in bl)
    total = same = new_files = count = kept = 0
    for path in tsm_files(after):
        bl, size = blocks(path)
        total += size
        if os.path.relpath(path, after) not in before_names:
            new_files += size
        for block_size, digest in bl:
            count += 1
            if digest in held:
                same += block_size
                kept += 1
    print(f"before_mib={before_bytes / 2**20:.1f} after_mib={total / 2**20:.1f} "
          f"blocks={count} blocks_kept={kept} kept_pct={100 * same / max(total, 1):.1f} "
          f"new_file_mib={new_files / 2**20:.1f} reference_link_mib={(total - same) / 2**20:.2f} "
          f"reference_link_pct={100 * (total - same) / max(total, 1):.1f}")


if __name__ == "__main__":
    main()
