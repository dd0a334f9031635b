"""Bytes to text for text-like inputs: BOM, then strict UTF-8, then the GB family, then sniffing.

Chinese government sites publish UTF-8, GBK, GB2312 and GB18030; GB18030 is a superset of the
other two, so it decodes all of them.  Only when both strict decodings fail is
charset-normalizer asked (imported lazily: it is slow to import and rarely needed).
"""

from __future__ import annotations

import codecs

from gixcheck.extract.document import ExtractionError

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
                    f"文本编码错误（{enc}）：{exc.reason}", f"bad {enc} text: {exc.reason}"
                ) from None
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ExtractionError(
            "无法识别文本编码（不是文本文件？）", "cannot tell the text encoding (not a text file?)"
        )
    return str(best)
