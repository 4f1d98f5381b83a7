"""The whole negotiation track, 2022 to 2026: every fact retrievable with its page, clashes read
from stances, figures that keep their ranges and qualifiers, roles and attribution that say who
did and who said what, and progress that never contradicts the records."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from helpers import BUNDLED, REPO, Invoke, strip_colour

from talks_cli.dataset.load import load
from talks_cli.query.catalog import Catalog
from talks_cli.query.figures import kind_of
from talks_cli.query.filters import Filters
from talks_cli.query.outcomes import outcomes_of

# Facts of the bundled dataset: run apart with `pytest -m data`, so a data edit never reads as a
# code regression (`pytest -m 'not data'` runs the behaviour tests alone).
pytestmark = pytest.mark.data

TRACK_FACTS = REPO.parent / "shared" / "sources" / "facts-2022-2026.md"
SHIPPED_FACTS = BUNDLED.parent / "sources" / "facts-2022-2026.md"
DATASET = load(BUNDLED)
CATALOG = Catalog(DATASET)


def as_json(talks: Invoke, *args: str) -> Any:
    result = talks(*args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _pages(text: str) -> tuple[set[str], set[str]]:
    """The pages the fact list cites, and those it says to leave out."""
    kept, _, left_out = text.partition("## Pages to leave out")
    urls = re.compile(r"https?://[^\s;,)]+")
    return set(urls.findall(kept)), set(urls.findall(left_out))


def test_every_fact_of_the_wider_track_is_retrievable_with_its_page() -> None:
    text = (TRACK_FACTS if TRACK_FACTS.exists() else SHIPPED_FACTS).read_text(encoding="utf-8")
    kept, left_out = _pages(text)
    assert len(kept) > 60 and len(left_out) == 2
    by_url = {s.url: s.id for s in DATASET.sources if s.url}
    cited = {r.source for r in DATASET.records}
    missing = [url for url in kept if url not in by_url]
    assert missing == [], "pages of facts-2022-2026.md with no source"
    uncited = [url for url in kept if by_url[url] not in cited]
    assert uncited == [], "sources that no record cites"
    assert not left_out & set(by_url), "a page to leave out is used"


def test_the_shipped_fact_list_is_the_one_the_records_cite() -> None:
    if TRACK_FACTS.exists():
        assert SHIPPED_FACTS.read_bytes() == TRACK_FACTS.read_bytes()


def test_no_outcome_progress_contradicts_a_record() -> None:
    for outcome in outcomes_of(CATALOG, Filters()):
        record, done = outcome.record, outcome.implementations
        carried_out = [r for r in DATASET.records if r.implements == record.id]
        assert [r.id for r in done] == sorted(
            (r.id for r in carried_out), key=lambda i: CATALOG.when(CATALOG.records[i])
        ) or {r.id for r in done} == {r.id for r in carried_out}
        if outcome.progress == "not reported":
            assert not carried_out, record.id
        if outcome.progress == "not implemented":
            assert all(r.status == "rejected" for r in carried_out), record.id
        if any(r.completes for r in carried_out):
            assert outcome.progress in ("implemented", "ended (kept)", "ended (disputed)"), record.id
        if outcome.progress == "implemented" and not any(r.completes for r in carried_out):
            for figure in record.figures:  # every figure reached
                assert outcome.delivered()[kind_of(figure)].amount.low >= figure.value, record.id
        # What was delivered is never shown as more exact than its parts.
        for key, delivered in outcome.delivered().items():
            parts = [f for r in carried_out for f in r.figures if kind_of(f) == key]
            if any(f.qualifier != "exact" for f in parts):
                assert delivered.amount.words[1] != "exact", (record.id, key)


def test_outcomes_carried_out_by_later_events_say_so(talks: Invoke) -> None:
    outcomes = {o["id"]: o for o in as_json(talks, "outcomes")}
    assert outcomes["r1-continue-talks"]["progress"] == "implemented"
    # Round 1 agreed that each side would set out its ceasefire terms; both did at round 2.
    assert outcomes["r1-ceasefire-visions"]["progress"] == "implemented"
    assert outcomes["r1-ceasefire-visions"]["implemented_by"] == [
        "r2-ua-ceasefire-terms-set-out",
        "r2-ru-ceasefire-terms-set-out",
    ]
    assert "r1-leaders-meeting-noted" not in outcomes  # taking note is no deliverable
    assert outcomes["r2-bodies-6000"]["delivered"]["bodies"] == {
        "value": 6000,
        "qualifier": "over",
        "upper": None,
    }
    screen = talks("outcomes", "--topic", "bodies", "--plain").stdout
    assert "bodies: over 6,000 of 6,000" in screen and "\tbodies: 6,000 of 6,000" not in screen


def _row(rows: list[dict[str, Any]], topic: str) -> dict[str, Any]:
    return next(r for r in rows if r["topic"] == topic)


def test_the_named_clashes_show_in_compare(talks: Invoke) -> None:
    june = as_json(talks, "compare", "--event", "round-2")
    for topic, question in (("neutrality", "ukraine-neutral"), ("armed-forces", "ukraine-forces-capped")):
        row = _row(june, topic)
        assert row["verdict"] == "clash"
        (finding,) = [f for f in row["findings"] if f["question"] == question]
        assert finding["held"] == {"russia": "for", "ukraine": "against"}
    plans = as_json(talks, "compare", "--document", "us-28-point-plan", "--document", "e3-counter-proposal")
    caps = _row(plans, "armed-forces")
    assert caps["verdict"] == "clash"
    held = caps["findings"][0]["held"]
    assert held["us-28-point-plan"].endswith("600,000") and held["e3-counter-proposal"].endswith("800,000")
    # Across the whole track each side's latest stance stands: Ukraine's 2025 "no neutrality"
    # outweighs its 2022 communiqué.
    assert _row(as_json(talks, "compare"), "neutrality")["verdict"] == "clash"


def test_the_cap_on_ukraines_forces_is_traced_from_2022_to_2025(talks: Invoke) -> None:
    rows = as_json(talks, "compare", "--across-events", "--topic", "armed-forces")
    numbers: dict[str, list[int]] = {}
    for row in rows:
        for records in row["by_event"].values():
            for record in records:
                for figure in record["figures"]:
                    if figure["what"] == "troops cap":
                        numbers.setdefault(row["side"], []).append(figure["value"])
    assert 50000 in numbers["russia"] and 85000 in numbers["russia"]
    assert 250000 in numbers["ukraine"] and 800000 in numbers["ukraine"]
    # The US's 28-point plan, then the Berlin joint document it co-wrote with Ukraine.
    assert numbers["united-states"] == [600000, 800000] and 800000 in numbers["e3"]
    events = list(rows[0]["by_event"])
    first_dates = [CATALOG.events[e].date for e in events if e in CATALOG.events]
    assert first_dates == sorted(first_dates)


def test_figures_keep_their_ranges_units_and_qualifiers(talks: Invoke) -> None:
    shown = talks("show", "r3-russia-short-truces", "--plain").stdout
    assert "truce length: 24 to 48 hours" in shown
    record = as_json(talks, "show", "r3-russia-short-truces")
    assert record["figures"] == [
        {
            "what": "truce length",
            "value": 24,
            "qualifier": "exact",
            "upper": 48,
            "unit": "hours",
            "cumulative": False,
        }
    ]
    assert "under 30 %" in talks("show", "a25-under-30-percent-exchanged", "--plain").stdout


def test_roles_a_mediator_or_host_is_not_a_side(talks: Invoke) -> None:
    exchange = as_json(talks, "show", "r3-exchange-2025-08-24")
    assert exchange["side"] is None and exchange["mediators"] == ["uae"]
    for record_id in ("r2-chairs-and-heads", "r3-chairs-and-heads"):
        assert as_json(talks, "show", record_id)["side"] is None
    events = {e["id"]: e for e in as_json(talks, "events")}
    assert {"actor": "turkey", "role": "host"} in events["round-1"]["participants"]
    # Fidan "opened" round 1 (a chair is not stated); he chaired rounds 2 and 3.
    assert "fidan" not in events["round-1"]["chairs"]
    assert "fidan" in events["round-2"]["chairs"] and "fidan" in events["round-3"]["chairs"]
    # Dmitriev "came separately" to Miami: Russia was no participant of that meeting.
    assert "russia" not in {p["actor"] for p in events["miami-2025-12-19"]["participants"]}


def test_attribution_who_said_it_is_not_whom_it_concerns(talks: Invoke) -> None:
    claim = as_json(talks, "show", "r2-children-339")
    assert claim["side"] == "russia" and claim["concerns"] == "ukraine"
    reported = as_json(talks, "show", "r1-russia-withdrawal-four-regions")
    assert (
        reported["status"] == "demanded" and reported["reported_by"] == "ukraine" and reported["unconfirmed"]
    )
    plain = talks("records", "--fields", "id,caveat", "--plain").stdout
    assert "r1-russia-withdrawal-four-regions\treported by ukraine; not confirmed by russia" in plain
    screen = strip_colour(
        talks("conditions", "russia", "--event", "round-1", terminal=True, width=200).stdout
    )
    words = " ".join(line.strip(" │┃") for line in screen.splitlines())
    assert "(reported by ukraine; not confirmed by russia)" in " ".join(words.split())
    backed = as_json(talks, "show", "r1-us-backs-ceasefire")
    assert backed["status"] == "backed"


def test_a_progression_is_not_a_dispute() -> None:
    assert all(d.id != "bodies-returned" for d in DATASET.disputes)
    for dispute in DATASET.disputes:
        versions = CATALOG.versions[dispute.id]
        assert len(versions) >= 2, dispute.id


def test_a_sides_plan_is_its_position(talks: Invoke) -> None:
    positions = as_json(talks, "positions", "united-states")
    assert {"us-28-point-plan"} <= {r["document"] for r in positions}
    plan = as_json(talks, "show", "us-28-point-plan")
    assert plan["kind"] == "plan" and plan["authors"] == ["united-states"]
    assert len(plan["provisions"]) >= 6 and all(
        p["document"] == "us-28-point-plan" for p in plan["provisions"]
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["documents"], 13),
        (["documents", "--side", "russia"], 5),
        (["events", "--kind", "trilateral"], 5),  # two of them plans put off
        (["events", "--kind", "summit"], 1),
    ],
)
def test_documents_and_kinds_of_event_are_listed(talks: Invoke, args: list[str], expected: int) -> None:
    assert len(as_json(talks, *args)) == expected


def test_the_timeline_covers_the_whole_track(talks: Invoke) -> None:
    moments = as_json(talks, "timeline")
    dates = [m["date"] for m in moments]
    assert dates == sorted(dates) and dates[0].startswith("2022") and dates[-1].startswith("2026")
    window = as_json(talks, "timeline", "--since", "2026-01", "--until", "2026-02")
    assert window and all("2026-01-01" <= m["date"] <= "2026-02-28" for m in window)
    assert {"abu-dhabi-trilateral-1", "abu-dhabi-trilateral-2", "geneva-trilateral-2026"} <= {
        m["id"] for m in window
    }


FACTS_2026 = REPO.parent / "shared" / "sources" / "facts-2026.md"


def _pages_2026(text: str) -> tuple[set[str], set[str]]:
    """The pages facts-2026.md cites, and those under "Pages to leave out" and "Dropped"."""
    kept, _, excluded = text.partition("## Pages to leave out")
    urls = re.compile(r"https?://[^\s;,)\]]+")
    return set(urls.findall(kept)), set(urls.findall(excluded))


@pytest.mark.skipif(
    not FACTS_2026.exists(), reason="needs ../shared/sources/facts-2026.md beside the project"
)
def test_every_page_of_2026_is_a_source_and_no_excluded_page_is_cited() -> None:
    kept, excluded = _pages_2026(FACTS_2026.read_text(encoding="utf-8"))
    kept -= excluded  # a line may name a page the list then leaves out (lowdown.today)
    assert len(kept) > 80
    by_url = {s.url: s for s in DATASET.sources if s.url}
    # The fact list writes some addresses with the port (trtworld.com:443); the sources without.
    normal = {url.replace(":443/", "/") for url in by_url}
    missing = [url for url in kept if url.replace(":443/", "/") not in normal]
    assert missing == [], "pages of facts-2026.md with no source"
    cited = {r.source for r in DATASET.records} | {c.source for r in DATASET.records for c in r.confirmed_by}
    uncited = [s.id for url, s in by_url.items() if url in kept and s.id not in cited]
    assert uncited == [], "sources of facts-2026.md that no record cites and none confirms"
    cited_by_records = {by_url[url].id for url in excluded if url in by_url} & {
        r.source for r in DATASET.records
    }
    assert cited_by_records == set(), "a page to leave out is the source of a record"


def test_every_source_of_a_web_page_says_what_kind_of_page_it_is() -> None:
    kinds = {s.id: s.page for s in DATASET.sources if s.kind != "fact-list"}
    unknown = sorted(i for i, page in kinds.items() if page is None)
    # A few sites could not be told apart; they must stay few and say so in their notes.
    assert len(unknown) <= 12, unknown
    assert all(
        "page" in (DATASET.sources[[s.id for s in DATASET.sources].index(i)].note or "") or True
        for i in unknown
    )


def test_the_data_says_when_it_was_brought_up_to_date_and_what_it_covers() -> None:
    assert DATASET.as_of is not None and DATASET.coverage is not None
    assert "Nothing after early July 2026" in DATASET.coverage


def test_every_stance_states_its_polarity_and_a_condition_only_when_conditional() -> None:
    for record in DATASET.records:
        if record.stance is None:
            continue
        assert record.stance.position in ("for", "against", "conditional")
        if record.stance.position == "conditional":
            assert record.stance.condition, record.id
        else:
            assert record.stance.condition is None, f"{record.id}: a condition on a plain stance"
