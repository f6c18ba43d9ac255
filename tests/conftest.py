import json
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"


def load_cases(name):
    """Golden cases of one file as pytest params; ``xfail`` cases are strict xfails."""
    params = []
    with open(GOLDEN / name, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            case = json.loads(line)
            marks = []
            if case.get("xfail"):
                marks.append(pytest.mark.xfail(reason=case["xfail"], strict=True))
            params.append(pytest.param(case, id=case["id"], marks=marks))
    return params


@pytest.fixture(scope="session")
def nlp():
    from quoteattr import model

    return model.load()
