"""Make ``html/padded_cells.html`` and ``html/padded_cells_cut_rows.html`` from the seed page.

Table 三's value cells are padded the way real pages pad them (blank paragraphs above or below
the figure, ``<br/>`` blank lines) and hold row-specific figures, so that a figure read into the
wrong row shows.  Run from ``tests/data``: ``python make_padded_cells.py``; then print each page
with ``chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer
--print-to-pdf=pdf/NAME_saved.pdf html/NAME.html``.
"""

from __future__ import annotations

import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
BLANK = "<p>&nbsp;</p>"


def figures(i: int) -> list[int]:
    natural, business, other = 10 + i, 1 if i % 3 == 0 else 0, i % 2
    return [natural, business, 0, 0, 0, other, natural + business + other]


def cells(i: int) -> str:
    forms = [
        "<td><p>{}</p>" + BLANK + "</td>" if i % 2 else "<td><p>{}</p></td>",
        "<td><br/>{}<br/><br/></td>" if i % 4 == 1 else "<td><p>{}</p></td>",
        "<td><p>{}</p></td>",
        "<td><p>{}</p></td>",
        "<td><p>{}</p></td>",
        "<td>" + BLANK * 2 + "<p>{}</p></td>" if i % 5 == 2 else "<td><p>{}</p></td>",
        "<td>" + BLANK * 3 + "<p>{}</p></td>",  # the padded total
    ]
    return "".join(f.format(x) for f, x in zip(forms, figures(i), strict=True))


def main() -> None:
    seed = (HERE / "html" / "seed_panji_2021_gbk.html").read_bytes().decode("gb18030")
    start = seed.find("<table", seed.find("三、收到和处理"))
    end = seed.find("</table>", start)
    rows = seed[start:end].split("</tr>")
    i = 0
    for k, row in enumerate(rows):
        values = [
            c for c in re.findall(r"<td[^>]*>.*?</td>", row) if re.fullmatch(r"<td>\d+</td>", c)
        ]
        if len(values) == 7:
            rows[k] = row[: row.find(values[0])] + cells(i)
            i += 1
    page = seed[:start] + "</tr>".join(rows) + seed[end:]
    page = page.replace(
        '<table border="1">',
        '<table border="1" cellspacing="0" style="width:640px;border-collapse:collapse">',
    ).replace("charset=gb2312", "charset=utf-8")
    (HERE / "html" / "padded_cells.html").write_text(page, encoding="utf-8")
    # One more blank paragraph before heading 三 moves the page breaks into rows.
    cut = page.replace("<p>三、收到和处理", BLANK + "<p>三、收到和处理", 1)
    (HERE / "html" / "padded_cells_cut_rows.html").write_text(cut, encoding="utf-8")


if __name__ == "__main__":
    main()
