"""The PostgreSQL test fixtures themselves (tests/pg_uji.py)."""

from __future__ import annotations

from urllib.parse import urlsplit


def _tables(psycopg, url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1").fetchall()
    return [r[0] for r in rows]


def test_fresh_database_is_empty_and_its_own(pg_server, pg_url):
    import psycopg

    other = pg_server.baru("lain")
    assert other != pg_url
    assert _tables(psycopg, pg_url) == []
    with psycopg.connect(pg_url) as conn:
        conn.execute("CREATE TABLE surat (nomor text PRIMARY KEY)")
    assert _tables(psycopg, pg_url) == ["surat"]
    assert _tables(psycopg, other) == []


def test_url_has_no_password_and_connects(pg_url):
    import psycopg

    parts = urlsplit(pg_url)
    assert parts.scheme == "postgresql"
    assert parts.password is None and ":" not in parts.netloc
    dbname = parts.path.lstrip("/")
    assert dbname.startswith("desa_uji_")
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT current_database()").fetchone()[0] == dbname
        assert conn.info.password in (None, "")
