"""A month in the life of the scoring service over real TCP (its own Tansu, nx-27017): marks,
grades and ranks equal a plain reference computation; ties, duplicates, revisions, quarantine,
every refusal reason, the freeze, `previous`, the HTTP API and catalogue changes.

The tests run in order and share one service and one stream of events."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from anushravan.admin import publish_catalog, publish_period_event
from shared.submission_rules import REASON_CODES
from tests.integration.scoring.scoring_harness import (
    OUTPUTS,
    Api,
    latest,
    prepare_broker,
    scored,
    start_scoring,
    submit,
    viewer_key,
    wait_ready,
)
from tests.integration.scoring.scoring_world import (
    MONTH,
    NEXT,
    TODAY,
    Submission,
    catalogue,
    competition_ranks,
    districts,
    month,
    reference_composite,
    reference_grade,
    reference_marks,
)
from tests.support import servers
from tests.support.kafka import TopicReader, event_bytes, produce

SCHEMES = {s.id: s for s in catalogue()}
# What each (scheme, district) of MONTH should end with: figures, or None if quarantined.
EXPECTED: dict[tuple[str, str], dict[str, float] | None] = {}


@pytest.fixture(scope="module")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with servers.tansu(tmp_path_factory.mktemp("tansu-month")) as server:
        yield server.url


@pytest.fixture(scope="module")
async def api(broker: str, mongo_url: str, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Api]:
    await prepare_broker(broker, SCHEMES.values())
    work = tmp_path_factory.mktemp("scoring-month")
    keys = work / "keys.yaml"
    secret = viewer_key(keys)
    proc = start_scoring(broker, mongo_url, f"month_{uuid.uuid4().hex[:8]}", work, keys=keys,
                         extra={"ANUSHRAVAN_TODAY": TODAY, "ANUSHRAVAN_RANK_PUBLISH_INTERVAL_S": "0.2"})
    try:
        await wait_ready(proc)
        client = Api(proc.url, secret)
        yield client
        await client.client.aclose()
    finally:
        proc.stop()


@pytest.fixture(scope="module")
async def reader(api: Api, broker: str) -> AsyncIterator[TopicReader]:
    # Opened once the service is up: a reader that subscribes while topics are being created
    # may see only some of their partitions (Tansu), and then never the rest.
    async with TopicReader(broker, *OUTPUTS) as r:
        yield r


def _latest_scored(reader: TopicReader, period: str) -> dict[tuple[str, str], dict[str, Any]]:
    return {(d["scheme"], d["district"]): d for d in scored(reader, period)}


def _ranked_settled(reader: TopicReader, scheme: str, period: str, of: int) -> bool:
    found = latest(reader, "scheme.ranked.v1", scheme=scheme, period=period)
    return found is not None and found["of"] == of


def _expected_ranks(scheme: str) -> dict[str, int]:
    s = SCHEMES[scheme]
    marks = {d: reference_marks(s, v) for (sid, d), v in EXPECTED.items() if sid == scheme and v is not None}
    return competition_ranks(marks)


async def test_a_month_for_every_district_and_scheme_equals_the_reference(api: Api, reader: TopicReader,
                                                                          broker: str) -> None:
    submissions = month(MONTH)
    EXPECTED.update({(s.scheme, s.district): s.values for s in submissions})
    await submit(broker, submissions)
    await reader.wait_for(lambda r: len(_latest_scored(r, MONTH)) == len(submissions), 60, "every score")
    for (scheme, district), data in _latest_scored(reader, MONTH).items():
        marks = reference_marks(SCHEMES[scheme], EXPECTED[(scheme, district)] or {})
        assert (data["marks"], data["grade"], data["status"]) == (
            marks, reference_grade(SCHEMES[scheme], marks), "scored"), (scheme, district)
    units = len(districts())
    await reader.wait_for(lambda r: all(_ranked_settled(r, s, MONTH, units) for s in SCHEMES), 30, "rankings")
    for scheme in SCHEMES:
        ranking = latest(reader, "scheme.ranked.v1", scheme=scheme, period=MONTH)
        assert ranking is not None
        assert {row["district"]: row["rank"] for row in ranking["ranks"]} == _expected_ranks(scheme)
        assert ranking["coverage"] == 1.0


async def test_districts_with_equal_marks_share_a_rank_and_the_next_rank_is_skipped(reader: TopicReader) -> None:
    tied = districts()[:4]
    for scheme in SCHEMES:
        ranking = latest(reader, "scheme.ranked.v1", scheme=scheme, period=MONTH)
        assert ranking is not None
        rows = {row["district"]: row["rank"] for row in ranking["ranks"]}
        shared = rows[tied[0]]
        assert [rows[d] for d in tied] == [shared] * 4
        sharing = sum(1 for r in rows.values() if r == shared)
        below = sorted(r for r in rows.values() if r > shared)
        assert below == [] or below[0] == shared + sharing  # 1, 2, 2, 4


async def test_a_duplicate_submission_changes_nothing(api: Api, reader: TopicReader, broker: str) -> None:
    original = month(MONTH)[5]
    again = Submission(original.submission_id, original.scheme, original.district, MONTH,
                       {k: 0.0 for k in original.values})
    sentinel = _revision(month(MONTH)[6], 2)
    EXPECTED[(sentinel.scheme, sentinel.district)] = sentinel.values
    before = len(scored(reader))
    await submit(broker, [again, original, sentinel])
    await reader.wait_for(lambda r: any(d["submission_id"] == sentinel.submission_id for d in scored(r)), 30)
    assert [d["submission_id"] for d in scored(reader)[before:]] == [sentinel.submission_id]
    body = (await api.get(f"/v1/districts/{original.district}/{MONTH}")).json()
    stored = next(s for s in body["schemes"] if s["scheme"] == original.scheme)
    assert (stored["values"], stored["submission_id"]) == (original.values, original.submission_id)
    metrics = (await api.get("/metrics")).text
    assert 'anushravan_scoring_submissions_total{outcome="duplicate"} 2.0' in metrics


def _revision(base: Submission, revision: int, **values: float) -> Submission:
    figures = {**base.values, **values}
    return Submission(f"{base.submission_id[:-3]}-r{revision}", base.scheme, base.district, base.period,
                      figures, revision)


async def test_a_later_revision_replaces_an_earlier_one_whatever_the_order_of_arrival(
        api: Api, reader: TopicReader, broker: str) -> None:
    by_district = {s.district: s for s in month(MONTH) if s.scheme == "t-percent"}
    late, early = by_district["agra"], by_district["aligarh"]
    newest_first = [_revision(late, 3, progress=90.0), _revision(late, 2, progress=10.0)]
    oldest_first = [_revision(early, 2, progress=10.0), _revision(early, 3, progress=95.0)]
    await submit(broker, [*newest_first, *oldest_first])
    EXPECTED[("t-percent", "agra")] = newest_first[0].values
    EXPECTED[("t-percent", "aligarh")] = oldest_first[1].values
    await reader.wait_for(lambda r: any(d["submission_id"] == oldest_first[1].submission_id for d in scored(r)), 30)
    ids = [d["submission_id"] for d in scored(reader)]
    assert newest_first[1].submission_id not in ids  # arrived after revision 3: counts for nothing
    for district, progress in (("agra", 90.0), ("aligarh", 95.0)):
        body = (await api.get(f"/v1/districts/{district}/{MONTH}")).json()
        stored = next(s for s in body["schemes"] if s["scheme"] == "t-percent")
        assert (stored["revision"], stored["values"]["progress"], stored["marks"]) == (3, progress, progress / 10)


async def test_an_implausible_figure_is_quarantined_and_left_out_of_the_ranks(
        api: Api, reader: TopicReader, broker: str) -> None:
    base = next(s for s in month(MONTH) if s.scheme == "t-ratio" and s.district == "lucknow")
    bad = _revision(base, 2, paid=base.values["due"] * 8.4849)
    EXPECTED[("t-ratio", "lucknow")] = None
    await submit(broker, [bad])
    await reader.wait_for(lambda r: any(d["submission_id"] == bad.submission_id for d in scored(r)), 30)
    event = next(d for d in scored(reader) if d["submission_id"] == bad.submission_id)
    assert event["status"] == "quarantined"
    assert (event["marks"], event["grade"], event["rank"]) == (None, None, None)
    units = len(districts())
    await reader.wait_for(lambda r: _ranked_settled(r, "t-ratio", MONTH, units - 1), 30, "the ranking without it")
    ranking = latest(reader, "scheme.ranked.v1", scheme="t-ratio", period=MONTH)
    assert ranking is not None and "lucknow" not in {row["district"] for row in ranking["ranks"]}
    assert {row["district"]: row["rank"] for row in ranking["ranks"]} == _expected_ranks("t-ratio")
    body = (await api.get(f"/v1/districts/lucknow/{MONTH}")).json()
    rows = {row["scheme"]: row for row in body["schemes"]}
    assert rows["t-ratio"]["status"] == "quarantined" and rows["t-ratio"]["reasons"]
    assert {r["code"] for r in rows["t-ratio"]["reasons"]} == {"implausible"}
    assert all(row["reasons"] == [] for scheme_id, row in rows.items() if scheme_id != "t-ratio")


def _raw(value: bytes) -> tuple[str, bytes]:
    return "t-ratio", value


def _bad(**data: Any) -> tuple[str, bytes]:
    good = month(MONTH)[0].data()
    good.update(submission_id=f"bad-{uuid.uuid4().hex[:8]}")
    good.update(data)
    return str(good.get("scheme")), event_bytes("progress.submitted.v1", good)


def _unencodable() -> tuple[str, bytes]:
    """JSON may carry a lone surrogate as an escape; no UTF-8 encoder takes it."""
    data = {**month(MONTH)[0].data(), "submission_id": "bad-surrogate"}
    data["values"] = {**data["values"], "x\ud800": 1}
    envelope = {"specversion": "1.0", "id": "bad-surrogate", "type": "progress.submitted.v1", "source": "tests",
                "data": data}
    return "t-ratio", json.dumps(envelope).encode()  # ensure_ascii: the surrogate stays an escape


def _not_finite() -> tuple[str, bytes]:
    """JSON has no NaN, but many encoders write one anyway (and Python reads it)."""
    data = {**month(MONTH)[0].data(), "submission_id": "bad-nan"}
    data["values"] = {**data["values"], "paid": float("nan")}
    envelope = {"specversion": "1.0", "id": "bad-nan", "type": "progress.submitted.v1", "source": "tests",
                "data": data}
    return "t-ratio", json.dumps(envelope).encode()


async def test_every_refusal_reason_appears_on_progress_rejected(api: Api, reader: TopicReader, broker: str) -> None:
    await publish_period_event(broker, "freeze", "2025-12")
    await reader.wait_for(lambda r: any(e["data"]["period"] == "2025-12"
                                        for e in r.events("scoring.period-closed.v1")), 30, "the freeze")
    ok = month(MONTH)[0].values
    bad = [
        _raw(b"{not json"),
        _raw(b'{"specversion": "1.0", "type": "progress.submitted.v1"}'),
        _bad(scheme="no-such-scheme"), _bad(district="atlantis"),
        _bad(values={**ok, "extra": 1}), _bad(values={"paid": 1}),
        _bad(values={**ok, "paid": "many"}), _not_finite(),
        _bad(values={**ok, "paid": -1}), _bad(values=[1, 2]), _bad(period="2026-13"),
        _bad(period="2026-04"), _bad(period="2025-12"), _bad(revision=0), _bad(period="0000-01"),
        _bad(values={**ok, "paid": 1e16}), _unencodable(),
    ]
    await produce(broker, "progress.submitted", bad)
    wanted = {*REASON_CODES, "malformed_json", "invalid_envelope", "invalid_payload"}
    await reader.wait_for(lambda r: _codes(r) >= wanted, 30, "every refusal reason")
    refusal = next(e["data"] for e in reader.events("progress.rejected.v1")
                   if any(x["code"] == "negative" for x in e["data"]["reasons"]))
    assert refusal["reasons"] == [{"field": "values.paid", "code": "negative", "message": "must be ≥ 0"}]
    assert refusal["scheme"] == "t-ratio" and refusal["raw"].startswith("{")


def _codes(reader: TopicReader) -> set[str]:
    return {x["code"] for e in reader.events("progress.rejected.v1") for x in e["data"]["reasons"]}


async def test_freezing_the_month_publishes_final_rankings_and_composite_equal_to_the_reference(
        api: Api, reader: TopicReader, broker: str) -> None:
    await publish_period_event(broker, "freeze", MONTH)
    await reader.wait_for(lambda r: latest(r, "composite.ranked.v1", period=MONTH, final=True) is not None
                          and all(latest(r, "scheme.ranked.v1", scheme=s, period=MONTH, final=True)
                                  for s in SCHEMES), 30, "the final rankings")
    for scheme in SCHEMES:
        final = latest(reader, "scheme.ranked.v1", scheme=scheme, period=MONTH, final=True)
        assert final is not None
        assert {row["district"]: row["rank"] for row in final["ranks"]} == _expected_ranks(scheme)
    accepted = {k: reference_marks(SCHEMES[k[0]], v) for k, v in EXPECTED.items() if v is not None}
    composite = latest(reader, "composite.ranked.v1", period=MONTH, final=True)
    assert composite is not None
    expected = reference_composite(accepted, SCHEMES.values())
    assert {row["district"]: row["marks"] for row in composite["ranks"]} == expected
    assert {row["district"]: row["rank"] for row in composite["ranks"]} == competition_ranks(expected)
    revenue = reference_composite(accepted, [s for s in SCHEMES.values() if s.category == "revenue"])
    assert {row["district"]: row["categories"]["revenue"]["marks"] for row in composite["ranks"]} == revenue


async def test_a_frozen_period_refuses_submissions(api: Api, reader: TopicReader, broker: str) -> None:
    late = _revision(month(MONTH)[0], 9)
    await submit(broker, [late])
    await reader.wait_for(lambda r: any(e["data"]["submission_id"] == late.submission_id
                                        for e in r.events("progress.rejected.v1")), 30)
    refusal = next(e["data"] for e in reader.events("progress.rejected.v1")
                   if e["data"]["submission_id"] == late.submission_id)
    assert [x["code"] for x in refusal["reasons"]] == ["period_frozen"]


async def test_the_http_api_serves_rankings_composite_and_a_districts_scores(api: Api) -> None:
    ranking = (await api.get(f"/v1/rankings/t-ratio/{MONTH}")).json()
    assert ranking["final"] is True and ranking["of"] == len(districts()) - 1
    composite = (await api.get(f"/v1/composite/{MONTH}")).json()
    assert composite["final"] is True
    body = (await api.get(f"/v1/districts/kanpur-nagar/{MONTH}")).json()
    assert {s["scheme"] for s in body["schemes"]} == set(SCHEMES)
    row = next(r for r in composite["ranks"] if r["district"] == "kanpur-nagar")
    assert (body["composite"]["rank"], body["composite"]["marks"], body["composite"]["final"]) == (
        row["rank"], row["marks"], True)
    for path, code in ((f"/v1/rankings/no-such-scheme/{MONTH}", "unknown_scheme"),
                       ("/v1/rankings/t-ratio/2019-01", "not_found"), ("/v1/composite/2019-01", "not_found"),
                       (f"/v1/districts/atlantis/{MONTH}", "unknown_district")):
        response = await api.get(path)
        assert (response.status_code, response.json()["errors"][0]["code"]) == (404, code), path


async def test_next_month_carries_last_months_final_result_and_explains_the_move(
        api: Api, reader: TopicReader, broker: str) -> None:
    final = latest(reader, "scheme.ranked.v1", scheme="t-ratio", period=MONTH, final=True)
    assert final is not None
    row = next(r for r in final["ranks"] if r["district"] == "kanpur-nagar")
    nxt = Submission(f"{NEXT}-t-ratio-kanpur-nagar-r1", "t-ratio", "kanpur-nagar", NEXT, {"paid": 10.0, "due": 10.0})
    await submit(broker, [nxt])
    await reader.wait_for(lambda r: any(d["submission_id"] == nxt.submission_id for d in scored(r)), 30)
    event = next(d for d in scored(reader) if d["submission_id"] == nxt.submission_id)
    assert event["previous"] == {"period": MONTH, "marks": row["marks"], "grade": row["grade"],
                                 "rank": row["rank"], "of": final["of"]}
    explained = (await api.get(f"/v1/districts/kanpur-nagar/{NEXT}/explain")).json()
    # Nine graded schemes weighing 10 in all: 10 marks on one of weight 1 make a composite of 1.
    assert (explained["previous_period"], explained["after"]) == (MONTH, 1.0)
    assert explained["change"] == round(1.0 - explained["before"], 2)
    sizes = [abs(s["contribution"]) for s in explained["schemes"]]
    assert sizes == sorted(sizes, reverse=True) and len(sizes) == 9


def _composite_of(reader: TopicReader, period: str, district: str) -> float | None:
    composite = latest(reader, "composite.ranked.v1", period=period)
    row = next((r for r in composite["ranks"] if r["district"] == district), None) if composite else None
    return None if row is None else float(row["marks"])


def _scored_after(reader: TopicReader, count: int, **match: Any) -> list[dict[str, Any]]:
    return [d for d in scored(reader)[count:] if all(d[k] == v for k, v in match.items())]


async def test_a_changed_scheme_is_re_scored_in_open_periods_and_a_retired_one_leaves_the_composite(
        reader: TopicReader, broker: str) -> None:
    half = Submission(f"{NEXT}-t-bands-kanpur-nagar-r1", "t-bands", "kanpur-nagar", NEXT, {"done": 1.0, "due": 2.0})
    await submit(broker, [half])
    await reader.wait_for(lambda r: _composite_of(r, NEXT, "kanpur-nagar") == 1.5, 30, "10 and 5 of 10")
    seen = len(scored(reader))
    ratio = SCHEMES["t-ratio"]
    halved = ratio.model_copy(update={"kpis": [ratio.kpis[0].model_copy(update={"target": 2.0})]})
    await publish_catalog(broker, [halved], retire=["t-bands"])
    await reader.wait_for(lambda r: bool(_scored_after(r, seen, scheme="t-ratio", period=NEXT)), 30, "the re-score")
    [rescored] = _scored_after(reader, seen, scheme="t-ratio", period=NEXT)
    assert (rescored["district"], rescored["marks"], rescored["grade"], rescored["revision"]) == (
        "kanpur-nagar", 5.0, "C", 1)
    # Eight graded schemes weighing 9 remain: 5 marks on one of them.
    await reader.wait_for(lambda r: _composite_of(r, NEXT, "kanpur-nagar") == 0.56, 30, "the composite without t-bands")
    assert _scored_after(reader, seen, period=MONTH) == []  # a frozen period is never re-scored
