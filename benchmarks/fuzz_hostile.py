"""Fuzz campaign for issue 12: mutated PDFs and text exports in batches, one good report per batch.

    .venv/bin/python -m benchmarks.fuzz_hostile --work /tmp/fuzz [--pdfs 300] [--texts 1000] [--batch 100]
    .venv/bin/python -m benchmarks.fuzz_hostile --work /tmp/fuzz --kill-only     # kill -9 / disk full only

Checks and prints: every input has a manifest row; no error message holds a traceback; the good
report's rows are identical in every batch; outcome counts; per-document peak RSS (from
OUT/_runs); kill -9 of a batch at several moments (no process of it alive 2 s later, and a
re-run gives the same datasets as an uninterrupted run); disk full (a small tmpfs when it can be
mounted, else an injected ENOSPC): exit code 2, one line, lock released, no process left.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq

from tests.procs import alive, descendants

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOOD = SAMPLES / "rn-run-delarsrapport-2021-04.txt"
GOOD_ID = "region-norrbotten.run.delarsrapport.2021-04"


# --- mutants ----------------------------------------------------------------------------------

def _flip(rng, b: bytearray, n: int) -> None:
    for _ in range(n):
        i = rng.randrange(len(b))
        b[i] = rng.randrange(256)


def mutate_pdf(rng: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    kind = rng.choice(["flip", "flip", "truncate", "dup", "cut", "junk", "rotate", "zero", "numbers"])
    if kind == "flip":
        _flip(rng, b, rng.choice([1, 5, 50, 500]))
    elif kind == "truncate":
        b = b[: rng.randrange(len(b) // 10, len(b))]
    elif kind == "dup":
        i, n = rng.randrange(len(b)), rng.randrange(1, 20000)
        b[i:i] = b[i:i + n]
    elif kind == "cut":
        i = rng.randrange(len(b))
        del b[i:i + rng.randrange(1, 20000)]
    elif kind == "junk":
        i = rng.randrange(len(b))
        b[i:i] = rng.randbytes(rng.randrange(1, 5000))
    elif kind == "rotate":
        b = bytearray(bytes(b).replace(b"/Type /Page\n", f"/Type /Page /Rotate {rng.choice([90, 180, 270])}\n"
                                       .encode(), 1))
    elif kind == "zero":
        i = rng.randrange(len(b))
        b[i:i + rng.randrange(1, 4000)] = bytes(min(4000, len(b) - i))[: rng.randrange(1, 4000)]
    else:
        for tok in (b"/Length ", b"/Width ", b"/Height ", b"/Count "):
            i = bytes(b).find(tok, rng.randrange(len(b)))
            if i >= 0:
                b[i + len(tok):i + len(tok)] = str(rng.choice([0, 1, 99999999, 30000])).encode() + b" "
    return bytes(b)


def mutate_text(rng: random.Random, text: str) -> bytes:
    kind = rng.choice(["flip", "nul", "utf16", "utf32", "cp1252", "truncate", "shuffle", "dup", "binary",
                       "numbers", "long-line", "tabs", "bom-garbage"])
    lines = text.split("\n")
    if kind == "utf16":
        return text.encode("utf-16")
    if kind == "utf32":
        return text.encode("utf-32")
    if kind == "cp1252":
        return text.encode("cp1252", errors="replace")
    if kind == "shuffle":
        rng.shuffle(lines)
        return "\n".join(lines).encode()
    if kind == "dup":
        return "\n".join(lines * rng.randrange(2, 6)).encode()
    if kind == "numbers":
        rows = ("\t".join(str(rng.randrange(10**6)) for _ in range(3)) for _ in range(rng.randrange(100, 20000)))
        return (lines[0] + "\n\n" + "\n".join(rows)).encode()
    if kind == "long-line":
        return (lines[0] + "\n\n" + "ord " * rng.randrange(1000, 50000)).encode()
    if kind == "tabs":
        return "\n".join("\t".join(ln.split()) for ln in lines).encode()
    b = bytearray(text.encode())
    if kind == "flip":
        _flip(rng, b, rng.choice([1, 10, 100, 1000]))
    elif kind == "nul":
        for _ in range(rng.choice([1, 3, 50, 5000])):
            b.insert(rng.randrange(len(b)), 0)
    elif kind == "truncate":
        b = b[: rng.randrange(len(b))]
    elif kind == "binary":
        b[rng.randrange(len(b)):] = rng.randbytes(rng.randrange(100, 20000))
    elif kind == "bom-garbage":
        b[:0] = rng.choice([b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"\xef\xbb\xbf"])
    return bytes(b)


def make_mutants(work: Path, n_pdf: int, n_text: int, seed: int) -> list[Path]:
    rng = random.Random(seed)
    pdfs = sorted(SAMPLES.glob("*.pdf")) + sorted((SAMPLES / "stratsys").glob("*.pdf"))
    texts = sorted(SAMPLES.glob("*.txt"))
    d = work / "mutants"
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    out = []
    for i in range(n_pdf):
        src = rng.choice(pdfs)
        p = d / f"m{i:04d}-{src.stem}.pdf"
        p.write_bytes(mutate_pdf(rng, src.read_bytes()))
        out.append(p)
    for i in range(n_text):
        src = rng.choice(texts)
        p = d / f"t{i:04d}-{src.stem}.txt"
        p.write_bytes(mutate_text(rng, src.read_text(encoding="utf-8")))
        out.append(p)
    return out


# --- the campaign ------------------------------------------------------------------------------

def good_rows_hash(out: Path, entry) -> str:
    """The good report's metrics rows (without report_id, which may carry a hash suffix when a
    mutant took its id first), or how it ended up when it owns no rows."""
    if entry.status == "duplicate":
        return f"duplicate of an agreeing mutant ({entry.status})"
    path = out / "metrics" / f"{entry.report_id}.parquet"
    if not path.exists():
        return f"no rows ({entry.status})"
    rows = sorted(repr(sorted((k, v) for k, v in r.items() if k != "report_id")) for r in pq.read_table(path).to_pylist())
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16]


def run_batches(work: Path, files: list[Path], batch: int, workers: int) -> dict:
    from pipeline.batch.corpus import read_manifest, run_corpus

    rng = random.Random(7)
    rng.shuffle(files)
    statuses: collections.Counter = collections.Counter()
    peaks: list[tuple[float, str]] = []
    good_hashes: set[str] = set()
    missing = tracebacks = 0
    for k in range(0, len(files), batch):
        part = files[k:k + batch]
        src = work / "batches" / f"b{k // batch:03d}"
        shutil.rmtree(src, ignore_errors=True)
        src.mkdir(parents=True)
        for f in part:
            os.link(f, src / f.name)
        shutil.copy(GOOD, src / "good-report.txt")
        out = work / "out" / src.name
        shutil.rmtree(out, ignore_errors=True)
        t0 = time.perf_counter()
        s = run_corpus([src], out, workers=workers, timeout=60, progress=False)
        manifest = read_manifest(out)
        missing += len(part) + 1 - len(manifest)
        statuses.update(e.status for e in manifest.values())
        errors = pq.read_table(out / "errors").to_pylist() if (out / "errors").exists() else []
        tracebacks += sum("Traceback" in (e["message"] or "") for e in errors)
        good_hashes.add(good_rows_hash(out, manifest[str((src / "good-report.txt").resolve())]))
        for run in (out / "_runs").glob("*.parquet"):
            peaks += [(r["peak_rss_mb"] or 0.0, Path(r["source_path"]).name) for r in pq.read_table(run).to_pylist()]
        print(f"batch {src.name}: {len(part) + 1} files in {time.perf_counter() - t0:.0f} s, {dict(s.by_status)}",
              flush=True)
    return {"statuses": statuses, "peaks": peaks, "good_hashes": good_hashes, "missing": missing,
            "tracebacks": tracebacks}


def summarise(work: Path) -> dict:
    """The campaign's figures from the batch outputs under WORK/out (also for a run cut short)."""
    from pipeline.batch.corpus import read_manifest

    statuses: collections.Counter = collections.Counter()
    by_format: collections.Counter = collections.Counter()
    peaks: list[tuple[float, str]] = []
    good_hashes: set[str] = set()
    missing = tracebacks = n_files = 0
    for out in sorted((work / "out").glob("b*")):
        src = work / "batches" / out.name
        if not (out / "_manifest.parquet").exists() or (out / "_manifest.journal.jsonl").exists():
            continue  # a batch still running
        manifest = read_manifest(out)
        files = list(src.iterdir())
        n_files += len(files)
        missing += len(files) - len(manifest)
        statuses.update(e.status for e in manifest.values())
        by_format.update((e.source_format, e.status) for e in manifest.values())
        errors = pq.read_table(out / "errors").to_pylist() if (out / "errors").exists() else []
        tracebacks += sum("Traceback" in (e["message"] or "") for e in errors)
        good_hashes.add(good_rows_hash(out, manifest[str((src / "good-report.txt").resolve())]))
        for run in (out / "_runs").glob("*.parquet"):
            peaks += [(r["peak_rss_mb"] or 0.0, Path(r["source_path"]).name) for r in pq.read_table(run).to_pylist()]
    return {"statuses": statuses, "by_format": by_format, "peaks": peaks, "good_hashes": good_hashes,
            "missing": missing, "tracebacks": tracebacks, "n_files": n_files}


def print_summary(r: dict) -> None:
    peaks = sorted(r["peaks"])
    vals = [p for p, _ in peaks]
    print(f"\n{r['n_files']} files in finished batches (mutants + 1 good report per batch)")
    print("outcomes:", dict(r["statuses"]))
    print("by format:", {f"{f}/{s}": n for (f, s), n in sorted(r["by_format"].items())})
    print(f"inputs without a manifest row: {r['missing']}; error rows with a traceback: {r['tracebacks']}")
    print(f"good report's metrics rows across batches: {sorted(r['good_hashes'])}")
    if vals:
        print(f"peak RSS per document (MB over the worker's baseline): median {vals[len(vals) // 2]:.1f}, "
              f"p95 {vals[int(len(vals) * 0.95)]:.1f}, max {vals[-1]:.1f} ({peaks[-1][1]})")


def _snapshot(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.rglob("*.parquet"))
            if not any(part.startswith("_") for part in p.relative_to(out).parts)}


def kill_campaign(work: Path, src: Path, moments: tuple[int, ...]) -> list[str]:
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "pipeline.cli", "extract", str(src), "--workers", "2", "--timeout", "60"]
    whole = work / "kill-whole"
    shutil.rmtree(whole, ignore_errors=True)
    subprocess.run([*cmd, "--out", str(whole)], env=env, capture_output=True, check=False)
    ref = _snapshot(whole)
    ref_manifest = (whole / "_manifest.parquet").read_bytes()
    lines = []
    for n in moments:
        out = work / f"kill-{n}"
        shutil.rmtree(out, ignore_errors=True)
        proc = subprocess.Popen([*cmd, "--out", str(out)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        journal = out / "_manifest.journal.jsonl"
        while proc.poll() is None and not (journal.exists() and journal.read_text().count("\n") >= n):
            time.sleep(0.01)
        family = descendants(proc.pid)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        time.sleep(2.0)
        left = [p for p in family if alive(p)]
        subprocess.run([*cmd, "--out", str(out)], env=env, capture_output=True, check=False)
        same = _snapshot(out) == ref
        same_manifest = (out / "_manifest.parquet").read_bytes() == ref_manifest
        lines.append(f"kill -9 after {n} journal lines: {len(family)} processes of the batch, {len(left)} alive 2 s "
                     f"later; re-run datasets identical: {same}; manifest byte-identical: {same_manifest}")
    return lines


def disk_full(work: Path, src: Path) -> str:
    mnt = work / "tmpfs"
    mnt.mkdir(exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(mnt)],
                             capture_output=True).returncode == 0
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    try:
        out = mnt / "out"
        t0 = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "extract", str(src), "--workers", "2", "--out",
                                 str(out)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(1.0)
        family = descendants(proc.pid)
        _, err = proc.communicate(timeout=600)
        dt = time.monotonic() - t0
        family |= set()
        time.sleep(0.5)
        left = [p for p in family if alive(p)]
        readable = 0
        for p in (out / "reports").glob("*.parquet"):
            pq.read_table(p)
            readable += 1
        import fcntl
        with open(out / ".lock", "a") as f:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises if still held
        return (f"disk full ({'600 KB tmpfs' if mounted else 'NOT mounted'}): exit {proc.returncode} after {dt:.1f} s; "
                f"stderr {len(err.strip().splitlines())} line(s): {err.strip()[:160]!r}; {readable} reports readable; "
                f"lock free; {len(left)} processes alive")
    finally:
        if mounted:
            subprocess.run(["umount", str(mnt)], check=False)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", type=Path, required=True)
    ap.add_argument("--pdfs", type=int, default=300)
    ap.add_argument("--texts", type=int, default=1000)
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--kill-only", action="store_true")
    ap.add_argument("--summarise", action="store_true", help="only print the figures of WORK/out")
    ap.add_argument("--kill-files", type=int, default=30, help="mutants in the kill -9 / disk-full batch")
    args = ap.parse_args(argv)
    if args.summarise:
        print_summary(summarise(args.work))
        return 0
    files = make_mutants(args.work, args.pdfs, args.texts, args.seed)
    kill_src = args.work / "kill-src"
    shutil.rmtree(kill_src, ignore_errors=True)
    kill_src.mkdir(parents=True)
    n_kill = args.kill_files
    for f in [f for f in files if f.suffix == ".txt"][:n_kill * 4 // 5] + [f for f in files if f.suffix == ".pdf"][:n_kill // 5]:
        os.link(f, kill_src / f.name)
    shutil.copy(GOOD, kill_src / "good-report.txt")
    if not args.kill_only:
        t0 = time.perf_counter()
        r = run_batches(args.work, files, args.batch, args.workers)
        peaks = sorted(r["peaks"])
        vals = [p for p, _ in peaks]
        print(f"\n{len(files)} mutants ({args.pdfs} PDF, {args.texts} text) + 1 good report per batch, "
              f"{time.perf_counter() - t0:.0f} s")
        print("outcomes:", dict(r["statuses"]))
        print(f"inputs without a manifest row: {r['missing']}; error rows with a traceback: {r['tracebacks']}; "
              f"good report's metrics rows across batches: {sorted(r['good_hashes'])}")
        if vals:
            print(f"peak RSS per document (MB over the worker's baseline): median {vals[len(vals) // 2]:.1f}, "
                  f"p95 {vals[int(len(vals) * 0.95)]:.1f}, max {vals[-1]:.1f} ({peaks[-1][1]})")
    for line in kill_campaign(args.work, kill_src, (1, 5, 15)):
        print(line)
    print(disk_full(args.work, kill_src))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
