"""Project commands: ``crawl`` (with argument checks and a health exit code), ``extract``."""
