"""Helpers the benchmark scripts share: machine description, timing, tables, JSON."""
from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
from typing import Any, Callable, Dict, List, Sequence


def _proc_field(path: str, key: str) -> str:
    try:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def machine() -> Dict[str, Any]:
    """CPU, cores, memory, load and software versions of this machine."""
    import spacy

    import quoteattr

    mem_kb = _proc_field("/proc/meminfo", "MemTotal").split()[0]
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu": _proc_field("/proc/cpuinfo", "model name"),
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "memory_gb": round(int(mem_kb) / 1024 ** 2, 1) if mem_kb.isdigit() else None,
        "load_average": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "quoteattr": quoteattr.__version__,
        "platform": platform.platform(),
    }


def describe_machine(info: Dict[str, Any]) -> str:
    return (f"Machine: {info['cpu']}, {info['cores']} cores ({info['usable_cores']} usable), "
            f"{info['memory_gb']} GB RAM, load average {info['load_average']}; "
            f"Python {info['python']}, spaCy {info['spacy']}, quoteattr {info['quoteattr']}")


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def markdown_table(headers: Sequence[str], rows: List[Sequence[Any]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def verdict(ok: bool) -> str:
    return "yes" if ok else "NO"


def write_json(path: str, data: Dict[str, Any]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2, ensure_ascii=False)
    print(f"\nwrote {path}", file=sys.stderr)
