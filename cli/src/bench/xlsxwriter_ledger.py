"""The sales ledger written by Python's XlsxWriter in constant-memory mode, for
`folio bench` to set beside its own writer: the same rows (read from the CSV
export of the same period), the same number formats, frozen header and
autofilter. Prints a JSON line: the seconds the writing pass took (reading
the CSV as it goes), and the seconds a pass that only read it took, so the
writer's own share is the difference."""
import csv
import datetime
import json
import sys
import time

import xlsxwriter

KINDS = ["date", "text", "text", "text", "text", "text", "text",
         "money", "qty", "pct", "money", "money"]


def rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        yield from csv.reader(f)


def main(src, out):
    t = time.perf_counter()
    for _ in rows(src):
        pass
    parse = time.perf_counter() - t

    t = time.perf_counter()
    wb = xlsxwriter.Workbook(out, {"constant_memory": True})
    ws = wb.add_worksheet("销售明细")
    fmt = {
        "money": wb.add_format({"num_format": "#,##0.00"}),
        "qty": wb.add_format({"num_format": "#,##0"}),
        "pct": wb.add_format({"num_format": "0.0%"}),
        "date": wb.add_format({"num_format": "yyyy-mm-dd"}),
    }
    it = rows(src)
    header = next(it)
    for c, h in enumerate(header):
        ws.write_string(0, c, h)
    ws.freeze_panes(1, 0)
    n = 0
    for n, row in enumerate(it, start=1):
        for c, (kind, v) in enumerate(zip(KINDS, row)):
            if v == "":
                continue
            if kind == "text":
                ws.write_string(n, c, v)
            elif kind == "date":
                ws.write_datetime(n, c, datetime.datetime.strptime(v, "%Y-%m-%d"), fmt["date"])
            elif kind == "pct":
                ws.write_number(n, c, float(v.rstrip("%")) / 100, fmt["pct"])
            else:
                ws.write_number(n, c, float(v), fmt[kind])
    ws.autofilter(0, 0, n, len(header) - 1)
    wb.close()
    seconds = time.perf_counter() - t
    # Said on stderr as `folio` says it (see REPORT_PEAK_RSS in bench.rs): the
    # program's own peak, which the kernel's account of a child would not give.
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                print(f"peak_rss_kb={line.split()[1]}", file=sys.stderr)
    print(json.dumps({"seconds": seconds, "parse_seconds": parse, "rows": n}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
