from tests.integration.scoring.test_scoring_resilience import *  # noqa
from tests.integration.scoring.test_scoring_resilience import _stored

async def test_dbg(finished, mongo_url):
    for name, d in finished.items():
        ids = event_ids(d.reader, "scheme.scored.v1")
        print(name, "events", sum(len(v) for v in ids.values()), "distinct", len(ids), "repeated", sum(1 for v in ids.values() if len(v) > 1))
