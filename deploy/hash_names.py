#!/usr/bin/env python3
"""Copies a built site (dist/) into a hosting directory with content-hashed file names.

    deploy/hash_names.py DIST OUT [--csp-map FILE] [--no-gzip] [--manifest FILE] [--prune DAYS]

Every asset (*.js, *.wasm, *.css, *.cnnd, *.cnnw: index.js, index.wasm, embed.js, embed.css,
embed_setup.js, mnist-train.cnnd, two-stage.cnnw, and any new one) is written as NAME.<12 hex of its SHA-256>.EXT,
so a server can cache it for a year (deploy/nginx/cnn-demo.conf); the pages keep their names and
are revalidated. References are rewritten where the files are loaded:

  - in a page, only in src="..." / href="..." attributes (index.html's <script src="index.js">,
    embed.html's scripts and stylesheet). Inline <script>/<style> content is never touched: the
    Content-Security-Policy pins it by SHA-256 (this is checked);
  - in JavaScript, quoted string literals that are exactly a file name: Emscripten's
    wasmBinaryFile="index.wasm" (resolved by locateFile against index.js's own URL) and the Train
    tab's fetch("mnist-train.cnnd") and the models fetched on demand (Module.cnnModelUrls'
    "two-stage.cnnw"), both resolved against the page. Messages that merely mention
    index.wasm are left as they are;
  - in CSS, url(...).

An asset is hashed after the assets it refers to, so index.js's name covers the wasm's and the
data file's. Pages that load none of the assets (the self-contained cnn-demo.html) and other files
(the SCORM zip) are copied byte for byte. With gzip on (the default), each page and asset also
gets NAME.gz beside it (level 9, fixed timestamp) for nginx's gzip_static.

OUT may be the live directory: assets are written first and each page last (atomically, by
rename), so a student loading the page during a deploy never gets a page whose files are missing.
Old hashed files are left in place for pages that are still loading; --prune DAYS deletes those
of earlier builds once they are older than DAYS days.

--csp-map FILE writes, for nginx's map (deploy/nginx/cnn-demo.conf), each page's policy exactly
as its <meta http-equiv="Content-Security-Policy"> says (default: OUT.csp.map beside OUT).
"""
import argparse
import base64
import gzip
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import time

ASSET_EXTS = ('.js', '.wasm', '.css', '.cnnd', '.cnnw')
PAGE_EXTS = ('.html',)
GZIP_EXTS = ASSET_EXTS + PAGE_EXTS
HASH_LEN = 12
INLINE = re.compile(r'<(script|style)\b([^>]*)>(.*?)</\1\s*>', re.S | re.I)
META_CSP = re.compile(r'<meta\s+http-equiv=["\']Content-Security-Policy["\']\s+content="([^"]*)"', re.I)


def hashed_name(name, data):
    stem, ext = os.path.splitext(name)
    return '%s.%s%s' % (stem, hashlib.sha256(data).hexdigest()[:HASH_LEN], ext)


def patterns(kind, name):
    """Regexes whose group 'ref' is a reference to `name` in a file of `kind`."""
    n = r'(?:\./)?' + re.escape(name)
    if kind == 'html':
        return [re.compile(r'(?<![\w-])(?:src|href)\s*=\s*(["\'])(?P<ref>' + n + r')\1', re.I)]
    if kind == 'css':
        return [re.compile(r'url\(\s*(["\']?)(?P<ref>' + n + r')\1\s*\)')]
    return [re.compile(r'(["\'])(?P<ref>' + n + r')\1')]


def kind_of(name):
    ext = os.path.splitext(name)[1]
    return {'.html': 'html', '.css': 'css', '.js': 'js'}.get(ext)


def rewrite(kind, text, renames):
    """Replaces references to the keys of `renames`; returns (text, {name: count})."""
    counts = {}
    for old, new in renames.items():
        for rx in patterns(kind, old):
            def sub(m, old=old, new=new):
                start, end = m.start('ref') - m.start(), m.end('ref') - m.start()
                ref = m.group('ref')
                counts[old] = counts.get(old, 0) + 1
                return m.group(0)[:start] + ref[:len(ref) - len(old)] + new + m.group(0)[end:]  # keeps ./
            text = rx.sub(sub, text)
    return text, counts


def inline_digests(html):
    """SHA-256 (as in a CSP source) of every inline script and style, in order."""
    out = []
    for tag, attrs, body in INLINE.findall(html):
        if tag.lower() == 'script' and re.search(r'\bsrc\s*=', attrs, re.I):
            continue
        out.append(base64.b64encode(hashlib.sha256(body.encode('utf-8')).digest()).decode())
    return out


def write_atomic(path, data):
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix='.tmp-')
    with os.fdopen(fd, 'wb') as f:
        f.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def write_gzip(path, data, enabled=True):
    """Writes path.gz when it is smaller; otherwise removes a stale one (nginx would serve it)."""
    gz = gzip.compress(data, compresslevel=9, mtime=0) if enabled else None
    if gz is not None and len(gz) < len(data):
        write_atomic(path + '.gz', gz)
        return len(gz)
    if os.path.exists(path + '.gz'):
        os.remove(path + '.gz')
    return None


def nginx_string(value, what):
    if re.search(r'["\\$\n{}]', value):
        sys.exit('hash_names: %s contains a character nginx would misread: %r' % (what, value))
    return '"%s"' % value


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('dist')
    ap.add_argument('out')
    ap.add_argument('--csp-map', help='nginx map entries for each page\'s CSP (default: OUT.csp.map)')
    ap.add_argument('--manifest', help='write {original name: hosted name} as JSON to this file')
    ap.add_argument('--no-gzip', action='store_true', help='do not write .gz files')
    ap.add_argument('--prune', type=float, metavar='DAYS',
                    help='delete hashed files of earlier builds that are older than DAYS days')
    a = ap.parse_args()
    dist, out = os.path.abspath(a.dist), os.path.abspath(a.out)
    if not os.path.isfile(os.path.join(dist, 'index.html')):
        sys.exit('hash_names: %s/index.html missing: build the site first (./build_wasm.sh)' % dist)
    if out == dist:
        sys.exit('hash_names: OUT must not be DIST')
    os.makedirs(out, exist_ok=True)
    os.chmod(out, 0o755)

    names = sorted(n for n in os.listdir(dist) if os.path.isfile(os.path.join(dist, n)) and not n.startswith('.'))
    data = {}
    for n in names:
        with open(os.path.join(dist, n), 'rb') as f:
            data[n] = f.read()
    assets = [n for n in names if n.endswith(ASSET_EXTS)]
    pages = [n for n in names if n.endswith(PAGE_EXTS)]

    # Which asset refers to which (only text assets can refer to anything).
    deps = {}
    for n in assets:
        k = kind_of(n)
        text = data[n].decode('utf-8') if k else ''
        deps[n] = {m for m in assets if m != n and k and any(rx.search(text) for rx in patterns(k, m))}

    renames, done, refs = {}, set(), {}
    while len(done) < len(assets):
        ready = [n for n in assets if n not in done and deps[n] <= done]
        if not ready:
            sys.exit('hash_names: assets refer to each other in a cycle: %s' % sorted(set(assets) - done))
        for n in ready:
            body = data[n]
            k = kind_of(n)
            if k and deps[n]:
                text, counts = rewrite(k, body.decode('utf-8'), {m: renames[m] for m in deps[n]})
                for m, c in counts.items():
                    refs.setdefault(m, []).append('%s x%d' % (n, c))
                body = text.encode('utf-8')
            renames[n] = hashed_name(n, body)
            data[n] = body
            done.add(n)

    csp_lines = []
    page_bodies = {}
    for n in pages:
        raw = data[n]
        try:
            html = raw.decode('utf-8')
        except UnicodeDecodeError:
            page_bodies[n] = raw
            continue
        new, counts = rewrite('html', html, renames)
        if inline_digests(new) != inline_digests(html):
            sys.exit('hash_names: rewriting %s changed its inline code (its CSP hashes would break)' % n)
        for m, c in counts.items():
            refs.setdefault(m, []).append('%s x%d' % (n, c))
        page_bodies[n] = new.encode('utf-8')
        metas = META_CSP.findall(html)
        if len(metas) > 1:
            sys.exit('hash_names: %s has more than one CSP meta tag' % n)
        if metas:
            csp = metas[0].replace('&#39;', "'").replace('&quot;', '"').replace('&amp;', '&')
            if not re.fullmatch(r'[A-Za-z0-9_.-]+', n):
                sys.exit('hash_names: page name %r needs quoting in nginx; rename it' % n)
            csp_lines.append('    %-28s %s;' % ('~(^|/)%s$' % n.replace('.', r'\.'), nginx_string(csp, n + "'s CSP")))

    unreferenced = [n for n in assets if n not in refs]
    for n in unreferenced:
        print('hash_names: warning: nothing loads %s by a literal name; it is hosted as %s'
              % (n, renames[n]), file=sys.stderr)

    # Assets first, then the other files, pages last: a page never names a file that is not there yet.
    sizes = []
    gz = not a.no_gzip
    for n in assets:
        path = os.path.join(out, renames[n])
        write_atomic(path, data[n])
        sizes.append((n, renames[n], len(data[n]), write_gzip(path, data[n], gz)))
    for n in names:
        if n in assets or n in pages:
            continue
        write_gzip(os.path.join(out, n), b'', False)  # no stale NAME.gz beside a copied file
        shutil.copyfile(os.path.join(dist, n), os.path.join(out, n) + '.tmp')
        os.chmod(os.path.join(out, n) + '.tmp', 0o644)
        os.replace(os.path.join(out, n) + '.tmp', os.path.join(out, n))
        sizes.append((n, n, len(data[n]), None))
    for n in pages:
        path = os.path.join(out, n)
        gzlen = write_gzip(path, page_bodies[n], gz)  # the .gz first, then the page
        write_atomic(path, page_bodies[n])
        sizes.append((n, n, len(page_bodies[n]), gzlen))

    if a.prune is not None:
        current = {h for _, h, _, _ in sizes}
        hashed = re.compile(r'.+\.[0-9a-f]{%d}(%s)(\.gz)?$' % (HASH_LEN, '|'.join(re.escape(e) for e in ASSET_EXTS)))
        for n in sorted(os.listdir(out)):
            path = os.path.join(out, n)
            if (hashed.fullmatch(n) and n not in current and n[:-3] not in current and os.path.isfile(path)
                    and os.path.getmtime(path) < time.time() - a.prune * 86400):
                os.remove(path)
                print('pruned %s' % n)

    csp_map = a.csp_map or out.rstrip('/') + '.csp.map'
    os.makedirs(os.path.dirname(os.path.abspath(csp_map)), exist_ok=True)
    with open(csp_map, 'w') as f:
        f.write('# Written by deploy/hash_names.py from %s: each page\'s Content-Security-Policy as its\n'
                '# <meta http-equiv> carries it; included by deploy/nginx/cnn-demo.conf\'s map.\n' % dist)
        f.write('\n'.join(csp_lines) + '\n')
    if a.manifest:
        with open(a.manifest, 'w') as f:
            json.dump({n: h for n, h, _, _ in sizes}, f, indent=1, sort_keys=True)

    for n, h, size, gzlen in sizes:
        print('%-24s -> %-34s %10d bytes%s' % (n, h, size, '' if gzlen is None else ', gzip %d' % gzlen))
    for m in sorted(refs):
        print('  %s referenced by %s' % (m, ', '.join(refs[m])))
    print('CSP of %d page(s) -> %s' % (len(csp_lines), csp_map))


if __name__ == '__main__':
    main()
