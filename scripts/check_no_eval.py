#!/usr/bin/env python3
"""Fails when `eval(` or `Function(` appears in the linked JavaScript / HTML given as arguments.
The pages' Content-Security-Policy allows WebAssembly ('wasm-unsafe-eval') but not JavaScript
eval: the link's -sDYNAMIC_EXECUTION=0 keeps Emscripten's glue free of it; this checks that
nothing brought it back."""
import re
import sys

PATTERN = re.compile(r"(^|[^A-Za-z0-9_$])(eval|Function)\s*\(")

found = False
for path in sys.argv[1:]:
    with open(path, encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, 1):
            for m in PATTERN.finditer(line):
                found = True
                print(f"{path}:{number}:{line[m.start():m.end() + 60].strip()[:200]}", file=sys.stderr)
if found:
    sys.exit("check_no_eval: eval( or new Function( in the JavaScript above: the CSP "
             "(script-src without 'unsafe-eval') would block it")
