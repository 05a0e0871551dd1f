"""The cache: Redis while it answers, the database's cache table while it does not.

The cache holds the sign-in and verification rate limits (allauth's and django-ratelimit's), an
import's progress and the report pages' bodies. A Redis that is down must not stop sign-in: each
call that finds Redis unreachable (within half a second) goes to the database table instead, and
Redis is left alone for RETRY_SECONDS before it is tried again, so a request does not wait on it
call after call. The limits then count afresh in the table: for one window a person gets a few
more tries than the limit, which the log says, rather than no sign-in for anybody.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

#: The table `manage.py migrate` creates (lms/accounts/migrations/0003_cache_table.py).
FALLBACK_TABLE = "lms_cache"
#: How long an unreachable Redis is left alone before the next call tries it again.
RETRY_SECONDS = 10
# Unreachable, and also answering with an error: a replica left read-only after a failover, or a
# server out of memory, refuses the writes the limits need.
UNREACHABLE = (RedisError, ConnectionError, TimeoutError, OSError)


class RedisOrDatabaseCache(BaseCache):
    def __init__(self, location, params):
        super().__init__(params)
        options = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, **params.get("OPTIONS", {})}
        self.redis = RedisCache(location, {**params, "OPTIONS": options})
        # Never culled: Django's default (300 entries, a third dropped when full) would let a
        # burst of other keys wipe a person's lockout.
        self.database = DatabaseCache(FALLBACK_TABLE, {**params, "OPTIONS": {"MAX_ENTRIES": 10_000_000}})
        self._redis_away_until = 0.0

    @property
    def redis_is_away(self):
        return time.monotonic() < self._redis_away_until

    def _call(self, method, *args, **kwargs):
        if not self.redis_is_away:
            try:
                return getattr(self.redis, method)(*args, **kwargs)
            except UNREACHABLE as error:
                self._redis_away_until = time.monotonic() + RETRY_SECONDS
                logger.warning("Redis cannot be used (%s): the cache and the rate limits use the database for %s s", error, RETRY_SECONDS)
        return getattr(self.database, method)(*args, **kwargs)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version)

    def clear(self):
        return self._call("clear")

    def close(self, **kwargs):
        self.redis.close(**kwargs)
        self.database.close(**kwargs)
