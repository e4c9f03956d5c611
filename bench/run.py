"""`make bench`: the portal under gunicorn and wrk, as a ratio to Flask's own ceiling.

1. A PostgreSQL database (``BENCH_DATABASE_URL``, default ``portal_bench`` on
   127.0.0.1) is created afresh, migrated and filled with the demo content at
   ``--scale`` (10: 200 publications in every shipped language, 5,000 meeting
   sign-ups, 40 quarters of every indicator, and what each plugin adds).
2. A minimal Flask view returning a fixed string is served by the same
   gunicorn settings, beside the portal: the framework's ceiling here.
3. The portal's busiest pages are measured one after another at the same
   concurrency, then signed-in writes (a meeting sign-up) at that concurrency
   and at ``--write-connections`` (4), each connection sending its next as soon as
   it is answered, and last arriving at random, ``--write-rate`` (100) a second,
   at most that concurrency at once (:func:`arriving`): the latency of writes
   at a pace below what the machine can do. As in production, the page cache is on
   (60 s, in Redis): the table says which pages it serves (pages with a form
   are served from it too, each visitor given their own token).

The minimal view is measured again just before each page, and each page's
ratio is to that measurement: on a shared machine whose speed drifts during a
run, a page is compared with the ceiling of the same moment. The minimal view's
row gives the median of those measurements. Each row prints requests/s and
p50/p95/p99 latency. Results also go to ``bench/results.json``.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
REPORT = ROOT / "bench" / "report.lua"


def sh(*args: str, env: dict | None = None) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, env=env,
                          cwd=ROOT).stdout


def fresh_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url.replace("postgresql+psycopg", "postgresql"))
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


class Server:
    def __init__(self, target: str, port: int, workers: int, env: dict):
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
             "--worker-class", "sync", "--keep-alive", "5", "--log-level", "warning", target],
            cwd=ROOT, env=env)
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(self.url + "/", timeout=2)
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


def wrk(url: str, seconds: int, connections: int, extra_env: dict | None = None) -> dict:
    env = {**os.environ, **(extra_env or {})}
    # A short warm-up, so each worker has loaded its templates and connections.
    subprocess.run(["wrk", "-t2", f"-c{connections}", "-d2s", "-s", str(REPORT), url],
                   capture_output=True, env=env, check=True)
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", str(REPORT),
                          url], capture_output=True, text=True, env=env, check=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    result["rps"] = result["requests"] / result["seconds"]
    return result


def arriving(url: str, rate: float, seconds: int, most: int, headers: dict,
             body: Callable[[int], str]) -> dict:
    """POSTs arriving at random, ``rate`` a second on average, at most ``most`` at once.

    An open load, as people arrive: the arrival times are drawn beforehand (a Poisson
    process), and each request's latency is counted from its arrival, so a slow
    answer cannot hold back the requests due after it (wrk, which sends the next
    request when the last one is answered, measures a queue kept full instead). A new
    connection per request, as gunicorn's sync workers close each one. Arrivals with
    ``most`` requests already under way wait, and that wait counts in their latency.
    """
    import http.client
    import queue
    import random
    import threading

    parts = urllib.parse.urlsplit(url)
    due: queue.Queue = queue.Queue()
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def send(number: int) -> int:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        try:
            connection.request("POST", parts.path, body=body(number), headers=headers)
            response = connection.getresponse()
            response.read()
            return response.status
        finally:
            connection.close()

    def worker() -> None:
        while (item := due.get()) is not None:
            at, number = item
            if (wait := at - time.perf_counter()) > 0:
                time.sleep(wait)
            try:
                ok = send(number) < 400
            except OSError:
                ok = False
            with lock:
                if ok:
                    latencies.append(time.perf_counter() - at)
                else:
                    errors[0] += 1

    def run(length: float, first: int) -> float:
        threads = [threading.Thread(target=worker, daemon=True) for _ in range(most)]
        for thread in threads:
            thread.start()
        draw, start = random.Random(first), time.perf_counter() + 0.2
        at, number = start, first
        while (at := at + draw.expovariate(rate)) < start + length:
            number += 1
            due.put((at, number))
        for _thread in threads:
            due.put(None)
        for thread in threads:
            thread.join()
        return time.perf_counter() - start

    run(2, 10_000_000)  # a warm-up, as for wrk
    latencies.clear()
    errors[0] = 0
    took = run(seconds, 20_000_000)
    ordered = sorted(latencies) or [0.0]

    def percentile(share: float) -> float:
        return 1000 * ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    return {"requests": len(latencies), "seconds": took, "errors": errors[0],
            "rps": len(latencies) / took, "p50_ms": percentile(0.50),
            "p95_ms": percentile(0.95), "p99_ms": percentile(0.99)}


def shared(url: str) -> bool:
    """Whether the portal marks the page as the same for everyone (no token on it)."""
    with urllib.request.urlopen(url) as response:
        return "public" in (response.headers.get("Cache-Control") or "")


def kept(app, url: str) -> bool | None:
    """Whether the page cache in Redis holds ``url`` for the current generation, as the
    workers see it: then it serves the page (a page with a form, too). None without Redis."""
    if app is None:
        return None
    from werkzeug.test import EnvironBuilder

    from portal import pagecache

    middleware = app.wsgi_app
    while not isinstance(middleware, pagecache.PageCache):
        middleware = middleware.app
    parts = urllib.parse.urlsplit(url)
    environ = EnvironBuilder(path=parts.path, query_string=parts.query,
                             base_url=f"{parts.scheme}://{parts.netloc}").get_environ()
    generations, blob = middleware.store.lookup(middleware.key(environ))
    return blob is not None and pagecache.fresh(pagecache.decode(blob)[0], generations)


def signed_in(base: str, email: str, password: str, form_page: str) -> tuple[str, str]:
    """A session cookie and that session's CSRF token, as a signed-in browser has."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/en/account/login").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    opener.open(base + "/en/account/login", data=urllib.parse.urlencode(
        {"csrf_token": token, "email": email, "password": password}).encode())
    page = opener.open(base + form_page).read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return cookie, token


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--write-connections", type=int, default=4,
                        help="the signed-in writes are also measured at this concurrency")
    parser.add_argument("--write-rate", type=float, default=100,
                        help="sign-ups a second arriving at random, at most --connections "
                             "at once, for the latency of writes at a pace (0: not measured)")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--skip-seed", action="store_true", help="reuse the database")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (Debian: apt-get install wrk)")
    database = os.environ.get("BENCH_DATABASE_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/portal_bench")
    env = {**os.environ, "PORTAL_DATABASE_URL": database, "PORTAL_SECRET_KEY": "bench-secret",
           "PORTAL_MAIL_PORT": "1"}
    # Shared rate-limit counts and page cache, as in production; BENCH_REDIS_URL= (empty)
    # runs without (each worker then keeps its own pages in memory).
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    if redis_url:
        env["PORTAL_REDIS_URL"] = redis_url
    # The page cache at its production setting, whatever the caller's environment says
    # (BENCH_PAGE_CACHE_SECONDS=0 measures every page drawn afresh, for comparison).
    env["PORTAL_PAGE_CACHE_SECONDS"] = os.environ.get("BENCH_PAGE_CACHE_SECONDS", "60")
    if not args.skip_seed:
        print(f"Preparing {database} at scale {args.scale}…", flush=True)
        fresh_database(database)
        sh(str(BIN / "portal"), "init-db", env=env)
        print(sh(str(BIN / "portal"), "seed-demo", "--scale", str(args.scale), env=env).strip())

    results: dict[str, dict] = {}
    ceilings: list[dict] = []
    minimal = Server("bench.minimal:app", 5091, args.workers, env)

    def measure(name: str, url: str, connections: int, extra_env: dict | None = None,
                load: Callable[[], dict] | None = None):
        """The ceiling of this moment, then the page: the page's ratio is to that."""
        ceiling = wrk(minimal.url + "/", args.seconds, args.connections)
        ceilings.append(ceiling)
        results[name] = load() if load else wrk(url, args.seconds, connections, extra_env)
        results[name]["ceiling_rps"] = ceiling["rps"]

    try:
        portal = Server("portal:create_app()", 5090, args.workers, env)
    except BaseException:
        minimal.stop()
        raise
    reader = None  # the portal as configured, to look into the page cache the workers share
    if redis_url:
        from portal import create_app

        os.environ.update(env)
        reader = create_app()
    try:
        base = portal.url
        pages = {"home": "/en/", "a publication in Gujarati": "/gu/publications/bulk-report-1",
                 "the scorecard": "/en/scorecard/",
                 "publications list": "/en/publications/"}
        meeting = re.search(r'href="/en/meetings/(\d+)"',
                            urllib.request.urlopen(base + "/en/meetings/").read().decode())
        if meeting:
            pages["a meeting page"] = f"/en/meetings/{meeting.group(1)}"
        # With the Assembly plugin: the open event's topics, most supported first.
        try:
            listing = urllib.request.urlopen(base + "/en/assembly/").read().decode()
            slugs = re.findall(r'href="/en/assembly/([a-z0-9-]+)"', listing)
            for slug in slugs:
                page = urllib.request.urlopen(f"{base}/en/assembly/{slug}?sort=support")
                if "Bulk topic" in page.read().decode():
                    pages["Assembly topics by support"] = f"/en/assembly/{slug}?sort=support"
                    break
        except OSError:
            pass
        for name, path in pages.items():
            measure(name, base + path, args.connections)
            cached = kept(reader, base + path)
            results[name]["cached"] = shared(base + path) if cached is None else cached
        if meeting:
            form = f"/en/meetings/{meeting.group(1)}"
            cookie, token = signed_in(base, "resident@example.org", "harrow-demo-resident",
                                      form)
            body = urllib.parse.urlencode({"csrf_token": token, "name": "Bench person",
                                           "places": "1"}) + "&email=bench"
            # Writes at the pages' concurrency and at a moderate one: at 32 connections on
            # a few workers a write's latency is mostly its wait in the queue (each one
            # commits to disk), at 4 it is close to the time one write takes.
            for connections in sorted({args.write_connections, args.connections}):
                name = f"meeting sign-up, signed in (POST), {connections} conn."
                measure(name, base + form + "/sign-up", connections,
                        {"BENCH_METHOD": "POST", "BENCH_BODY": body, "BENCH_COOKIE": cookie})
                results[name]["connections"] = connections
            if args.write_rate:
                # The same writes at a pace: people signing up at random, on average
                # --write-rate a second, no more than --connections at once.
                name = (f"meeting sign-up, {args.write_rate:g}/s at random, "
                        f"up to {args.connections}")
                headers = {"Cookie": cookie, "Host": urllib.parse.urlsplit(base).netloc,
                           "Content-Type": "application/x-www-form-urlencoded"}
                measure(name, base + form + "/sign-up", args.connections, load=lambda: arriving(
                    base + form + "/sign-up", args.write_rate, args.seconds, args.connections,
                    headers, lambda n: f"{body}paced{n}%40example.org"))
                results[name]["connections"] = args.connections
    finally:
        portal.stop()
        minimal.stop()

    middle = sorted(ceilings, key=lambda r: r["rps"])[len(ceilings) // 2]
    results = {"minimal Flask view": {**middle, "ceiling_rps": middle["rps"],
                                      "measurements": [r["rps"] for r in ceilings]},
               **results}
    print(f"\n{args.workers} gunicorn workers, {args.connections} connections, "
          f"{args.seconds} s each, {os.cpu_count()} cores\n")
    print(f"page cache: {env['PORTAL_PAGE_CACHE_SECONDS']} s, "
          f"{'in Redis' if redis_url else 'in each worker'}\n")
    print(f"{'page':44} {'req/s':>9} {'ratio':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
          f" {'errors':>7} {'cached':>7}")
    for name, r in results.items():
        cached = {True: "yes", False: "no"}.get(r.get("cached"), "")
        print(f"{name:44} {r['rps']:9.1f} {r['rps'] / r['ceiling_rps']:7.0%} {r['p50_ms']:8.1f} "
              f"{r['p95_ms']:8.1f} {r['p99_ms']:8.1f} {r['errors']:7d} {cached:>7}")
    (ROOT / "bench" / "results.json").write_text(json.dumps(
        {"workers": args.workers, "connections": args.connections,
         "write_connections": args.write_connections, "seconds": args.seconds,
         "scale": args.scale, "cores": os.cpu_count(),
         "page_cache_seconds": int(env["PORTAL_PAGE_CACHE_SECONDS"]),
         "page_cache_in_redis": bool(redis_url), "results": results}, indent=2))


if __name__ == "__main__":
    main()
