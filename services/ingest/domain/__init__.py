"""The ingest service's pure rules: what a submission must be, how a batch is read, when a
repeated submission is a duplicate, and how fast a key may call. No I/O, no clock."""
