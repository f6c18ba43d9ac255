"""Linear-time checks on adversarial input.

Each case is built at size n and n/ratio (ratio 4 by default), and four functions are
timed on both: ``quoteattr.marks.scan``; spaCy's tokenizer alone (for reference: where
the time goes); ``quoteattr.extract(text)``; and ``extract_doc``, quoteattr's own logic
alone, ``quoteattr.extract(doc)`` on a Doc parsed before the timer starts. Each
measurement runs in its own subprocess with a timeout, so a pathological case cannot
hang the run. The time ratio of a linear function is about the size ratio; anything
worse than twice the size ratio is flagged SUPERLINEAR.

The four cases of the issue come first; the ones marked "extra" are inputs found to be
superlinear while writing these checks.

    python benchmarks/adversarial.py                   # full sizes (long: up to ~1 h)
    python benchmarks/adversarial.py --quick           # sizes / 100, 60 s timeout
    python benchmarks/adversarial.py --cases double_quotes_1mb --functions scan
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import warnings
from typing import Any, Callable, Dict, List, NamedTuple, Tuple

import common
import corpus

FUNCTIONS = ("scan", "spacy_tokenizer", "extract", "extract_doc")
MAX_REPEAT_SECONDS = 5.0
NO_SPACE_PATTERN = "Lorem,ipsum\"dolor'sit.amet-\u201cconsectetur\u201d(adipiscing)\u00abelit\u00bb;"
MARKED_WORDS = ['"word', 'word"', "\u201cword", "word\u201d", "\u2018word", "word\u2019",
                "\u00abword", "word\u00bb", "'word", "word'", "``word", "word''"]


class Case(NamedTuple):
    make: Callable[[int], str]
    n: int
    unit: str
    note: str


def repeat_to(pattern: str, n: int) -> str:
    return (pattern * (n // len(pattern) + 1))[:n]


def mark_per_word(n: int) -> str:
    return " ".join(MARKED_WORDS[i % len(MARKED_WORDS)] for i in range(n))


CASES: Dict[str, Case] = {
    "double_quotes_1mb": Case(lambda n: '"' * n, 1_000_000, "chars", '1 MB of "'),
    "alternating_curly": Case(lambda n: "\u201c\u201d" * n, 100_000, "pairs",
                              "100k alternating \u201c\u201d"),
    "line_without_spaces": Case(lambda n: repeat_to(NO_SPACE_PATTERN, n), 500_000, "chars",
                                "one 500k-character line, no spaces"),
    "mark_per_word": Case(mark_per_word, 200_000, "words", "a quote mark on every word"),
    "sq_openers_guillemet_closers": Case(lambda n: "\u2018" * n + "\u00bb" * n, 50_000, "pairs",
                                         "extra: \u2018\u00d7n then \u00bb\u00d7n"),
    "guillemet_openers_straight_closers": Case(lambda n: "\u00ab" * n + '"' * n, 50_000,
                                               "pairs", 'extra: \u00ab\u00d7n then "\u00d7n'),
    "openers_then_apostrophes": Case(lambda n: "\u201c" * n + "a\u2019 " * n, 50_000, "pairs",
                                     "extra: \u201c\u00d7n then a\u2019\u00d7n"),
    "news_one_paragraph": Case(lambda n: corpus.text_of_length(n, "news").replace("\n", " "),
                               400_000, "chars", "extra: news text with no line breaks"),
    "nested_two_families": Case(lambda n: "\u201c\u2018" * n + "\u201d" * n, 50_000, "pairs",
                                "extra: \u201c\u2018\u00d7n then \u201d\u00d7n"),
}


# --- the child process: one measurement ------------------------------------------------

def prepare(function: str) -> Tuple[Callable[[str], Any], Callable[[Any], Any]]:
    """``(setup, run)``: ``setup(text)`` makes the input outside the timer (the parsed
    Doc for extract_doc), ``run`` is what is timed. The model is loaded and warmed up
    here, before any timing."""
    import quoteattr
    from quoteattr import marks, model

    warnings.simplefilter("ignore", quoteattr.QuoteattrWarning)
    if function == "scan":
        return same, marks.scan
    nlp = model.load()
    quoteattr.extract('"Warm up," she said.')
    if function == "spacy_tokenizer":
        return same, nlp.tokenizer
    if function == "extract_doc":
        return parse_whole(nlp), quoteattr.extract
    return same, quoteattr.extract


def same(text: str) -> str:
    return text


def parse_whole(nlp) -> Callable[[str], Any]:
    """Parse a text as one Doc, however long (this process is thrown away after), the way
    quoteattr hands text to the parser (``segments.parseable``: a space every 100
    characters of a very long run), since spaCy's tokenizer alone is quadratic there."""
    def parse(text: str):
        nlp.max_length = max(nlp.max_length, len(text) + 1)
        from quoteattr.segments import parseable

        return nlp(parseable(text))
    return parse


def child(args) -> None:
    """Time one function once on one case and size; print the time as JSON.

    One run per process: spaCy's tokenizer caches what it has seen, so a second run on
    the same text in the same process would be much faster than the first."""
    text = CASES[args.child].make(args.n)
    setup, run = prepare(args.function)
    arg = setup(text)
    print(json.dumps({"chars": len(text), "seconds": common.timed(lambda: run(arg))}))


# --- the parent: run every measurement in a subprocess ----------------------------------

def run_child(case: str, n: int, function: str, timeout: float) -> Dict[str, Any]:
    """One child process; ``overhead_s`` is its time outside the timed call (start-up,
    model loading, building the input)."""
    cmd = [sys.executable, __file__, "--child", case, "--n", str(n), "--function", function]
    started = time.perf_counter()
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"n": n, "error": "timeout"}
    if out.returncode != 0:
        last = (out.stderr.strip().splitlines() or ["no output"])[-1]
        return {"n": n, "error": f"failed: {last}"}
    m = {"n": n, **json.loads(out.stdout.strip().splitlines()[-1])}
    m["overhead_s"] = time.perf_counter() - started - m["seconds"]
    return m


def measure(case: str, n: int, function: str, args) -> Dict[str, Any]:
    """The best of up to ``args.repeat`` fresh processes (fewer once the runs have taken
    MAX_REPEAT_SECONDS)."""
    best: Dict[str, Any] = {}
    spent = 0.0
    for _ in range(args.repeat):
        m = run_child(case, n, function, args.timeout)
        if "error" in m:
            return m
        spent += m["seconds"]
        if not best or m["seconds"] < best["seconds"]:
            best = m
        if spent > MAX_REPEAT_SECONDS:
            break
    return best


def check(case: str, function: str, args) -> Dict[str, Any]:
    """Time the small size, then the large one unless the small one already failed."""
    n = max(1, CASES[case].n // args.scale)
    small = measure(case, max(1, n // args.ratio), function, args)
    large = (measure(case, n, function, args) if "error" not in small
             else {"n": n, "error": "skipped"})
    size_ratio = large["n"] / small["n"]
    result = {"case": case, "function": function, "small": small, "large": large,
              "size_ratio": size_ratio, "time_ratio": None, "flag": ""}
    if "error" in small or "error" in large:
        return flag_error(result, args.timeout)
    result["time_ratio"] = large["seconds"] / max(small["seconds"], 1e-9)
    if result["time_ratio"] > 2 * size_ratio:
        result["flag"] = "SUPERLINEAR"
    return result


def flag_error(result: Dict[str, Any], timeout: float) -> Dict[str, Any]:
    """TIMEOUT or FAILED; SUPERLINEAR when the large size timed out after a small one
    fast enough to prove it. The large run's timed part took at least the timeout less
    the small run's overhead, unless its own set-up grows with the input (extract_doc
    parses before timing), in which case nothing can be concluded."""
    small, large = result["small"], result["large"]
    if "error" not in small and large["error"] == "timeout" \
            and result["function"] != "extract_doc":
        at_least = (timeout - small["overhead_s"]) / max(small["seconds"], 1e-9)
        result["time_ratio_at_least"] = at_least
        if result["time_ratio_at_least"] > 2 * result["size_ratio"]:
            result["flag"] = "SUPERLINEAR (timeout)"
            return result
    errors = (small.get("error"), large.get("error"))
    result["flag"] = "TIMEOUT" if "timeout" in errors else "FAILED"
    return result


def cell(m: Dict[str, Any], timeout: float) -> str:
    if "error" not in m:
        return f"{m['seconds']:.3f}"
    return f">{timeout:.0f} (timeout)" if m["error"] == "timeout" else m["error"]


def row(r: Dict[str, Any], timeout: float) -> List[str]:
    case = CASES[r["case"]]
    ratio = f"{r['time_ratio']:.1f}" if r["time_ratio"] is not None else "-"
    if "time_ratio_at_least" in r:
        ratio = f"> {r['time_ratio_at_least']:.1f}"
    return [f"{r['case']} ({case.note})", r["function"],
            f"{r['small']['n']:,} / {r['large']['n']:,} {case.unit}",
            cell(r["small"], timeout), cell(r["large"], timeout), ratio,
            f"<= {2 * r['size_ratio']:.0f}", r["flag"] or "ok"]


def main() -> None:
    ap = argparse.ArgumentParser(description="linear-time checks on adversarial input")
    ap.add_argument("--cases", nargs="+", choices=list(CASES), default=list(CASES))
    ap.add_argument("--functions", nargs="+", choices=FUNCTIONS, default=list(FUNCTIONS))
    ap.add_argument("--ratio", type=int, default=4, help="size ratio n / small n (4 or 10)")
    ap.add_argument("--scale", type=int, default=1, help="divide every n by this")
    ap.add_argument("--timeout", type=float, default=300, help="seconds per measurement")
    ap.add_argument("--repeat", type=int, default=3,
                    help=f"best of this many processes (fewer once {MAX_REPEAT_SECONDS:.0f} s "
                         "are spent)")
    ap.add_argument("--quick", action="store_true", help="--scale 100 --timeout 60")
    ap.add_argument("--json", help="also write the results to this JSON file")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--n", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--function", choices=FUNCTIONS, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args)
        return
    if args.quick:
        args.scale, args.timeout = 100, 60
    info = common.machine()
    print(common.describe_machine(info))
    print(f"size ratio {args.ratio}, scale 1/{args.scale}, timeout {args.timeout:.0f} s, "
          f"best of {args.repeat}\n", flush=True)
    results = []
    for case in args.cases:
        for function in args.functions:
            results.append(check(case, function, args))
            print("  " + " | ".join(row(results[-1], args.timeout)), file=sys.stderr, flush=True)
    headers = ["case", "function", "sizes", "small s", "large s", "time ratio", "linear",
               "flag"]
    print(common.markdown_table(headers, [row(r, args.timeout) for r in results]))
    if args.json:
        common.write_json(args.json, {"machine": info, "ratio": args.ratio, "scale": args.scale,
                                      "timeout_s": args.timeout, "results": results})


if __name__ == "__main__":
    main()
