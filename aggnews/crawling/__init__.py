"""Crawling: URLs, listing discovery, charset repair and downloader middlewares."""
