"""Rate-limit counts: per process in memory, shared by every process through Redis."""

from __future__ import annotations

import os
import uuid

import pytest

from portal.ratelimit import MemoryCounter, RedisCounter
from tests.conftest import REDIS_URL, make_app


def redis_or_skip():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip("Redis is not running here")


def test_memory_counts_per_window():
    counter = MemoryCounter()
    assert [counter.hit("k", 60) for _ in range(3)] == [1, 2, 3]
    assert counter.hit("other", 60) == 1


def test_redis_counts_are_shared_by_every_app(tmp_path):
    redis_or_skip()
    first = make_app(tmp_path, REDIS_URL=REDIS_URL)
    second = make_app(tmp_path, REDIS_URL=REDIS_URL)
    assert isinstance(first.extensions["portal.ratelimit"], RedisCounter)
    key = f"test-{uuid.uuid4()}"
    counts = [app.extensions["portal.ratelimit"].hit(key, 60)
              for app in (first, second, first, second)]
    assert counts == [1, 2, 3, 4]
