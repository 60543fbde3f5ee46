#!/usr/bin/env python3
"""gen_mp3.py OUT.mp3 [FRAMES] [--id3 ARTIST TITLE] [--seed N]
Writes a syntactically valid MPEG-1 Layer III file (128 kbps, 44.1 kHz, joint stereo):
each 417-byte frame = header FF FB 90 64 + 32 zero side-info bytes + pseudo-random payload
(so byte comparisons are meaningful).  MP3::Info reports 128 kbps / 44100 Hz.
With --id3, an ID3v1 tag (ARTIST/TITLE) is appended (MP3::Napster then shares it as
"ARTIST - TITLE.mp3")."""
import random, struct, sys
a = sys.argv[1:]
out = a.pop(0)
frames = int(a.pop(0)) if a and a[0].isdigit() else 800
artist = title = None
seed = 1
while a:
    o = a.pop(0)
    if o == "--id3":
        artist, title = a.pop(0), a.pop(0)
    elif o == "--seed":
        seed = int(a.pop(0))
rnd = random.Random(seed)
hdr = bytes([0xFF, 0xFB, 0x90, 0x64])  # MPEG1 L3, no CRC, 128k, 44.1k, no pad, joint stereo
flen = 144 * 128000 // 44100           # 417
with open(out, "wb") as f:
    for i in range(frames):
        f.write(hdr + bytes(32) + rnd.randbytes(flen - 4 - 32))
    if artist is not None:
        def fld(s, n): return s.encode("latin-1")[:n].ljust(n, b"\0")
        f.write(b"TAG" + fld(title, 30) + fld(artist, 30) + fld("", 30) + b"2026" + fld("", 30) + bytes([255]))
print(out, frames * flen + (128 if artist else 0))
