"""The spiders: one class per site profile (``aggnews.spiders.sites``), found by
``aggnews.spiders.loader`` so that listing them imports no crawling or extraction code."""
