"""Every public page weighs under 100 KB (HTML, CSS and JavaScript), uncompressed."""

from __future__ import annotations

import re

from portal.demo import seed_demo
from portal.extensions import db
from portal.plugins import host

LIMIT = 100 * 1024
ASSETS = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"')
LINKS = re.compile(r'<a [^>]*href="(/en/[^"#?]*)"')


def test_public_pages_weigh_under_100_kb(app, client):
    with app.app_context():
        seed_demo()
        host().call("portal_demo_content")
        db.session.commit()
    # The home page and every page it links to, and the pages those link to.
    seen, queue, weights = set(), ["/en/"], {}
    while queue and len(seen) < 150:
        url = queue.pop(0)
        if url in seen or url.endswith((".csv", ".json", ".ics", ".atom", ".pdf")):
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.content_type:
            continue
        html = response.get_data(as_text=True)
        total = len(response.data)
        for asset in set(ASSETS.findall(html)):
            total += len(client.get(asset).data)
        weights[url] = total
        queue += [link for link in LINKS.findall(html) if link not in seen]
    assert len(weights) > 20, sorted(weights)
    heavy = {url: size for url, size in weights.items() if size > LIMIT}
    assert not heavy, heavy
