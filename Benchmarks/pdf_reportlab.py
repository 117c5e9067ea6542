#!/usr/bin/env python3
"""Renders the pdf-bench workload (JSON from `pdf-bench --dump-json`) with ReportLab platypus.

Same content as the Swift renderer: title block, summary, note, the table with a repeated header,
zebra rows, state colours, wrapped cells and a "Page N of M" footer.
usage: pdf_reportlab.py rows.json out.pdf
"""
import json
import sys

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from xml.sax.saxutils import escape

FONT_DIR = "/usr/share/fonts/truetype/dejavu/"
pdfmetrics.registerFont(TTFont("DejaVu", FONT_DIR + "DejaVuSans.ttf"))
pdfmetrics.registerFont(TTFont("DejaVu-Bold", FONT_DIR + "DejaVuSans-Bold.ttf"))

TONE_TEXT = {"normal": "#2A3442", "danger": "#B42318", "warning": "#A64B00", "caution": "#7A6200", "muted": "#7D8795"}
TONE_FILL = {"danger": "#FDE8E6", "warning": "#FDEFD9", "caution": "#FBF5C8"}
MARGIN = 18 * mm


def style(name, size, bold=False, colour="#2A3442", leading=None):
    return ParagraphStyle(name, fontName="DejaVu-Bold" if bold else "DejaVu", fontSize=size,
                          leading=leading or size * 1.2, textColor=colors.HexColor(colour))


class NumberedCanvas(canvas.Canvas):
    """Defers pages until the end so the footer can say "of M"."""

    footer = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._saved = []

    def showPage(self):
        self._saved.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        count = len(self._saved)
        for state in self._saved:
            self.__dict__.update(state)
            self.setFont("DejaVu", 7)
            self.setFillColor(colors.HexColor("#5B6675"))
            self.drawString(MARGIN, 18 * mm - 26, self.footer)
            self.drawRightString(A4[0] - MARGIN, 18 * mm - 26, "Page %d of %d" % (self._pageNumber, count))
            super().showPage()
        super().save()


def main(source, target):
    with open(source, encoding="utf-8") as handle:
        data = json.load(handle)
    NumberedCanvas.footer = data["footer"]
    doc = SimpleDocTemplate(target, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=MARGIN, title=data["title"], author="Forewarn")
    width = A4[0] - 2 * MARGIN
    story = [
        Paragraph(escape(data["product"]), style("brand", 9, True, "#1F5F9E")),
        Paragraph(escape(data["title"]), style("title", 20, True, "#1B2430", 24)),
        Paragraph(escape(data["subtitle"]), style("subtitle", 11, False, "#5B6675")),
        Spacer(1, 12),
    ]
    label = style("label", 8, False, "#5B6675")
    value = style("value", 9, False, "#1B2430")
    rows = []
    for field in data["fields"]:
        text = escape(field["value"])
        if field["link"]:
            text = '<link href="%s" color="#1F5FBF"><u>%s</u></link>' % (escape(field["link"]), text)
        rows.append([Paragraph(escape(field["label"]), label), Paragraph(text, value)])
    fields = Table(rows, colWidths=[70, width - 70])
    fields.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#F3F5F8")),
                                ("LINEBEFORE", (0, 0), (0, -1), 3, colors.HexColor("#1F5F9E")),
                                ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [fields, Spacer(1, 16)]
    story.append(Paragraph("Summary", style("h1", 13, True, "#1B2430")))
    story.append(Paragraph(escape(data["summary"]), style("body", 9)))
    note = Table([[Paragraph(escape(data["note"]), style("note", 8.5))]], colWidths=[width])
    note.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#FDF4E3")),
                              ("LINEBEFORE", (0, 0), (0, -1), 3, colors.HexColor("#C77C02"))]))
    story += [Spacer(1, 6), note, Spacer(1, 12)]
    story.append(Paragraph("Affected objects", style("h1b", 13, True, "#1B2430")))
    story.append(Spacer(1, 6))

    total = sum(column["width"] for column in data["columns"])
    widths = [width * column["width"] / total for column in data["columns"]]
    header_style = style("th", 7.5, True, "#1B2430", 9)
    cell_styles = {}
    for tone, colour in TONE_TEXT.items():
        for bold in (False, True):
            cell_styles[(tone, bold)] = style("td-%s-%s" % (tone, bold), 7.5, bold, colour, 9)
    table_rows = [[Paragraph(escape(column["title"]), header_style) for column in data["columns"]]]
    commands = [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E4E9EF")),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.HexColor("#98A4B3")),
                ("LINEBELOW", (0, 1), (-1, -1), 0.35, colors.HexColor("#D9DEE5")),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F7F9FB")]),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 4.5), ("RIGHTPADDING", (0, 0), (-1, -1), 4.5)]
    for index, row in enumerate(data["rows"], start=1):
        cells = []
        for column, cell in enumerate(row):
            bold = cell["bold"] or cell["tone"] in TONE_FILL
            cells.append(Paragraph(escape(cell["text"]), cell_styles[(cell["tone"], bold)]))
            if cell["tone"] in TONE_FILL:
                commands.append(("BACKGROUND", (column, index), (column, index), colors.HexColor(TONE_FILL[cell["tone"]])))
        table_rows.append(cells)
    table = Table(table_rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(commands))
    story.append(table)
    doc.build(story, canvasmaker=NumberedCanvas)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
