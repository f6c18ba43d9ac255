"""quoteattr.dask on a two-process LocalCluster: same quotes as extract_many, same order."""
import pytest

distributed = pytest.importorskip("dask.distributed")
pytest.importorskip("dask.dataframe")

import dask.bag as db  # noqa: E402
import dask.dataframe as dd  # noqa: E402
import pandas as pd  # noqa: E402

import quoteattr  # noqa: E402
from quoteattr import model  # noqa: E402
from quoteattr.dask import (  # noqa: E402
    QUOTE_PART_COLUMNS,
    extract_bag,
    extract_dataframe,
    quotes_from_rows,
)
from quoteattr.errors import ConfigError, InputTypeError  # noqa: E402

pytestmark = [pytest.mark.model, pytest.mark.slow]

TEXTS = [
    '"The ferry will run all winter," harbour master Lena Dahl said on Friday.',
    "Nothing was said at the meeting.",
    'Minister Paul Grant said that the budget would be approved. "We have the votes," '
    'he told reporters. "All of them."',
    "",
    "According to the weather service, the storm will reach the coast by noon.",
    '"I never saw the letter," Ortiz said, "and I never signed it."',
    "The coach stressed that the team had trained hard.",
    '"Come in," she said.\n\n"Thank you," said Tom.',
]


def _worker_cache_size():
    from quoteattr import model as worker_model

    return len(worker_model._cache)


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                       dashboard_address=None)
    client = distributed.Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


@pytest.fixture(scope="module")
def expected():
    return [[q.to_dict() for q in quotes] for quotes in quoteattr.extract_many(TEXTS)]


def test_bag_matches_extract_many(client, expected):
    assert any(expected), "the texts should contain quotes"
    bag = db.from_sequence(TEXTS, npartitions=4)
    assert extract_bag(bag).compute() == expected
    caches = client.run(_worker_cache_size)
    assert len(caches) == 2 and all(n <= 1 for n in caches.values())  # loaded once per worker
    assert sum(caches.values()) >= 1


def test_bag_of_dicts_carries_ids(client, expected):
    records = [{"id": f"doc{i}", "text": t, "source": "test"} for i, t in enumerate(TEXTS)]
    result = extract_bag(db.from_sequence(records, npartitions=3)).compute()
    assert [[{k: v for k, v in q.items() if k != "id"} for q in qs] for qs in result] == expected
    assert all(q["id"] == f"doc{i}" for i, qs in enumerate(result) for q in qs)
    flat = extract_bag(db.from_sequence(records, npartitions=3)).flatten().compute()
    assert len(flat) == sum(map(len, expected))


def test_dataframe_matches_extract_many(client, expected):
    pdf = pd.DataFrame({"doc": [f"d{i}" for i in range(len(TEXTS))], "body": TEXTS})
    df = dd.from_pandas(pdf, npartitions=3)
    lazy = extract_dataframe(df, text_column="body", id_column="doc")
    assert list(lazy.columns) == ["doc", *QUOTE_PART_COLUMNS]
    rows = lazy.compute()
    assert list(rows.columns) == list(lazy.columns)
    assert (rows["text"] == [pdf.body[i][s:e] for i, s, e in
                             zip(rows.index, rows["start"], rows["end"])]).all()
    got = [quotes_from_rows(rows[rows["doc"] == f"d{i}"]) for i in range(len(TEXTS))]
    assert got == expected
    assert sorted(set(rows.index)) == [i for i, qs in enumerate(expected) if qs]


def test_options_are_checked_before_anything_runs():
    bag = db.from_sequence(["x"])
    with pytest.raises(InputTypeError, match="name or path"):
        extract_bag(bag, model=model.load())
    with pytest.raises(ValueError):
        extract_bag(bag, cue_classes=["shouting"])
    df = dd.from_pandas(pd.DataFrame({"text": ["x"]}), npartitions=1)
    with pytest.raises(ConfigError, match="not a column"):
        extract_dataframe(df, text_column="body")
