"""Data Quality Index: how well a department, or a district, reported a month (issue 21).

The month owes one submission per scheme and district: a *slot*. Five components, 0–100:
  timeliness    slots whose first accepted submission came by the scheme's deadline, of slots owed
  completeness  slots with an accepted submission at all, of slots owed
  validity      accepted submissions, of every submission sent (accepted + refused)
  stability     slots not revised after the deadline, of slots present
  plausibility  slots never quarantined, of slots present
A group with no accepted submission at all scores 0 on every component: no data is not good
data, and a department that sent nothing must not look better than one whose figures were
late or refused. (Otherwise a component's denominator is never 0.) The index is the weighted mean
of the five (`DqiWeights`); components and index are rounded half up to two decimals.
Formulas and a worked month: docs/data-quality.md.
"""

from .groups import by_department, by_district, lowest
from .index import COMPONENTS, quality
from .records import Arrival, DqiWeights, Expected, Quality, Refusal

__all__ = ["COMPONENTS", "Arrival", "DqiWeights", "Expected", "Quality", "Refusal", "by_department",
           "by_district", "lowest", "quality"]
