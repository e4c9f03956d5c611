"""Counting requests per key in fixed windows: in Redis when configured, in memory otherwise.

With ``PORTAL_REDIS_URL`` set, every process shares the counts (several
gunicorn workers, several machines); without it each process counts alone,
which is enough for development and a single worker.

    if too_many("help-form", request.remote_addr, limit=5, per_seconds=3600):
        abort(429)
"""

from __future__ import annotations

import threading
import time

from flask import current_app


class MemoryCounter:
    """Per-process counts (development, tests, a single worker)."""

    def __init__(self):
        self._counts: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, per_seconds: int) -> int:
        now = time.monotonic()
        with self._lock:
            count, expires = self._counts.get(key, (0, 0.0))
            if expires <= now:
                count, expires = 0, now + per_seconds
            self._counts[key] = (count + 1, expires)
            if len(self._counts) > 100_000:  # forget expired windows now and then
                self._counts = {k: v for k, v in self._counts.items() if v[1] > now}
            return count + 1


class RedisCounter:
    """Counts shared by every process through Redis (INCR with an expiry)."""

    def __init__(self, url: str):
        import redis

        self.redis = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)

    def hit(self, key: str, per_seconds: int) -> int:
        window = int(time.time() // per_seconds)
        name = f"portal:rate:{key}:{window}"
        pipe = self.redis.pipeline()
        pipe.incr(name)
        pipe.expire(name, per_seconds + 1)
        count, _ = pipe.execute()
        return int(count)


def init_app(app) -> None:
    url = app.config.get("REDIS_URL") or ""
    app.extensions["portal.ratelimit"] = RedisCounter(url) if url else MemoryCounter()


def too_many(scope: str, who: str, *, limit: int, per_seconds: int) -> bool:
    """Count one more request by ``who`` in ``scope``; True once over ``limit`` per window."""
    counter = current_app.extensions["portal.ratelimit"]
    return counter.hit(f"{scope}:{who}", per_seconds) > limit
