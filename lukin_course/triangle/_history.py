"""The course's coding of the US / USSR-Russia / China triangle, period by period.

Each row of the packaged ``triangles`` dataset gives the three signs of one
period, the configuration they make and the work that supports the reading.
Part of :mod:`lukin_course.triangle`.

References
----------
[dittmer1981strategic] [dittmer1987strategic] [lukin2018perspective]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - for type checkers only
    import pandas as pd


def historical_triangles() -> pd.DataFrame:
    """The course's coding of the US / USSR-Russia / China triangle by period.

    Returns
    -------
    pandas.DataFrame
        One row per period: ``period, start_year, end_year, us_russia, us_china,
        russia_china`` (signs), ``configuration``, ``interpretation`` ("yes"
        where the coding of the signs is a judgement rather than a fact),
        ``note`` and the source columns ``source_title, source_publisher,
        source_year, source_url``.

    Notes
    -----
    Loaded with :func:`lukin_course.data.load_dataset` (``"triangles"``), so
    ``df.attrs["citations"]`` lists the sources. Signs are this course's
    coding, each row citing the work that supports its reading of the
    period. Treat rows marked ``interpretation == "yes"`` as arguments to
    discuss, not as data.

    Examples
    --------
    >>> df = historical_triangles()
    >>> df.loc[df.start_year == 1972, "configuration"].item()
    'romantic_triangle'

    References
    ----------
    [dittmer1981strategic] [dittmer1987strategic] [lukin2018perspective]
    """
    from ..data import load_dataset

    return load_dataset("triangles")
