"""Packaging for Scrapyd deploys (``scrapyd-deploy`` builds an egg from this)."""

from setuptools import find_packages, setup

setup(
    name="aggnews",
    version="0.1",
    packages=find_packages(include=["aggnews", "aggnews.*"]),
    package_data={"aggnews.schema": ["*.json"]},
    entry_points={"scrapy": ["settings = aggnews.settings"]},
    zip_safe=False,
)
