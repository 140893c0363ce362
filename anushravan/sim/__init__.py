"""The simulated state: a financial year of departmental figures for every district.

`anushravan.simulate` is the entry point; the modules here are its parts: the calendar,
the figures that produce a wanted score, the districts' levels and trends, and the story
(collapses, an implausible figure, a late department, revisions and duplicates).
"""
