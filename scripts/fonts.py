#!/usr/bin/env python3
"""The web build's UI fonts, cut down by fontTools (python3-fonttools) to what the UI shows.
  fonts.py hangul SRC_DIR OUT.txt
      the Hangul (syllables and jamo) used by every src/app/**/*.inc and *.cpp, recursively,
      plus ASCII, as a fontTools --unicodes-file; rewritten only when the set changes
  fonts.py subset FONT OUT [fontTools.subset options...]
      fontTools.subset without hinting and layout features; OUT is only rewritten when the
      subset's bytes change
Run it with Debian's /usr/bin/python3 (the one that has fontTools)."""
import glob
import logging
import os
import sys
import tempfile


def write_if_changed(path, data):
    if os.path.exists(path):
        with open(path, "rb") as f:
            if f.read() == data:
                return
    with open(path, "wb") as f:
        f.write(data)


def is_korean(c):
    return 0xAC00 <= ord(c) <= 0xD7A3 or 0x3131 <= ord(c) <= 0x318E


def hangul(src, out):
    chars = set()
    for pattern in ("*.inc", "*.cpp"):
        for path in glob.glob(os.path.join(src, "**", pattern), recursive=True):
            with open(path, encoding="utf-8") as f:
                chars.update(c for c in f.read() if is_korean(c))
    text = "U+0020-007E " + " ".join("U+%04X" % ord(c) for c in sorted(chars)) + "\n"
    write_if_changed(out, text.encode("utf-8"))


def subset(font, out, options):
    from fontTools import subset as fts
    logging.disable(logging.WARNING)  # its notes on dropped tables, as the old 2>/dev/null
    with tempfile.TemporaryDirectory() as tmp:
        tmp_out = os.path.join(tmp, os.path.basename(out))
        fts.main([font, "--no-hinting", "--layout-features=", f"--output-file={tmp_out}", *options])
        with open(tmp_out, "rb") as f:
            write_if_changed(out, f.read())


def main(argv):
    if len(argv) == 3 and argv[0] == "hangul":
        hangul(argv[1], argv[2])
    elif len(argv) >= 3 and argv[0] == "subset":
        subset(argv[1], argv[2], argv[3:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
