"""Bundled SAMPLE job boards (fictional) and the local HTTP server that ``jobintel demo`` crawls."""
