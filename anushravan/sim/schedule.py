"""The order of a month: reports before the deadline, resends and corrections, the deadline,
late reports, and the freeze."""

from __future__ import annotations

from datetime import datetime, timedelta

from anushravan.sim.actions import Action, Channel, MonthPlan, PeriodMark, Submission, Submit
from anushravan.sim.calendar import last_day, moment
from anushravan.sim.plan import Values, Year, district_figures, scheme_figures, wanted_marks
from anushravan.sim.profiles import keyed_rng
from shared.catalog import Scheme


def submission_id(scheme: Scheme, district: str, period: str, revision: int) -> str:
    return f"{scheme.department.id}-{period}-{district}-{scheme.id}-r{revision}"


def _submission(year: Year, scheme: Scheme, district: str, period: str, revision: int,
                values: Values, at: datetime) -> Submission:
    channel: Channel = "kafka" if scheme.department.id in year.story.kafka_departments else "http"
    return Submission(submission_id=submission_id(scheme, district, period, revision), scheme=scheme.id,
                      department=scheme.department.id, district=district, period=period,
                      revision=revision, values=values, submitted_by=scheme.officer.en,
                      submitted_at=at, channel=channel)


def _special(year: Year, district: str, scheme: str) -> bool:
    story = year.story
    return ((district, scheme) in story.fixed or (district, scheme) in story.fixed_marks
            or (district, scheme) in story.collapses
            or (story.implausible is not None and story.implausible[:2] == (district, scheme)))


def plan_month(year: Year, period: str) -> MonthPlan:
    """Every action of one period, in the order it happens."""
    last = period == year.last
    on_time: list[Submit] = []
    late: list[Submit] = []
    duplicates: list[Submit] = []
    revisions: list[Submit] = []
    for scheme in year.schemes:
        deadline = scheme.deadline_day
        for district, values in scheme_figures(year, scheme, period).items():
            pair = (district, scheme.id)
            if last and pair in year.story.never:
                continue
            rng = keyed_rng(year.seed, "sending", district, scheme.id, period)
            is_late = last and pair in year.story.late
            day = deadline + rng.randint(1, 3) if is_late else rng.randint(1, max(1, deadline - 1))
            at = moment(period, day, rng.uniform(9.0, 18.0))
            correct = not is_late and not _special(year, district, scheme.id) and rng.random() < year.revision_rate
            first = _wrong(year, scheme, district, period) if correct else values
            sub = _submission(year, scheme, district, period, 1, first, at)
            (late if is_late else on_time).append(Submit(sub, "late" if is_late else "on_time"))
            if rng.random() < year.duplicate_rate:
                duplicates.append(Submit(sub, "duplicate"))
            if correct:
                later = at + timedelta(days=rng.randint(1, 3), hours=rng.uniform(0, 6))
                revisions.append(Submit(_submission(year, scheme, district, period, 2, values, later),
                                        "revision"))
    actions: list[Action] = [*_by_time(on_time), *duplicates, *_by_time(revisions)]
    deadline_day = max((s.deadline_day for s in year.schemes), default=25)
    actions.append(PeriodMark("deadline", period, moment(period, deadline_day, 23.99)))
    actions.extend(_by_time(late))
    actions.append(PeriodMark("freeze", period, moment(period, last_day(period).day, 23.0)))
    return MonthPlan(period=period, actions=tuple(actions))


def _wrong(year: Year, scheme: Scheme, district: str, period: str) -> Values:
    """A first report with a figure typed wrong: clearly worse than the truth, still plausible."""
    true = wanted_marks(year, district, scheme.id, period)
    drop = keyed_rng(year.seed, "wrong", district, scheme.id, period).uniform(2.5, 4.5)
    return district_figures(year, scheme, district, period, max(0.0, true - drop))


def _by_time(sends: list[Submit]) -> list[Submit]:
    return sorted(sends, key=lambda s: (s.submission.submitted_at, s.submission.submission_id))
