"""Writes tests/exchange/customers.xls, the .xls (BIFF8) fixture of tests/imports.rs.

Rust has no well-kept .xls writer, so the fixture is made once with Python's xlwt
(`pip install xlwt`) and committed; run this again only to change it.
"""
import datetime
import pathlib

import xlwt

book = xlwt.Workbook(encoding="utf-8")
sheet = book.add_sheet("客户")
date = xlwt.easyxf(num_format_str="YYYY-MM-DD")
for c, h in enumerate(["客户编号", "客户名称", "电话", "折扣", "信用额度", "开户日期"]):
    sheet.write(0, c, h)
rows = [
    ("C001", "成都新华书店", 2886661234, 0.65, 5000, datetime.date(2024, 3, 7)),
    ("C002", "Chapter One Leeds", "0113 496 0000", "7折", 1234.5, datetime.date(2024, 3, 8)),
]
for r, row in enumerate(rows, start=1):
    for c, v in enumerate(row):
        if isinstance(v, datetime.date):
            sheet.write(r, c, v, date)
        else:
            sheet.write(r, c, v)
book.save(str(pathlib.Path(__file__).with_name("customers.xls")))
