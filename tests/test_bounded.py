"""BoundedCache: built once per key, least recently used dropped first, never over its size."""

from ccm_cli.scale.lru import BoundedCache


def test_builds_once_per_key_and_drops_the_least_recently_used():
    built = []
    cache = BoundedCache(2)

    def get(key):
        return cache.get(key, lambda: built.append(key) or key.upper())

    assert [get("a"), get("b"), get("a")] == ["A", "B", "A"]
    assert built == ["a", "b"]
    get("c")  # full: "b" was used least recently
    assert len(cache) == 2 and "a" in cache and "b" not in cache
    get("b")
    assert built == ["a", "b", "c", "b"]


def test_a_failed_build_stores_nothing():
    cache = BoundedCache(4)

    def boom():
        raise ValueError("no")

    try:
        cache.get("x", boom)
    except ValueError:
        pass
    assert "x" not in cache and len(cache) == 0
    assert cache.get("x", lambda: 1) == 1
