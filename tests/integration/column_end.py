#!/usr/bin/python3
# column_end.py HEADER VALUE: read a table the client printed on stdin and
# say whether VALUE, on some row, ends at the display column where HEADER
# ends on the header line (right-aligned numbers and money), counting CJK
# characters two columns wide as a terminal does.  Exit 0 if so, else 1
# with what was found.
import sys
import unicodedata


def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def end_of(line, text):
    i = line.find(text)
    return None if i < 0 else width(line[:i]) + width(text)


header, value = sys.argv[1], sys.argv[2]
lines = sys.stdin.read().splitlines()
head = next((l for l in lines if header in l), None)
if head is None:
    sys.exit("no header line with %r" % header)
want = end_of(head, header)
ends = [end_of(l, value) for l in lines[lines.index(head) + 2:] if value in l]
if want not in ends:
    sys.exit("%r ends at column %s, %r at %s" % (header, want, value, ends or "nowhere"))
