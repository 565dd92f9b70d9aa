#!/usr/bin/env python3
"""Scores folio's article extraction on the public benchmark, beside the
published extractors.

    python3 scripts/article_benchmark.py [FOLIO_BIN] [BENCHMARK_DIR]

FOLIO_BIN defaults to target/release/folio, BENCHMARK_DIR to
../shared/article-extraction-benchmark. The benchmark folder is copied to
a temporary one (it is read-only), each page is unpacked and piped through
`folio --json` (the text folio shows, without its title header), the
texts are written to output/folio.json and the benchmark's evaluate.py
scores every output there: precision, recall and F1 over word 4-grams.
"""

import gzip
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main():
    folio = Path(sys.argv[1] if len(sys.argv) > 1 else "target/release/folio").resolve()
    bench = Path(sys.argv[2] if len(sys.argv) > 2 else "../shared/article-extraction-benchmark").resolve()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "bench"
        shutil.copytree(bench, work)
        for p in work.rglob("*"):
            p.chmod(0o755 if p.is_dir() else 0o644)
        pages = Path(tmp) / "pages"
        pages.mkdir()
        out = {}
        spent = 0.0
        size = 0
        for gz in sorted((work / "html").glob("*.html.gz")):
            key = gz.name[: -len(".html.gz")]
            page = pages / f"{key}.html"
            page.write_bytes(gzip.decompress(gz.read_bytes()))
            size += page.stat().st_size
            start = time.perf_counter()
            run = subprocess.run(
                [str(folio), "--json", str(page)],
                capture_output=True,
                env={"FOLIO_CONFIG_DIR": str(Path(tmp) / "config"), "PATH": "/usr/bin:/bin"},
            )
            spent += time.perf_counter() - start
            text = ""
            for line in run.stdout.decode("utf-8", "replace").splitlines():
                if line.strip():
                    text = json.loads(line).get("text", "")
            out[key] = {"articleBody": text}
        (work / "output" / "folio.json").write_text(json.dumps({"version": "folio", "output": out}))
        print(f"{len(out)} pages, {size / 1e6:.1f} MB, folio --json took {spent:.2f} s "
              f"({1000 * spent / (size / 1e6):.1f} ms/MB, whole processes)")
        subprocess.run([sys.executable, "evaluate.py"], cwd=work, check=True)


if __name__ == "__main__":
    main()
