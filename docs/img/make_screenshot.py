"""Regenerate docs/img/render.png: render a short fictional news story with
``quoteattr.html.render_html`` and screenshot it with headless Chromium.

    python docs/img/make_screenshot.py [--chromium PATH] [--html-out PATH]

Needs Chromium (Debian: ``apt-get install chromium``). A docs helper, not part of the
package. The story is made up for this picture.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from quoteattr.html import render_html

HERE = Path(__file__).resolve().parent
PNG = HERE / "render.png"
WINDOW = "1100,900"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

STORY = """\
New observatory will open in April, says director Solberg

Construction of the Halden Ridge observatory is nearly complete, its director announced on Monday.

"The mirror arrived last week, and the dome is finally weatherproof," said Ingrid Solberg, who has led the project since 2021.

She added that the first public viewing night would be held in April.

"We built this for the schools in the valley," Solberg said. "Every pupil in the district should look through it at least once."

According to the regional council, the project stayed within its budget of 14 million crowns.

Council member Jonas Vik stressed that the road to the ridge would be cleared of snow every morning.

"Nobody should have to choose between the stars and a safe drive home," he said.
"""


def find_chromium(explicit: str | None) -> str:
    for name in ([explicit] if explicit else BROWSERS):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("Chromium not found; install it (apt-get install chromium) or pass --chromium.")


def screenshot(browser: str, html_path: Path, png_path: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--hide-scrollbars",
             f"--user-data-dir={profile}", f"--window-size={WINDOW}",
             f"--screenshot={png_path}", html_path.as_uri()],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", help="the browser binary (default: found on PATH)")
    parser.add_argument("--html-out", type=Path, help="also keep the HTML page here")
    args = parser.parse_args()

    page = render_html(STORY, title="Halden Ridge observatory")
    with tempfile.TemporaryDirectory() as tmp:
        html_path = Path(tmp) / "render.html"
        html_path.write_text(page, encoding="utf-8")
        if args.html_out:
            args.html_out.write_text(page, encoding="utf-8")
        screenshot(find_chromium(args.chromium), html_path, PNG)
    print(f"wrote {PNG}")


if __name__ == "__main__":
    main()
