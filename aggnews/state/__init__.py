"""Persistent state: seen-store, near-duplicate clusters, crawl frontier (SQLite and Redis)."""
