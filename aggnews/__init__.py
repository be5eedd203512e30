"""aggnews: clean, deduplicated JSON Lines feeds from Middle East news aggregators."""
