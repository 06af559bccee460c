"""Seeded random traces for the cross-checks, as extended din text. The Swift tests build the
same text from the same parameters (CrossCheckTrace.swift); fnv1a64 of the text is recorded
in dinero_expected.json, so a drift between the two shows up as a hash mismatch."""

MASK = (1 << 64) - 1
SIZES = (1, 2, 4, 8, 16, 32, 64, 128)


def text(seed, count, span, max_size, write_permille, misc_permille=0, maintenance_permille=0,
         instruction_permille=0):
    """`count` accesses within `span` bytes: a hot block, a region an eighth of the span,
    a walk with a 72-byte stride and uniform addresses; sizes up to `max_size` bytes at any
    alignment (so some cross lines); about `write_permille`/1000 of them stores, and of the
    rest about `misc_permille`/1000 misc reads (`m`), and of the remaining reads about
    `instruction_permille`/1000 instruction fetches (`i`); about `maintenance_permille`/1000 records
    are copy-backs (`c`, one in eight of them of the whole cache, size 0) or invalidates (`v`)
    instead. Sizes are hexadecimal, as in din."""
    sizes = [s for s in SIZES if s <= max_size]
    x = (seed * 0x9E3779B97F4A7C15 & MASK) | 1
    walk, out = 0, []
    for _ in range(count):
        x ^= (x << 13) & MASK
        x ^= x >> 7
        x ^= (x << 17) & MASK
        pick = x % 4
        if pick == 0:
            address = (x >> 8) % 256
        elif pick == 1:
            address = (x >> 8) % (span // 8)
        elif pick == 2:
            walk = (walk + 72) % span
            address = walk
        else:
            address = (x >> 8) % span
        size = sizes[(x >> 40) % len(sizes)]
        kind = "w" if (x >> 50) % 1000 < write_permille else "m" if (x >> 20) % 1000 < misc_permille else "r"
        if kind == "r" and (x >> 30) % 1000 < instruction_permille:
            kind = "i"
        if (x >> 10) % 1000 < maintenance_permille:
            kind = "v" if (x >> 5) & 1 else "c"
            if kind == "c" and (x >> 12) % 8 == 0:
                size = 0
        out.append(f"{kind} {address:x} {size:x}\n")
    return "".join(out)


def fnv1a64(data):
    h = 0xCBF29CE484222325
    for byte in data:
        h = ((h ^ byte) * 0x100000001B3) & MASK
    return h
