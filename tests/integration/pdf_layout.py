#!/usr/bin/env python3
"""pdf_layout.py PGM... - check pages rendered at 72 dpi (pdftoppm -r 72
-gray) against the measures of GB/T 9704-2012: A4; ink of the text inside
the text block (top 37 mm, binding side 28 mm, 156 x 225 mm); a page
number below the block, at the right on odd pages and the left on even
ones.  Prints what is wrong and exits 1, or prints one line a page."""
import sys

MM = 72 / 25.4
LEFT, TOP, WIDTH, HEIGHT = 28 * MM, 37 * MM, 156 * MM, 225 * MM
SLACK = 3.0                    # points: antialiasing and glyph side bearings


def read_pgm(path):
    data = open(path, 'rb').read()
    parts, pos = [], 0
    while len(parts) < 4:      # P5 width height maxval, comments skipped
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b'#':
            pos = data.index(b'\n', pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        parts.append(data[pos:end])
        pos = end
    pos += 1
    w, h = int(parts[1]), int(parts[2])
    return w, h, data[pos:pos + w * h]


def ink_box(w, h, px, y0, y1):
    xs, ys = [], []
    for y in range(max(0, int(y0)), min(h, int(y1))):
        row = px[y * w:(y + 1) * w]
        dark = [x for x in range(w) if row[x] < 128]
        if dark:
            xs += [dark[0], dark[-1]]
            ys.append(y)
    if not xs:
        return None
    return min(xs), min(ys), max(xs), max(ys)


bad = []
for n, path in enumerate(sys.argv[1:], 1):
    w, h, px = read_pgm(path)
    if abs(w - 595) > 1 or abs(h - 842) > 1:
        bad.append(f'page {n}: {w}x{h} is not A4 at 72 dpi')
        continue
    body = ink_box(w, h, px, 0, TOP + HEIGHT + 2)
    foot = ink_box(w, h, px, TOP + HEIGHT + 2, h)
    if body is None:
        bad.append(f'page {n}: blank')
        continue
    x0, y0, x1, y1 = body
    if x0 < LEFT - SLACK or x1 > LEFT + WIDTH + SLACK or y0 < TOP - SLACK:
        bad.append(f'page {n}: text outside the block: ink {x0},{y0} to {x1},{y1}')
    if x0 > LEFT + 2 * WIDTH / 28:
        bad.append(f'page {n}: text starts {x0 - LEFT:.0f} pt in from the margin')
    if foot is None:
        bad.append(f'page {n}: no page number below the text block')
    else:
        fx0, fy0, fx1, fy1 = foot
        if fy0 < TOP + HEIGHT + 5 * MM or fy0 > TOP + HEIGHT + 12 * MM:
            bad.append(f'page {n}: page number at {fy0 / MM:.0f} mm, not about 7 mm below the block')
        mid = (fx0 + fx1) / 2
        if n % 2 and mid < LEFT + WIDTH / 2:
            bad.append(f'page {n}: an odd page number at the left')
        if not n % 2 and mid > LEFT + WIDTH / 2:
            bad.append(f'page {n}: an even page number at the right')
    print(f'page {n}: text {x0 / MM:.1f}-{x1 / MM:.1f} mm across, from {y0 / MM:.1f} mm; '
          f'number at {foot[1] / MM if foot else 0:.1f} mm')
for b in bad:
    print(b, file=sys.stderr)
sys.exit(1 if bad else 0)
