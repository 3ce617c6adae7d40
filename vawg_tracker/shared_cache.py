"""
The cache every process of every node shares when CACHE_URL names a Redis: Django's own
Redis backend, forgiving. The cache only saves work (kept copies of the public site's pages
and of the dashboard's figures, the API's request counts), so a Redis that stops answering
costs a miss, not an error: a read finds nothing, a write keeps nothing, each with a
warning in the log, and the page is built as if nothing had been kept. Short socket
timeouts (settings) keep a Redis that does not answer from holding a request up.
"""

import logging
from functools import wraps

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)


def _forgiving(method, answer):
    """``method``, answering ``answer(*args, **kwargs)`` when Redis cannot be reached."""

    @wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError) as error:
            log.warning(
                "the cache did not answer (%s): %s went on without it",
                error.__class__.__name__,
                method.__name__,
            )
            return answer(*args, **kwargs)

    return call


def _default(key, default=None, version=None):
    return default


def _none(*args, **kwargs):
    return None


def _false(*args, **kwargs):
    return False


def _nothing_found(*args, **kwargs):
    return {}


def _nothing_kept(data, *args, **kwargs):
    return list(data)  # set_many: the keys that were not kept


class ForgivingRedisCache(RedisCache):
    get = _forgiving(RedisCache.get, _default)
    get_many = _forgiving(RedisCache.get_many, _nothing_found)
    has_key = _forgiving(RedisCache.has_key, _false)
    set = _forgiving(RedisCache.set, _none)
    set_many = _forgiving(RedisCache.set_many, _nothing_kept)
    add = _forgiving(RedisCache.add, _false)
    touch = _forgiving(RedisCache.touch, _false)
    delete = _forgiving(RedisCache.delete, _false)
    delete_many = _forgiving(RedisCache.delete_many, _none)
    clear = _forgiving(RedisCache.clear, _false)
