"""The one date written into built files, so that rebuilding the same sources gives the same bytes."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from nextround.errors import BuildError

# Used when SOURCE_DATE_EPOCH is not set: any fixed date keeps rebuilds identical.
DEFAULT_DATE = datetime(2026, 1, 1, tzinfo=UTC)


def build_date() -> datetime:
    """SOURCE_DATE_EPOCH (the reproducible-builds convention) when it is set, else DEFAULT_DATE."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return DEFAULT_DATE
    try:
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    except (ValueError, OverflowError, OSError):
        raise BuildError(
            f"SOURCE_DATE_EPOCH is {epoch!r}, which is not a number of seconds since 1970. "
            "Set it to a whole number such as 1767225600, or unset it."
        ) from None
