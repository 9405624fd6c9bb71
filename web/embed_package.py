#!/usr/bin/env python3
"""Embedding outputs of build_wasm.sh (docs/embedding.md), from the linked builds:
  dist/embed.html (+ embed.css, embed_setup.js, embed.js)   iframe page over dist/index.js
  dist/cnn-demo.html           one self-contained file (the -sSINGLE_FILE=1 link), CSS inlined, the
                               Train tab's data and the models fetched on demand gzip-compressed in
                               base64 (read with DecompressionStream),
                               its Content-Security-Policy pinned to the hashes of its inline code
  dist/cnn-demo-scorm12.zip    SCORM 1.2 package: imsmanifest.xml + the whole site as separate files
                               (embed.html is the SCO; index.js, index.wasm, mnist-train.cnnd, the
                               models fetched on demand, ...)
Usage: embed_package.py WEB_DIR SINGLE_HTML DIST_DIR [NAME=MODEL_FILE ...] (the models fetched on
demand, CNN_MODELS after the first, their files in DIST_DIR). Files are only rewritten when they change.
CNN_SCORM_MASTERY (environment, default 80; empty: none) is the manifest's adlcp:masteryscore: with
it the package reports passed/failed, without it completed."""
import base64
import gzip
import hashlib
import os
import re
import sys
import zipfile

web, single, dist = sys.argv[1:4]
fetched = [arg.split("=", 1) for arg in sys.argv[4:]]  # [name, path in dist/]
assert all(len(f) == 2 and os.path.dirname(os.path.abspath(f[1])) == os.path.abspath(dist) for f in fetched), \
    "embed_package.py: each model is NAME=FILE with FILE in DIST_DIR"


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def write_if_changed(path, data):
    data = data.encode("utf-8") if isinstance(data, str) else data
    if os.path.exists(path) and open(path, "rb").read() == data:
        return
    with open(path, "wb") as f:
        f.write(data)


def sha256(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


# 1. embed.html: the template's {{{ SCRIPT }}} → the set-up, the Emscripten runtime, the protocol.
template = read(os.path.join(web, "embed.html"))
# In order, not async: embed.js needs window.CNNDemo, which index.js defines when it runs.
scripts = ('<script src="embed_setup.js"></script>\n<script src="index.js"></script>\n'
           '<script src="embed.js"></script>')
write_if_changed(os.path.join(dist, "embed.html"), template.replace("{{{ SCRIPT }}}", scripts))


# The bytes fetched before CNNDemo.ready are counted (docs/web-demo.md, issue 17's 1.1 MB):
# index.html's inline style and embed_setup.js ship without their comments (the sources keep them).
def without_css_comments(css):
    return re.sub(r"[ \t]*/\*.*?\*/[ \t]*\n?", "", css, flags=re.S)


def without_js_comment_lines(js):
    return "".join(line for line in js.splitlines(True) if not line.lstrip().startswith("//"))


for name in ("embed.css", "embed_setup.js", "embed.js"):
    text = read(os.path.join(web, name))
    write_if_changed(os.path.join(dist, name), without_js_comment_lines(text) if name == "embed_setup.js" else text)

# 2. cnn-demo.html: inline the stylesheet, pin the CSP to the inline script and style.
html = read(single)
css = read(os.path.join(web, "embed.css"))
html = html.replace('<link rel="stylesheet" href="embed.css">', "<style>" + css + "</style>")
script_hashes = [sha256(m) for m in re.findall(r"<script(?![^>]*\b(?:src|type)=)[^>]*>(.*?)</script>", html, re.S)]
style_hashes = [sha256(m) for m in re.findall(r"<style[^>]*>(.*?)</style>", html, re.S)]
csp = ("default-src 'none'; script-src " + " ".join(script_hashes) + " 'wasm-unsafe-eval'; style-src " +
       " ".join(style_hashes) + "; img-src data:; connect-src data:; worker-src blob:; base-uri 'none'; form-action 'none'")
# worker-src blob:: the training worker starts from a Blob of its inlined text (below).
# connect-src data:: Emscripten 3.1.6's glue fetch()es the inlined wasm (a data: URI) first.
html, n = re.subn(r'(<meta http-equiv="Content-Security-Policy" content=")[^"]*(">)',
                  lambda m: m.group(1) + csp + m.group(2), html, count=1)
assert n == 1, "embed.html lost its Content-Security-Policy meta tag"
# The Train tab's data (web/cnn_demo_lms.js reads it): not script, so the CSP needs no hash for it.
# The models fetched on demand likewise, as cnn-model-NAME (web/cnn_demo_lms.js, Module.cnnInlined).
def inlined(element_id, path):
    with open(path, "rb") as f:
        packed = gzip.compress(f.read(), compresslevel=9, mtime=0)
    return ('<script type="application/octet-stream" id="%s">' % element_id +
            base64.b64encode(packed).decode("ascii") + "</script>\n")
data_tag = inlined("cnn-train-data", os.path.join(dist, "mnist-train.cnnd"))
data_tag += "".join(inlined("cnn-model-" + name, path) for name, path in fetched)
assert "</body>" in html
# The training worker (dist/train_worker.js, its wasm inlined): text, started from a Blob URL.
worker_js = read(os.path.join(dist, "train_worker.js"))
assert "</script" not in worker_js, "train_worker.js would end its inline tag"
worker_tag = '<script type="text/plain" id="cnn-train-worker">' + worker_js + "</script>\n"
html = html.replace("<noscript>", data_tag + worker_tag + "<noscript>", 1)
single_out = os.path.join(dist, "cnn-demo.html")
write_if_changed(single_out, html)

# 3. SCORM 1.2: one SCO, embed.html, with the whole site beside it as separate files (an LMS
#    serves every file of a package), so the Train tab fetches mnist-train.cnnd as on the web.
site = ["embed.html", "embed.css", "embed_setup.js", "index.js", "index.wasm", "embed.js", "mnist-train.cnnd",
        "train_worker.js"]
site += [os.path.basename(path) for _, path in fetched]
mastery = os.environ.get("CNN_SCORM_MASTERY", "80").strip()
assert mastery == "" or (mastery.isdigit() and 0 <= int(mastery) <= 100), "CNN_SCORM_MASTERY: 0..100 or empty"
mastery_tag = "\n        <adlcp:masteryscore>" + mastery + "</adlcp:masteryscore>" if mastery else ""
files = "\n".join('      <file href="%s"/>' % name for name in site)
manifest = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="cnn-demo-scorm12" version="1.0"
          xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
          xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd
                              http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd
                              http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="cnn-demo-org">
    <organization identifier="cnn-demo-org">
      <title>Inside a CNN: draw a digit</title>
      <item identifier="cnn-demo-item" identifierref="cnn-demo-sco" isvisible="true">
        <title>Inside a CNN: draw a digit and watch the network classify it</title>%s
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="cnn-demo-sco" type="webcontent" adlcp:scormtype="sco" href="embed.html">
%s
    </resource>
  </resources>
</manifest>
""" % (mastery_tag, files)
zip_path = os.path.join(dist, "cnn-demo-scorm12.zip")
entries = [("imsmanifest.xml", manifest.encode("utf-8"))] + [(n, open(os.path.join(dist, n), "rb").read()) for n in site]
def zip_differs():
    if not os.path.exists(zip_path):
        return True
    z = zipfile.ZipFile(zip_path)
    return sorted(z.namelist()) != sorted(n for n, _ in entries) or any(z.read(n) != d for n, d in entries)
if zip_differs():
    tmp = zip_path + ".tmp"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))  # reproducible
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    os.replace(tmp, zip_path)

# 4. index.html (web/shell.html) gets the same policy: its inline style (and any inline script
#    or handler) pinned by hash, everything else from the site itself (it loads the embed
#    page's Module set-up, embed_setup.js).
index = os.path.join(dist, "index.html")
page = read(index)
if "Content-Security-Policy" not in page:
    page = re.sub(r"(<style[^>]*>)(.*?)(</style>)", lambda m: m.group(1) + without_css_comments(m.group(2)) + m.group(3),
                  page, flags=re.S)
    scripts = [sha256(m) for m in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", page, re.S)]
    styles = [sha256(m) for m in re.findall(r"<style[^>]*>(.*?)</style>", page, re.S)]
    handlers = [sha256(m) for m in re.findall(r'\son[a-z]+="([^"]*)"', page)]
    script_src = ["'self'"] + scripts + (["'unsafe-hashes'"] + handlers if handlers else []) + ["'wasm-unsafe-eval'"]
    policy = ("default-src 'none'; script-src " + " ".join(script_src) + "; style-src " + " ".join(["'self'"] + styles) +
              "; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'")
    page = page.replace('<meta charset="utf-8">',
                        '<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="' + policy + '">', 1)
    write_if_changed(index, page)
