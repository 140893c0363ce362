"""The configurable texts of the minutes (ANUSHRAVAN_MINUTES_TEXTS_FILE), read at start-up.

```yaml
instructions:                       # replaces the default general instructions ([] = none)
  - {hi: "…", en: "…"}
signature:                          # who signs; "{district}" in a copy line is filled in
  designation: {hi: मुख्य विकास अधिकारी, en: Chief Development Officer}
  copy_to:
    - {hi: "जिलाधिकारी, {district} — सादर अवलोकनार्थ।", en: "District Magistrate, {district}, for kind perusal."}
```
Either key may be left out to keep the default.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from services.reports.domain.inputs import Signature
from services.reports.standings import Texts
from shared.catalog import Names


class _SignatureFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    designation: Names
    copy_to: list[Names] = []


class _TextsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    instructions: list[Names] | None = None
    signature: _SignatureFile | None = None


class TextsFileError(ValueError):
    """The texts file cannot be used; the message names the file and the field."""


def load_texts(path: Path | None) -> Texts:
    """The texts of the file, or the defaults when no file is configured."""
    if path is None:
        return Texts()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        parsed = _TextsFile.model_validate(raw)
    except (OSError, yaml.YAMLError) as exc:
        raise TextsFileError(f"{path}: cannot read the minutes' texts: {exc}") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise TextsFileError(f"{path}: {where}: {first['msg']}") from None
    signature = None
    if parsed.signature is not None:
        signature = Signature(designation=parsed.signature.designation, copy_to=tuple(parsed.signature.copy_to))
    instructions = None if parsed.instructions is None else tuple(parsed.instructions)
    return Texts(instructions=instructions, signature=signature)
