"""Prints a generated department record (TOML) for the benchmarks: N targets (each with a
stated completion rate) and, unless --no-facts, N figures under ten repeated labels.

Usage: python3 bench/record.py N [--no-facts]
"""
import sys

n = int(sys.argv[1])
print('kind = "dept_evaluation"\n[header]\ndepartment = "某局"\nyear = 2024\n')
for i in range(n):
    t, a = 100 + i % 50, 90 + i % 70
    print(f'[[targets]]\ngroup = "组{i % 7}"\nname = "指标{i}"\ndirection = ">="\ntarget = "{t}"\n'
          f'actual = "{a}"\nunit = "人"\ncompletion_rate_stated = "{a / t * 100:.2f}%"\n')
if "--no-facts" not in sys.argv[2:]:
    for i in range(n):
        print(f'[[facts]]\nlabel = "数字{i % 10}"\nvalue = "{i}"\nunit = "人"\n')
