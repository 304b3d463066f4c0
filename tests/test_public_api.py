import recoverwell


def test_all_is_sorted_and_complete():
    assert recoverwell.__all__ == sorted(recoverwell.__all__, key=str)
    public = {n for n in vars(recoverwell) if not n.startswith("_")} - {
        "app",
        "cli",
        "core",
        "store",
        "ingest",
        "metrics",
        "advice",
        "reports",
        "web",
    }
    assert public <= set(recoverwell.__all__)
    for name in recoverwell.__all__:
        assert hasattr(recoverwell, name), name
