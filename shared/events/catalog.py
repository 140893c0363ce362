"""`scheme.defined.v1` on the compacted `catalog.schemes`: the payload is the Scheme model."""

from shared.catalog import Scheme

SCHEME_DEFINED = "scheme.defined.v1"
SchemeDefined = Scheme

__all__ = ["SCHEME_DEFINED", "SchemeDefined"]
