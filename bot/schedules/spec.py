"""Schedules as people type them, parsed into APScheduler triggers.

    daily 08:00                    weekdays 07:30 Europe/Berlin     weekends 10:00
    mondays 09:15                  every 6h     every 30m     every 2d     hourly
    0 8 * * 1-5                    cron 0 8 * * 1-5 America/New_York

A zone (an IANA name) may follow; without one the configured default applies. Whatever follows
the schedule is the topic filter (`daily 08:00 syria`). Pure functions; times are aware.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from ..errors import UsageError

__all__ = ["MIN_INTERVAL", "Schedule", "parse_schedule"]

MIN_INTERVAL = timedelta(minutes=5)
_EXAMPLE = "/subscribe daily 08:00 Europe/Berlin syria"
_TIME = re.compile(r"([01]?\d|2[0-3])[:.h]([0-5]\d)")
_EVERY = re.compile(r"(\d{1,4})\s*(m|min|mins|minutes?|h|hrs?|hours?|d|days?)")
_CRON_FIELD = re.compile(r"[\d*/,\-a-zA-Z]+")
_DAYS = {
    "mondays": "mon",
    "tuesdays": "tue",
    "wednesdays": "wed",
    "thursdays": "thu",
    "fridays": "fri",
    "saturdays": "sat",
    "sundays": "sun",
}
_SETS = {"daily": "*", "weekdays": "mon-fri", "weekends": "sat,sun", **_DAYS}
_UNIT = {"m": "minutes", "h": "hours", "d": "days"}


@dataclass(frozen=True, slots=True)
class Schedule:
    """A parsed schedule: its canonical text and zone. Triggers are built from these."""

    text: str  # "daily 08:00", "every 6h", "cron 0 8 * * 1-5"
    timezone: str

    def trigger(self, anchor: datetime) -> BaseTrigger:
        """The trigger; `anchor` starts interval schedules (the subscription's creation)."""
        zone = ZoneInfo(self.timezone)
        kind, _, rest = self.text.partition(" ")
        if kind == "every":
            amount, unit = int(rest[:-1]), _UNIT[rest[-1]]
            return IntervalTrigger(**{unit: amount}, start_date=anchor, timezone=zone)
        if kind == "cron":
            return _crontab(rest, zone)
        hour, minute = rest.split(":")
        return CronTrigger(
            day_of_week=_SETS[kind], hour=int(hour), minute=int(minute), timezone=zone
        )

    def fire_times(
        self, after: datetime, until: datetime, anchor: datetime, limit: int = 10_000
    ) -> Iterator[datetime]:
        """Run times in (after, until], oldest first, at most `limit` of them."""
        trigger = self.trigger(anchor)
        moment = after + timedelta(microseconds=1)
        previous: datetime | None = None
        for _ in range(limit):
            fire = trigger.get_next_fire_time(previous, moment)
            if fire is None or fire > until:
                return
            yield fire
            previous, moment = fire, fire + timedelta(microseconds=1)

    def next_after(self, moment: datetime, anchor: datetime) -> datetime | None:
        trigger = self.trigger(anchor)
        fire = trigger.get_next_fire_time(None, moment + timedelta(microseconds=1))
        return fire  # type: ignore[no-any-return]


_WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


def _cron_days(field: str) -> str:
    """A crontab day-of-week field (0 or 7 = Sunday, names, ranges, steps) as the explicit
    list of day names APScheduler reads (its numbers start at Monday, cron's at Sunday)."""
    days: set[int] = set()
    for part in field.lower().split(","):
        spec, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if spec == "*":
            low, high = 0, 6
        else:
            ends = [
                _WEEKDAYS.index(x[:3]) if x[:3] in _WEEKDAYS else int(x) for x in spec.split("-")
            ]
            if any(not 0 <= e <= 7 for e in ends):
                raise ValueError(f"day of week out of range in {field!r}")
            low, high = ends[0], ends[-1] if len(ends) > 1 else (ends[0] if not step_text else 6)
        days.update(d % 7 for d in range(low, high + 1, step))
    return ",".join(_WEEKDAYS[d] for d in sorted(days))


def _crontab(expression: str, zone: ZoneInfo) -> CronTrigger:
    minute, hour, day, month, day_of_week = expression.split()
    return CronTrigger(
        minute=minute,
        hour=hour,
        day=day,
        month=month,
        day_of_week=_cron_days(day_of_week),
        timezone=zone,
    )


def _zone(token: str) -> str | None:
    if token.upper() == "UTC":
        return "UTC"
    if "/" not in token:
        return None
    try:
        ZoneInfo(token)
    except (ZoneInfoNotFoundError, ValueError):
        lowered = {z.lower(): z for z in available_timezones()}
        return lowered.get(token.lower())
    return token


def parse_schedule(text: str, default_zone: str = "UTC") -> tuple[Schedule, str]:
    """The schedule at the start of `text` and the rest (the topic filter), or a `UsageError`
    that shows how to write one."""
    tokens = text.split()
    if not tokens:
        raise UsageError("Please say when, for example: " + _EXAMPLE, _EXAMPLE)
    head = tokens[0].lower()
    used: int
    if head in _SETS:
        match = _TIME.fullmatch(tokens[1]) if len(tokens) > 1 else None
        if match is None:
            raise UsageError(f"Please give a time after “{head}”, such as {head} 08:00.", _EXAMPLE)
        canonical, used = f"{head} {int(match[1]):02d}:{match[2]}", 2
    elif head in ("hourly", "every"):
        amount = "1h" if head == "hourly" else (tokens[1] if len(tokens) > 1 else "")
        every = _EVERY.fullmatch(amount.lower())
        if every is None:
            raise UsageError(
                "Please say how often, such as every 6h, every 30m or every 2d.",
                "/subscribe every 6h",
            )
        unit = every[2][0]
        span = timedelta(**{_UNIT[unit]: int(every[1])})
        if span < MIN_INTERVAL:
            raise UsageError("The shortest schedule is every 5 minutes.", "/subscribe every 6h")
        canonical, used = f"every {int(every[1])}{unit}", 1 if head == "hourly" else 2
    else:
        start = 1 if head == "cron" else 0
        fields = tokens[start : start + 5]
        if len(fields) < 5 or not all(_CRON_FIELD.fullmatch(f) for f in fields):
            raise UsageError(
                "I could not read that schedule. Try daily 08:00, weekdays 07:30 Europe/Berlin, "
                "every 6h, or a cron expression such as 0 8 * * 1-5.",
                _EXAMPLE,
            )
        expression = " ".join(fields)
        try:
            _crontab(expression, ZoneInfo("UTC"))
        except ValueError as error:
            raise UsageError(f"That cron expression does not work: {error}.", _EXAMPLE) from None
        canonical, used = f"cron {expression}", start + 5
    zone = default_zone
    if len(tokens) > used and (found := _zone(tokens[used])) is not None:
        zone, used = found, used + 1
    return Schedule(canonical, zone), " ".join(tokens[used:])
