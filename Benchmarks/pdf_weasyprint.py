#!/usr/bin/env python3
"""Renders the pdf-bench workload (JSON from `pdf-bench --dump-json`) with WeasyPrint (HTML + CSS to PDF).

Same content as the Swift renderer: title block, summary, note, the table with a repeated header
(thead), zebra rows, state colours, wrapped cells and a "Page N of M" footer.
usage: pdf_weasyprint.py rows.json out.pdf
"""
import json
import sys
from html import escape

from weasyprint import HTML

CSS = """
@page { size: A4; margin: 18mm;
  @bottom-left { content: "%(footer)s"; font: 7pt 'DejaVu Sans'; color: #5B6675; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 7pt 'DejaVu Sans'; color: #5B6675; } }
body { font-family: 'DejaVu Sans'; font-size: 9pt; color: #2A3442; margin: 0; }
.brand { color: #1F5F9E; font-weight: bold; }
h1.title { font-size: 20pt; margin: 2pt 0; color: #1B2430; }
.subtitle { font-size: 11pt; color: #5B6675; border-bottom: 1.4pt solid #1F5F9E; padding-bottom: 10pt; }
.fields { background: #F3F5F8; border-left: 3pt solid #1F5F9E; padding: 10pt; margin: 12pt 0 16pt; }
.fields td.label { color: #5B6675; font-size: 8pt; padding-right: 12pt; }
h2 { font-size: 13pt; color: #1B2430; border-bottom: 0.6pt solid #D9DEE5; padding-bottom: 3pt; }
.note { background: #FDF4E3; border-left: 3pt solid #C77C02; padding: 7pt; font-size: 8.5pt; }
table.rows { width: 100%%; border-collapse: collapse; font-size: 7.5pt; table-layout: fixed; }
table.rows th { background: #E4E9EF; text-align: left; border-bottom: 0.8pt solid #98A4B3; padding: 3pt 4.5pt; }
table.rows td { border-bottom: 0.35pt solid #D9DEE5; padding: 3pt 4.5pt; vertical-align: top; overflow-wrap: anywhere; }
table.rows tr { page-break-inside: avoid; }
table.rows tbody tr:nth-child(even) { background: #F7F9FB; }
td.b { font-weight: bold; }
td.muted { color: #7D8795; }
td.danger { color: #B42318; background: #FDE8E6; font-weight: bold; }
td.warning { color: #A64B00; background: #FDEFD9; font-weight: bold; }
td.caution { color: #7A6200; background: #FBF5C8; font-weight: bold; }
a { color: #1F5FBF; }
"""


def main(source, target):
    with open(source, encoding="utf-8") as handle:
        data = json.load(handle)
    total = sum(column["width"] for column in data["columns"])
    parts = ["<html><head><meta charset='utf-8'><title>%s</title><style>%s</style></head><body>"
             % (escape(data["title"]), CSS % {"footer": data["footer"].replace('"', '\\"')})]
    parts.append("<div class='brand'>%s</div><h1 class='title'>%s</h1><div class='subtitle'>%s</div>"
                 % (escape(data["product"]), escape(data["title"]), escape(data["subtitle"])))
    parts.append("<div class='fields'><table>")
    for field in data["fields"]:
        value = escape(field["value"])
        if field["link"]:
            value = "<a href='%s'>%s</a>" % (escape(field["link"]), value)
        parts.append("<tr><td class='label'>%s</td><td>%s</td></tr>" % (escape(field["label"]), value))
    parts.append("</table></div><h2>Summary</h2><p>%s</p><div class='note'>%s</div><h2>Affected objects</h2>"
                 % (escape(data["summary"]), escape(data["note"])))
    parts.append("<table class='rows'><colgroup>")
    parts += ["<col style='width:%.3f%%'>" % (100 * column["width"] / total) for column in data["columns"]]
    parts.append("</colgroup><thead><tr>")
    parts += ["<th>%s</th>" % escape(column["title"]) for column in data["columns"]]
    parts.append("</tr></thead><tbody>")
    for row in data["rows"]:
        cells = []
        for cell in row:
            classes = [cell["tone"]] + (["b"] if cell["bold"] else [])
            cells.append("<td class='%s'>%s</td>" % (" ".join(classes), escape(cell["text"])))
        parts.append("<tr>%s</tr>" % "".join(cells))
    parts.append("</tbody></table></body></html>")
    HTML(string="".join(parts)).write_pdf(target)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
