"""Throughput: quoteattr against bare spaCy, on the same texts in the same run.

Variants, each in words per second (median of ``--repeat`` runs, after one warm-up
run on the first few texts):

  a. full_spacy        ``nlp.pipe`` of the full default pipeline (all components)
  b. extract_many      ``quoteattr.extract_many(texts)`` with default settings
  c. logic_only        ``quoteattr.extract(doc)`` on Docs parsed beforehand (parsing
                       outside the timer, with quoteattr's own model)
  n1 / n2              ``extract_many(texts, n_process=1)`` and ``n_process=2``

Targets: b/a speed >= 1.0; c's time <= 5% of b's; n2 speed-up over n1 >= 1.5x on 2
cores, with identical results.

    python benchmarks/throughput.py                       # synthetic corpus
    python benchmarks/throughput.py --quick               # small, one run each
    python benchmarks/throughput.py --jsonl /work/shared/eval/data/polnear.dev.jsonl
"""
from __future__ import annotations

import argparse
import warnings
from typing import Callable, Dict, List, Tuple

import spacy

import quoteattr
from quoteattr import model

import common
import corpus

WARMUP_TEXTS = 8


Run = Callable[[list], None]


def full_pipeline_run(nlp, batch_size: int) -> Run:
    def run(items):
        for _ in nlp.pipe(items, batch_size=batch_size):
            pass
    return run


def extract_many_run(results: Dict[str, list], key: str, **kw) -> Run:
    """A run that keeps its last results under ``results[key]`` for the identity check."""
    def run(items):
        results[key] = list(quoteattr.extract_many(items, **kw))
    return run


def logic_only_run(items) -> None:
    for doc in items:
        quoteattr.extract(doc)


def as_dicts(results: List[list]) -> List[List[dict]]:
    return [[q.to_dict(flags=True) for q in quotes] for quotes in results]


def load_texts(args) -> List[str]:
    if args.jsonl:
        return corpus.load_jsonl(args.jsonl, args.n_texts)
    return corpus.texts(args.n_texts, args.genre, args.seed)


def measure(variants: Dict[str, Tuple[Run, list]], repeat: int) -> Dict[str, List[float]]:
    """Warm each variant up on a few texts, then time them round-robin so that drifts
    in machine load hit every variant alike."""
    for run, items in variants.values():
        run(items[:WARMUP_TEXTS])
    times: Dict[str, List[float]] = {name: [] for name in variants}
    for _ in range(repeat):
        for name, (run, items) in variants.items():
            times[name].append(common.timed(lambda: run(items)))
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description="quoteattr throughput against bare spaCy")
    ap.add_argument("--jsonl", help="read texts from this JSONL file (a 'text' field)")
    ap.add_argument("--n-texts", type=int, default=None,
                    help="number of texts (default 200 synthetic, all of a JSONL file)")
    ap.add_argument("--genre", choices=["news", "fiction", "mixed"], default="mixed")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--quick", action="store_true", help="40 texts, one timed run each")
    ap.add_argument("--json", help="also write the results to this JSON file")
    args = ap.parse_args()
    if args.quick:
        args.repeat = 1
        args.n_texts = args.n_texts or 40
    if args.n_texts is None and not args.jsonl:
        args.n_texts = 200
    warnings.simplefilter("ignore", quoteattr.QuoteattrWarning)

    texts = load_texts(args)
    words = corpus.word_count(texts)
    info = common.machine()
    full_name = model.default_model_name()
    full = spacy.load(full_name)
    own = model.load()
    docs = list(own.pipe(texts, batch_size=args.batch_size))
    results: Dict[str, list] = {}
    variants = {
        "a. full_spacy": (full_pipeline_run(full, args.batch_size), texts),
        "b. extract_many": (extract_many_run(results, "b"), texts),
        "c. logic_only": (logic_only_run, docs),
        "n1. n_process=1": (extract_many_run(results, "n1", n_process=1), texts),
        "n2. n_process=2": (extract_many_run(results, "n2", n_process=2), texts),
    }
    times = measure(variants, args.repeat)
    # the shortcut's accuracy cost: the full pipeline (lemmatizer, attribute_ruler) as
    # the user's nlp must give the same quotes as quoteattr's reduced one
    results["full"] = list(quoteattr.extract_many(texts, nlp=full, batch_size=args.batch_size))
    corpus_info = {"source": args.jsonl or f"synthetic {args.genre} (seed {args.seed})",
                   "texts": len(texts), "words": words, "chars": sum(len(t) for t in texts),
                   "quotes": sum(len(q) for q in results["b"])}
    report(args, info, corpus_info, full_name, full.pipe_names, times, results)


def targets(med: Dict[str, float], identical: bool, same_as_full: bool) -> Dict[str, Dict]:
    a, b, c = med["a. full_spacy"], med["b. extract_many"], med["c. logic_only"]
    n1, n2 = med["n1. n_process=1"], med["n2. n_process=2"]
    return {
        "b/a speed (extract_many vs full spaCy)":
            {"value": a / b, "shown": f"{a / b:.2f}", "target": ">= 1.0", "ok": a / b >= 1.0},
        "c time as share of b":
            {"value": c / b, "shown": f"{c / b:.1%}", "target": "<= 5%", "ok": c / b <= 0.05},
        "n_process=2 speed-up over n_process=1":
            {"value": n1 / n2, "shown": f"{n1 / n2:.2f}x", "target": ">= 1.5x", "ok": n1 / n2 >= 1.5},
        "n_process=1 and 2 give identical results":
            {"value": identical, "shown": str(identical), "target": "True", "ok": identical},
        "skipped components change no result (b vs extract_many(nlp=full pipeline))":
            {"value": same_as_full, "shown": str(same_as_full), "target": "True",
             "ok": same_as_full},
    }


def report(args, info, corpus_info, full_name, full_pipes, times, results) -> None:
    words = corpus_info["words"]
    med = {name: common.median(ts) for name, ts in times.items()}
    goals = targets(med, as_dicts(results["n1"]) == as_dicts(results["n2"]),
                    as_dicts(results["b"]) == as_dicts(results["full"]))
    print(common.describe_machine(info))
    print(f"Corpus: {corpus_info['source']}: {corpus_info['texts']} texts, {words:,} words, "
          f"{corpus_info['chars']:,} characters; {corpus_info['quotes']:,} quotes found")
    print(f"Full pipeline: {full_name} {full_pipes}; quoteattr's model: "
          f"{model.load().pipe_names}; median of {args.repeat} runs\n")
    print(common.markdown_table(["variant", "median s", "words/s", "runs (s)"], [
        [name, f"{med[name]:.2f}", f"{words / med[name]:,.0f}",
         " ".join(f"{t:.2f}" for t in times[name])] for name in times]))
    print()
    print(common.markdown_table(["measure", "value", "target", "met"], [
        [name, g["shown"], g["target"], common.verdict(g["ok"])] for name, g in goals.items()]))
    if args.json:
        common.write_json(args.json, {
            "machine": info, "corpus": corpus_info, "repeat": args.repeat,
            "full_pipeline": {"name": full_name, "pipes": full_pipes},
            "variants": {n: {"median_s": med[n], "runs_s": times[n], "words_per_s": words / med[n]}
                         for n in times},
            "targets": goals,
        })


if __name__ == "__main__":
    main()
