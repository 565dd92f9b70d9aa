#!/usr/bin/env python3
"""Makes an EPUB 3 book for benchmarks: a text repeated N times, one
chapter per spine item (split at 'CHAPTER '), deflated as books are.

    scripts/make_epub.py TEXT COPIES OUT.epub
"""
import html
import sys
import zipfile

text_path, copies, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
text = open(text_path, encoding="utf-8-sig").read().replace("\r\n", "\n") * copies
chapters = text.split("CHAPTER ")
with zipfile.ZipFile(out, "w") as z:
    z.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
    z.writestr("META-INF/container.xml", '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>', compress_type=zipfile.ZIP_DEFLATED)
    manifest, spine, nav = [], [], []
    for i, chapter in enumerate(chapters):
        body = "".join(f"<p>{html.escape(p)}</p>\n" for p in chapter.split("\n\n"))
        z.writestr(f"c{i}.xhtml", f"<html><body><h1>Chapter {i}</h1>{body}</body></html>", compress_type=zipfile.ZIP_DEFLATED)
        manifest.append(f'<item id="c{i}" href="c{i}.xhtml" media-type="application/xhtml+xml"/>')
        spine.append(f'<itemref idref="c{i}"/>')
        nav.append(f'<li><a href="c{i}.xhtml">Chapter {i}</a></li>')
    z.writestr("nav.xhtml", '<html xmlns:epub="http://www.idpf.org/2007/ops"><body><nav epub:type="toc"><ol>' + "".join(nav) + "</ol></nav></body></html>", compress_type=zipfile.ZIP_DEFLATED)
    z.writestr("content.opf", '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">bench</dc:identifier><dc:title>Moby Dick in one volume</dc:title><dc:language>en</dc:language></metadata><manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>' + "".join(manifest) + "</manifest><spine>" + "".join(spine) + "</spine></package>", compress_type=zipfile.ZIP_DEFLATED)
