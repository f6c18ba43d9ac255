"""Long documents: time and peak memory of ``quoteattr.extract(text)`` on one long text.

Each size runs in a fresh subprocess, so its peak RSS (``ru_maxrss``) is its own. The
text is built and the model loaded before the timer starts; the peak includes the
model (the "baseline" column is the peak just before extracting).

Targets: time(2M characters) / time(200k) <= 11 (that is, at most 10% worse than
linear) and peak RSS < 1.5 GB on 2M characters.

    python benchmarks/long_document.py                    # 200k and 2M characters
    python benchmarks/long_document.py --quick            # 20k and 200k
    python benchmarks/long_document.py --jsonl /work/shared/eval/data/pdnc.dev.jsonl
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import warnings
from typing import Any, Dict, List, Optional

import common
import corpus

DEFAULT_SIZES = [200_000, 2_000_000]
QUICK_SIZES = [20_000, 200_000]
PEAK_TARGET_MB = 1536
PEAK_TARGET_SIZE = 2_000_000
WARMUP_TEXT = '"We will strive to do everything possible," Lavrov said.'


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def build_text(size: int, genre: str, seed: int, jsonl: Optional[str]) -> str:
    if jsonl:
        return corpus.repeat_to_length(corpus.load_jsonl(jsonl), size)
    return corpus.text_of_length(size, genre, seed)


def child(args) -> None:
    """Measure one size in this process and print the result as one JSON line."""
    import quoteattr

    warnings.simplefilter("ignore", quoteattr.QuoteattrWarning)
    text = build_text(args.child, args.genre, args.seed, args.jsonl)
    quoteattr.extract(WARMUP_TEXT)
    baseline = peak_rss_mb()
    found: List[Any] = []
    seconds = common.timed(lambda: found.extend(quoteattr.extract(text)))
    print(json.dumps({"chars": len(text), "words": len(text.split()), "seconds": seconds,
                      "baseline_rss_mb": baseline, "peak_rss_mb": peak_rss_mb(),
                      "quotes": len(found)}))


def run_size(size: int, args) -> Dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", str(size), "--genre", args.genre,
           "--seed", str(args.seed)] + (["--jsonl", args.jsonl] if args.jsonl else [])
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        return {"chars": size, "error": f"timeout after {args.timeout} s"}
    if out.returncode != 0:
        return {"chars": size, "error": out.stderr.strip().splitlines()[-1:]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def row(r: Dict[str, Any]) -> List[Any]:
    if "error" in r:
        return [f"{r['chars']:,}", r["error"], "", "", "", ""]
    return [f"{r['chars']:,}", f"{r['seconds']:.2f}", f"{r['chars'] / r['seconds']:,.0f}",
            f"{r['baseline_rss_mb']:.0f}", f"{r['peak_rss_mb']:.0f}", r["quotes"]]


def targets(results: List[Dict[str, Any]]) -> Dict[str, Any]:
    first, last = results[0], results[-1]
    out: Dict[str, Any] = {}
    if "error" not in first and "error" not in last:
        size_ratio = last["chars"] / first["chars"]
        ratio = last["seconds"] / first["seconds"]
        out["time_ratio"] = {"value": ratio, "size_ratio": size_ratio,
                             "target": f"<= {1.1 * size_ratio:.1f}", "ok": ratio <= 1.1 * size_ratio}
    if "error" not in last and last["chars"] >= PEAK_TARGET_SIZE:
        peak = last["peak_rss_mb"]
        out["peak_rss_mb"] = {"value": peak, "target": f"< {PEAK_TARGET_MB}", "ok": peak < PEAK_TARGET_MB}
    return out


def report(args, info, results) -> None:
    source = args.jsonl or f"synthetic {args.genre} (seed {args.seed})"
    print(common.describe_machine(info))
    print(f"Text: {source}, one document per size, each size in a fresh process\n")
    print(common.markdown_table(
        ["characters", "seconds", "chars/s", "baseline RSS MB", "peak RSS MB", "quotes"],
        [row(r) for r in results]))
    goals = targets(results)
    rows = []
    if "time_ratio" in goals:
        g = goals["time_ratio"]
        rows.append([f"time ratio ({g['size_ratio']:.0f}x the text)", f"{g['value']:.2f}",
                     g["target"], common.verdict(g["ok"])])
    if "peak_rss_mb" in goals:
        g = goals["peak_rss_mb"]
        rows.append([f"peak RSS MB at {results[-1]['chars']:,} chars", f"{g['value']:.0f}",
                     g["target"], common.verdict(g["ok"])])
    if rows:
        print()
        print(common.markdown_table(["measure", "value", "target", "met"], rows))
    if args.json:
        common.write_json(args.json, {"machine": info, "source": source, "results": results,
                                      "targets": goals})


def main() -> None:
    ap = argparse.ArgumentParser(description="time and peak memory on long documents")
    ap.add_argument("--sizes", type=int, nargs="+", help="text sizes in characters")
    ap.add_argument("--quick", action="store_true", help=f"sizes {QUICK_SIZES}")
    ap.add_argument("--genre", choices=["news", "fiction"], default="fiction")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jsonl", help="build the text from this JSONL file's texts instead")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per size")
    ap.add_argument("--json", help="also write the results to this JSON file")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args)
        return
    sizes = args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)
    results = [run_size(size, args) for size in sizes]
    report(args, common.machine(), results)


if __name__ == "__main__":
    main()
