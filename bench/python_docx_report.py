"""Writes the same report as jixiao (from `jixiao report RECORD -o model.json`) with
python-docx: the same page setup, fonts, headings, paragraphs and tables. Prints milliseconds
per document, measured in-process like jixiao's `write_speed` example.

Usage: python3 bench/python_docx_report.py model.json [RUNS]
"""
import io
import json
import sys
import time

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt


def east_asia(run_or_style, name):
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def write(report):
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(16)
    east_asia(normal, "仿宋_GB2312")
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(28)
    pf.first_line_indent = Pt(32)
    for level, font in [(1, "黑体"), (2, "楷体_GB2312"), (3, "仿宋_GB2312"), (4, "仿宋_GB2312")]:
        st = doc.styles["Heading %d" % level]
        st.font.size = Pt(16)
        east_asia(st, font)
    title = doc.add_paragraph(report["title"])
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for label, value in report["cover"]:
        doc.add_paragraph("%s:%s" % (label, value))
    for b in report["blocks"]:
        kind = b["kind"]
        if kind == "heading":
            doc.add_heading(b["text"], level=min(b["level"], 4))
        elif kind in ("para", "note"):
            doc.add_paragraph(b["text"])
        elif kind == "table":
            if b.get("caption"):
                doc.add_paragraph(b["caption"])
            t = doc.add_table(rows=1, cols=len(b["header"]))
            t.style = "Table Grid"
            for i, h in enumerate(b["header"]):
                t.rows[0].cells[i].text = h
            for row in b["rows"]:
                cells = t.add_row().cells
                for i, v in enumerate(row[: len(cells)]):
                    cells[i].text = v
                    if b["numeric"][i]:
                        cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def main():
    report = json.load(open(sys.argv[1], encoding="utf-8"))
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    size = 0
    start = time.perf_counter()
    for _ in range(runs):
        size = len(write(report))
    ms = (time.perf_counter() - start) * 1000 / runs
    print("docx %.3f ms %d bytes" % (ms, size))


if __name__ == "__main__":
    main()
