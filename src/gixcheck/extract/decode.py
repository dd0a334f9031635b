"""Bytes to text for text-like inputs: BOM, then strict UTF-8, then the GB family, then sniffing.

Chinese government sites publish UTF-8, GBK, GB2312 and GB18030; GB18030 is a superset of the
other two, so it decodes all of them.  Only when both strict decodings fail is
charset-normalizer asked (imported lazily: it is slow to import and rarely needed).
"""

from __future__ import annotations

import codecs

from gixcheck.extract.document import ExtractionError
from gixcheck.messages import text as message

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_text(data: bytes) -> str:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc)
            except UnicodeDecodeError as exc:
                raise ExtractionError(
                    message("extract.text_bad_encoding", enc=enc, reason=exc.reason)
                ) from None
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ExtractionError(message("extract.text_unknown_encoding"))
    return str(best)
