"""Reads a workbook with openpyxl the way jixiao's import does: every sheet, every cell's
value and number format (data_only, i.e. formulas by their cached results). Prints
milliseconds per read, measured in-process like jixiao's `read_speed` example.

Usage: python3 bench/openpyxl_read.py FILE.xlsx [RUNS]
"""
import io
import sys
import time

import openpyxl


def read(data):
    wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    cells = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    cells += 1
                    _ = c.number_format
    return cells


def main():
    data = open(sys.argv[1], "rb").read()
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    start = time.perf_counter()
    for _ in range(runs):
        read(data)
    print("read %.3f ms" % ((time.perf_counter() - start) * 1000 / runs))


if __name__ == "__main__":
    main()
