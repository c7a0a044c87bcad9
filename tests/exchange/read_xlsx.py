"""An independent reader of Folio's workbooks, for the tests: openpyxl opens the
file and this prints what a spreadsheet would see, as JSON on stdout.

    python3 read_xlsx.py FILE.xlsx

For each sheet: its name, frozen pane, autofilter range, column widths, and every
cell as {"v": value, "t": openpyxl data type ("s" string, "n" number, "d" date,
"f" formula), "fmt": number format, "date": whether openpyxl reads it as a date,
"c": the value a spreadsheet that does not recalculate shows (a formula's cached
result)};
the document properties; and, from the raw XML, how many formula elements each
sheet holds (a string cell never has one).
"""

import datetime
import json
import re
import sys
import zipfile

import openpyxl


def plain(v):
    if isinstance(v, (datetime.datetime, datetime.date)):
        return v.isoformat()
    return v


def cell(c, cached):
    return {
        "v": plain(c.value),
        "t": c.data_type,
        "fmt": c.number_format,
        "date": c.is_date,
        "c": plain(cached.value),
    }


def main(path):
    wb = openpyxl.load_workbook(path)
    values = openpyxl.load_workbook(path, data_only=True)
    p = wb.properties
    out = {
        "properties": {
            "title": p.title,
            "subject": p.subject,
            "creator": p.creator,
            "description": p.description,
        },
        "sheets": [],
    }
    with zipfile.ZipFile(path) as z:
        app = z.read("docProps/app.xml").decode("utf-8")
        m = re.search(r"<Company>(.*?)</Company>", app)
        out["properties"]["company"] = m.group(1) if m else None
        formulas = {}
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                formulas[name] = len(re.findall(r"<f>", z.read(name).decode("utf-8")))
    for i, (ws, vs) in enumerate(zip(wb.worksheets, values.worksheets)):
        widths = {k: d.width for k, d in ws.column_dimensions.items()}
        out["sheets"].append(
            {
                "name": ws.title,
                "freeze": ws.freeze_panes,
                "autofilter": ws.auto_filter.ref,
                "widths": widths,
                "formulas": formulas.get("xl/worksheets/sheet%d.xml" % (i + 1), 0),
                "rows": [
                    [cell(c, d) for c, d in zip(row, cached)]
                    for row, cached in zip(ws.iter_rows(), vs.iter_rows())
                ],
            }
        )
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
