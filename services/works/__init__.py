"""works — construction works: their monthly progress, assessments and standings (docs/works.md)."""
