"""XYR008's index of the run's earlier reports finds what comparing with each of them finds."""

from __future__ import annotations

import dataclasses
import pickle
import random
from typing import Any

import pytest

from gixcheck.kinds import crossbody
from gixcheck.kinds.crossbody import Fingerprint, SharedSentences, _digest
from gixcheck.plugins import Host


def _national_rule() -> Any:
    h = Host(autoload=False)
    [rule] = [r for r in h.ruleset("national").active() if r.code == "XYR008"]
    return rule


def _reference(mine: Fingerprint, earlier: list[tuple[str, Fingerprint]], p: Any) -> Any:
    """Each earlier report in turn (the kind before its index): the most shared, the first."""
    own = mine.digests()
    if len(own) < p.min_sentences:
        return None
    best = None
    for source, other in earlier:
        if not other.body or other.body == mine.body:
            continue
        shared = len(own & other.digests()) / len(own)
        if shared >= p.threshold and (best is None or shared > best[0]):
            best = (shared, source)
    return best


def _fingerprints(n: int, seed: int) -> list[Fingerprint]:
    rng = random.Random(seed)
    pool = [_digest(f"sentence {i}") for i in range(40)]
    bodies = ["", "A", "B", "C", "D"]
    sets: list[bytes] = []
    out = []
    for _ in range(n):
        if sets and rng.random() < 0.4:  # copied from an earlier report: same sentences
            sentences = rng.choice(sets)
        else:
            sentences = b"".join(sorted(rng.sample(pool, rng.randint(0, 12))))
            sets.append(sentences)
        body = rng.choice(bodies)
        out.append(Fingerprint(body or None, 2024, f"{body}|2024", None, bytes(sentences)))
    return out


@pytest.mark.parametrize("list_max", [32, 2, 0])
def test_the_index_finds_what_comparing_each_report_finds(
    list_max: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 2 and 0: a sentence's groups become a bitset after two groups, or at once (the
    # bit-sliced counts are what the lists count)
    monkeypatch.setattr(crossbody, "_LIST_MAX", list_max)
    rule = _national_rule()
    for params in ({}, {"threshold": 0.3, "min_sentences": 2}, {"threshold": 1.0}):
        rule = dataclasses.replace(rule, args=dataclasses.replace(rule.args, **params))
        for seed in range(5):
            kind = SharedSentences()
            earlier: list[tuple[str, Fingerprint]] = []
            found = 0
            for i, fp in enumerate(_fingerprints(150, seed)):
                want = _reference(fp, earlier, rule.args)
                got = list(kind.compare(fp, earlier, rule))
                if want is None:
                    assert got == [], (params, seed, i)
                else:
                    [v] = got
                    assert (v.evidence["share"], v.evidence["other"]) == (
                        round(want[0], 4),
                        want[1],
                    ), (params, seed, i)
                    found += 1
                earlier.append((f"r{i}", pickle.loads(pickle.dumps(fp))))
            assert found  # the batches do have pairs


def test_another_list_is_indexed_afresh() -> None:
    rule = _national_rule()
    kind = SharedSentences()
    a, b = _fingerprints(2, 1)
    a = dataclasses.replace(a, body="A", sentences=b"".join(_digest(f"s{i}") for i in range(9)))
    b = dataclasses.replace(a, body="B")
    assert list(kind.compare(b, [("a.json", a)], rule))
    assert not list(kind.compare(b, [("c.json", dataclasses.replace(a, body="B"))], rule))


def test_a_copied_report_keeps_no_sentences_of_its_own() -> None:
    # a run of reports copied from one another keeps one bytes object of their sentences
    rule = _national_rule()
    kind = SharedSentences()
    sentences = b"".join(_digest(f"s{i}") for i in range(9))
    earlier: list[tuple[str, Fingerprint]] = []
    for i in range(5):
        fp = Fingerprint(f"body {i}", 2024, None, None, bytes(bytearray(sentences)))
        list(kind.compare(fp, earlier, rule))
        earlier.append((f"r{i}", fp))
    list(kind.compare(Fingerprint("x", 2024, None, None, sentences), earlier, rule))
    assert len({id(fp.sentences) for _, fp in earlier}) == 1


def test_the_index_goes_with_the_run() -> None:
    # the kind lives as long as its host (many runs in one process): it keeps no run's index
    import gc

    rule = _national_rule()
    kind = SharedSentences()
    earlier: list[tuple[str, Fingerprint]] = []
    for i, fp in enumerate(_fingerprints(20, 3)):
        list(kind.compare(fp, earlier, rule))
        earlier.append((f"r{i}", fp))
    assert kind._index is not None and kind._index() is not None
    # what a worker sends is the report's part alone (not the index it was compared with)
    assert pickle.loads(pickle.dumps(fp)).index is None
    assert len(pickle.dumps(fp)) < 40 * len(earlier)
    del earlier, fp
    gc.collect()
    assert kind._index() is None


def test_a_sentence_many_reports_share_is_one_bitset() -> None:
    # counted group by group, N template-copied reports cost N² (3,000: 72 s)
    rule = _national_rule()
    kind = SharedSentences()
    template = [_digest(f"s{i}") for i in range(9)]
    earlier: list[tuple[str, Fingerprint]] = []
    for i in range(3 * crossbody._LIST_MAX):
        own = sorted([*template, _digest(f"own {i}")])  # each report a sentence of its own
        fp = Fingerprint(f"body {i}", 2024, None, None, b"".join(own))
        got = list(kind.compare(fp, earlier, rule))
        assert bool(got) == (i > 0)
        if got:
            assert got[0].evidence["other"] == "r0"  # the earliest of equals
        earlier.append((f"r{i}", fp))
    index = kind._index() if kind._index is not None else None
    assert index is not None
    assert isinstance(index.by_digest[template[0]], crossbody._Bits)
    assert isinstance(index.by_digest[_digest("own 5")], crossbody._Group)
