#!/usr/bin/env python3
"""Measures the layout of HTML pages in headless Chromium (via chromium-driver
and Selenium); the browser half of Scripts/check-pages.

    check_pages.py [--width W] [--height H] PAGE.html...

For every page, at a W x H window (default 1400 x 1000), for every inline SVG:
- overlaps: pairs of <text> boxes (getBoundingClientRect, as laid out by the
  browser) whose shared area is more than a quarter of the smaller box;
- outside: <text> boxes not wholly inside their SVG's box;
and for the page: horizontal overflow (content wider than the window).
Prints one line per page and the worst offenders; exits 1 when any page has
a problem, 2 when the browser cannot be started.
"""
import argparse
import json
import os
import shutil
import sys
import tempfile

MEASURE = r"""
const out = {svgs: 0, texts: 0, overlaps: [], outside: [], overflow: 0};
const slack = 0.5;
for (const svg of document.querySelectorAll('svg')) {
  out.svgs++;
  const r = svg.getBoundingClientRect();
  const boxes = [];
  for (const t of svg.querySelectorAll('text')) {
    const b = t.getBoundingClientRect();
    if (b.width <= 0 || b.height <= 0) continue;
    const label = (t.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 60);
    boxes.push({l: b.left, r: b.right, t: b.top, b: b.bottom, label});
    if (b.left < r.left - slack || b.right > r.right + slack || b.top < r.top - slack || b.bottom > r.bottom + slack)
      out.outside.push(label);
  }
  out.texts += boxes.length;
  boxes.sort((a, b) => a.l - b.l);
  for (let i = 0; i < boxes.length; i++) {
    const a = boxes[i];
    const areaA = (a.r - a.l) * (a.b - a.t);
    for (let j = i + 1; j < boxes.length && boxes[j].l < a.r; j++) {
      const c = boxes[j];
      const w = Math.min(a.r, c.r) - Math.max(a.l, c.l);
      const h = Math.min(a.b, c.b) - Math.max(a.t, c.t);
      if (w <= 0 || h <= 0) continue;
      const smaller = Math.min(areaA, (c.r - c.l) * (c.b - c.t));
      if (w * h > 0.25 * smaller) out.overlaps.push([a.label, c.label]);
    }
  }
}
out.overflow = Math.max(0, document.documentElement.scrollWidth - window.innerWidth);
return out;
"""


def browser(width, height):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary:
        options.binary_location = binary
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--disable-dev-shm-usage", "--force-device-scale-factor=1", f"--window-size={width},{height}",
                "--user-data-dir=" + tempfile.mkdtemp(prefix="check-pages-")):
        options.add_argument(arg)
    driver_path = shutil.which("chromedriver") or "/usr/lib/chromium/chromedriver"
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_window_size(width, height)
    return driver


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=1000)
    parser.add_argument("--json", help="also write the measurements to this file")
    parser.add_argument("pages", nargs="+")
    args = parser.parse_args()
    try:
        driver = browser(args.width, args.height)
    except Exception as error:  # no browser, no driver: say so, exit 2
        print(f"check-pages: cannot start headless Chromium: {error}", file=sys.stderr)
        return 2
    results = {}
    failed = 0
    try:
        for page in args.pages:
            driver.get("file://" + os.path.abspath(page))
            m = driver.execute_script(MEASURE)
            results[page] = m
            bad = len(m["overlaps"]) + len(m["outside"]) + (1 if m["overflow"] > 0 else 0)
            failed += bad > 0
            status = "FAIL" if bad else "ok"
            print(f"{status:4} {os.path.basename(os.path.dirname(page))}/{os.path.basename(page)}: "
                  f"{m['texts']} texts in {m['svgs']} svg, {len(m['overlaps'])} overlaps, "
                  f"{len(m['outside'])} outside, page overflow {m['overflow']} px")
            for a, b in m["overlaps"][:5]:
                print(f"       overlap: {a!r} / {b!r}")
            for label in m["outside"][:5]:
                print(f"       outside: {label!r}")
    finally:
        driver.quit()
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    print(f"check-pages: {len(args.pages)} pages measured at {args.width}x{args.height}, {failed} with layout problems")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
