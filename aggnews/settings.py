# Scrapy settings for the aggnews project.
#
# Every setting aggnews reads lives here and is read through crawler.settings;
# override any of them per run with ``-s NAME=VALUE``.
#
#     https://docs.scrapy.org/en/latest/topics/settings.html

from pathlib import Path

BOT_NAME = "aggnews"

SPIDER_MODULES = ["aggnews.spiders"]
NEWSPIDER_MODULE = "aggnews.spiders"
# Lists the sites from their profiles and imports a spider's code only to crawl with it, so
# ``scrapy list`` (and Scrapyd) start fast.
SPIDER_LOADER_CLASS = "aggnews.spiders.loader.SiteSpiderLoader"
COMMANDS_MODULE = "aggnews.ops.commands"

# The checkout when run from it; the working directory when deployed (Scrapyd runs an egg).
_CHECKOUT = Path(__file__).resolve().parent.parent
_PROJECT_DIR = _CHECKOUT if (_CHECKOUT / "scrapy.cfg").is_file() else Path.cwd()

# Crawl responsibly by identifying yourself: set your contact in USER_AGENT.
USER_AGENT = "aggnews/0.1 (+https://github.com/aggnews/aggnews; news research crawler)"

# Obey robots.txt rules
ROBOTSTXT_OBEY = True

# Concurrency and throttling. Per-site values (CONCURRENT_REQUESTS_PER_DOMAIN,
# DOWNLOAD_DELAY) come from each site profile and win over these.
CONCURRENT_REQUESTS = 16
# Items of one callback processed one after another: a story page yields one item, and
# Scrapy's default (100) starts 100 tasks per callback output, about a fifth of the CPU.
CONCURRENT_ITEMS = 1
# Story pages are extracted (and HTML listing pages read, and each body's dedupe and cluster
# keys computed) in this many worker processes while the crawl process keeps fetching:
# "auto" = 1 on a machine with two or more CPUs, else 0 (all in the crawl process).
AGGNEWS_EXTRACT_PROCESSES = "auto"
# ... started once this many story pages were extracted in-process (small crawls never
# pay the workers' start-up of about 2 s).
AGGNEWS_EXTRACT_PROCESSES_AFTER = 50
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.25
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0

# Retries: 5xx (Cloudflare's 52x included) and 429.
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 520, 521, 522, 523, 524, 408, 429]
REDIRECT_MAX_TIMES = 10
# Backoff before retry n: BASE * 2**(n-1) seconds, at most MAX (Retry-After honoured).
AGGNEWS_RETRY_BACKOFF_BASE = 2.0
AGGNEWS_RETRY_BACKOFF_MAX = 60.0
DOWNLOADER_MIDDLEWARES = {
    # robots.txt that cannot be fetched: one WARNING line, no traceback.
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "aggnews.crawling.network.QuietRobotsTxtMiddleware": 100,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "aggnews.crawling.middlewares.BackoffRetryMiddleware": 550,
    "aggnews.crawling.middlewares.BrokenResponseMiddleware": 650,
    "aggnews.crawling.network.OutletProxyMiddleware": 740,
}
# aggnews logs each page it gives up on itself (one WARNING with the reason, and a stat),
# so Scrapy's own give-up line is DEBUG.
RETRY_GIVE_UP_LOG_LEVEL = "DEBUG"
# An HTTP proxy for requests to hosts other than the site's own (the outlet pages akhbarak
# links to); None: none. `scrapy demo` points it at its fixture mini-site.
AGGNEWS_OUTLET_PROXY = None
# Dropped items are logged as "Dropped: <reason with the URL>", never the whole item;
# duplicates at DEBUG (they are counted in aggnews/duplicates/<reason>).
LOG_FORMATTER = "aggnews.ops.logformat.QuietLogFormatter"

COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "ar,en;q=0.8,fr;q=0.6",
}

ITEM_PIPELINES = {
    "aggnews.pipelines.validate.ValidatePipeline": 100,
    "aggnews.pipelines.schema.SchemaValidationPipeline": 150,
    "aggnews.pipelines.dedupe.DuplicatesPipeline": 200,
    "aggnews.pipelines.seen.SeenStorePipeline": 300,
    "aggnews.pipelines.clusters.ClusterPipeline": 400,
}

# Scrapy's in-memory stats without its per-call deprecation shim (aggnews/ops/stats.py).
STATS_CLASS = "aggnews.ops.stats.CrawlStats"

EXTENSIONS = {
    # log_count/<LEVEL> per site: in crawlall one site's errors do not count for another.
    "scrapy.extensions.logcount.LogCount": None,
    "aggnews.ops.logcount.SiteLogCount": 0,
    "aggnews.ops.report.CrawlReport": 500,
    # Progress every AGGNEWS_PROGRESS_INTERVAL seconds instead of Scrapy's LogStats.
    "scrapy.extensions.logstats.LogStats": None,
    "aggnews.ops.progress.Progress": 505,
    "spidermon.contrib.scrapy.extensions.Spidermon": None,
    # spidermon with a cheaper per-item field count (aggnews/ops/coverage.py).
    "aggnews.ops.coverage.CrawlMonitoring": 510,
    "aggnews.ops.collector.GarbageCollection": 0,
}

# Python's garbage collector in the crawl process, while the engine runs: what startup built
# is frozen out of collections, and a collection waits for this many new objects (then
# counts of younger collections; aggnews/ops/collector.py). Python's defaults (700, 10, 10)
# spent about a tenth of a crawl's CPU collecting. Empty: Python's defaults.
AGGNEWS_GC_THRESHOLDS = [20000, 20, 100]

# Seconds between progress reports (one line per site: stories per language, pages, queue,
# failures, rate; on a terminal one line updated in place). 0: none.
AGGNEWS_PROGRESS_INTERVAL = 30.0

# Monitoring (spidermon): items are validated against the JSON Schema, and the checks in
# aggnews/ops/monitors.py fail the run (ERROR report, exit status 3) when a threshold is crossed.
# Thresholds: AGGNEWS_MONITOR_DEFAULTS, overridden per site by AGGNEWS_MONITOR_THRESHOLDS.
SPIDERMON_ENABLED = True
SPIDERMON_SPIDER_CLOSE_MONITORS = ["aggnews.ops.monitors.CrawlChecks"]
# The JSON Schema every item is validated against (spidermon's ItemValidationPipeline):
# a .json file path, or an object path to a dict (the default works inside a Scrapyd egg).
AGGNEWS_ITEM_SCHEMA = "aggnews.schema.NEWSARTICLE"
SPIDERMON_ADD_FIELD_COVERAGE = True
AGGNEWS_MONITOR_DEFAULTS = {
    "SPIDERMON_MIN_ITEMS": 0,
    "SPIDERMON_MAX_ITEM_VALIDATION_ERRORS": 0,
    "SPIDERMON_MAX_ERRORS": 5,
    "AGGNEWS_MONITOR_MAX_FAILED_PAGES": 50,
    "SPIDERMON_FIELD_COVERAGE_RULES": {
        "NewsArticle/title": 1.0,
        "NewsArticle/body": 1.0,
        "NewsArticle/date": 0.8,
        "NewsArticle/source": 0.8,
    },
}
# Per-site overrides, e.g. {"zawya": {"SPIDERMON_MIN_ITEMS": 100}}. Fields a profile lists in
# optional_fields (albawaba's source) get no coverage rule.
AGGNEWS_MONITOR_THRESHOLDS = {}

# Feeds: by default one JSON Lines file per site and run, output/<site>/<run>.jsonl
# (run = UTC start, 20261125T154832Z), UTF-8 with Arabic as-is. A feed given with
# -o/-O (or FEEDS) replaces it.
AGGNEWS_FEED = str(_PROJECT_DIR / "output" / "%(name)s" / "%(run)s.jsonl")
FEEDS = {}
# `scrapy demo <site>` writes its feed under this folder: <dir>/<site>/<run>.jsonl.
AGGNEWS_DEMO_DIR = str(_PROJECT_DIR / "output" / "demo")
FEED_URI_PARAMS = "aggnews.feeds.uri_params"
FEED_STORAGES = {
    "": "aggnews.feeds.AtomicFileFeedStorage",
    "file": "aggnews.feeds.AtomicFileFeedStorage",
}
FEED_EXPORT_ENCODING = "utf-8"
# JSON Lines lines built from the item's fields directly (aggnews/feeds.py), same output.
FEED_EXPORTERS = {name: "aggnews.feeds.JsonLinesExporter" for name in ("jsonlines", "jsonl", "jl")}
FEED_STORE_EMPTY = True

# Mirrors per site, as -a base_url gives one: {"masress": "http://127.0.0.1:8080", ...}
# (JSON on the command line). Useful with `scrapy crawlall` behind a proxy mirror.
AGGNEWS_MIRRORS = {}

# aggnews: the cross-run store of emitted stories (SQLite under this directory).
AGGNEWS_STATE_DIR = str(_PROJECT_DIR / ".aggnews")
# Seconds to wait for a store another process holds locked.
AGGNEWS_STORE_TIMEOUT = 10.0
# One crawl per state dir (an OS lock on AGGNEWS_STATE_DIR/crawl.lock): seconds a crawl
# waits for another one holding the dir before it refuses (exit status 5). 0: refuse at once.
AGGNEWS_STATE_LOCK_WAIT = 0.0
# Ignore the store for this run (stories are still recorded in it).
AGGNEWS_FRESH = False
# Layout check: the crawl fails (ERROR, non-zero exit) when more than this share of story
# pages lacks one of the checked fields, once at least AGGNEWS_HEALTH_MIN_PAGES were seen.
AGGNEWS_HEALTH_MAX_MISSING = 0.2
AGGNEWS_HEALTH_MIN_PAGES = 1
AGGNEWS_HEALTH_FIELDS = ["title", "body", "date", "source"]
# Near-duplicates (same story, other furniture and spelling): estimated Jaccard similarity of
# 5-word shingles at or above this puts two stories in one cluster.
AGGNEWS_NEARDUP_THRESHOLD = 0.8
# Cluster assignments wait in memory (seen by this crawl's lookups) and are written to the
# SQLite index in one transaction every this many stories, every this many seconds, and at
# the end; a killed run only loses assignments its next run makes again.
AGGNEWS_NEARDUP_BATCH = 1000
AGGNEWS_NEARDUP_COMMIT_SECONDS = 1.0
# Bodies shorter than this are never used to detect content duplicates.
AGGNEWS_CONTENT_DEDUPE_MIN_CHARS = 200

# JavaScript pages: paths a site's profile (or this setting, {"site": ["regex", ...]}) marks
# as needing a browser go through scrapy-playwright with Debian's Chromium; the rest stays
# plain HTTP. `playwright install` is never needed.
AGGNEWS_BROWSER_PATHS = {}
PLAYWRIGHT_BROWSER_TYPE = "chromium"
PLAYWRIGHT_LAUNCH_OPTIONS = {
    "executable_path": "/usr/bin/chromium",
    "headless": True,
    "args": [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
    ],
}
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 30_000

# Distributed crawls: a Redis URL (redis://host:6379/0) makes every process of a site's crawl
# share one request queue, one request dupefilter and one seen-store. Without it nothing
# needs Redis. A process exits after the shared frontier stayed empty, with no request added
# to it by any process, for this many seconds (an idle process looks every 0.5 s).
AGGNEWS_REDIS_URL = None
AGGNEWS_REDIS_IDLE_TIMEOUT = 10.0
# Leases: a process holds the requests it popped and the stories it emitted under a lease
# renewed every AGGNEWS_REDIS_HEARTBEAT seconds. When it dies, the lease expires after
# AGGNEWS_REDIS_LEASE_TTL seconds, its requests go back to the shared frontier and its
# stories may be emitted by another process. A process stalled longer than the TTL loses
# its lease (an ERROR; its stories may then appear twice). The idle wait is at least the TTL.
AGGNEWS_REDIS_LEASE_TTL = 10.0
AGGNEWS_REDIS_HEARTBEAT = 2.0
ADDONS = {"aggnews.addons.DistributedCrawl": 100, "aggnews.addons.CrashSafeFrontier": 110}

# Pause and resume (-s JOBDIR=DIR): the CrashSafeFrontier add-on keeps the request queue and
# dupefilter in DIR/frontier-<site>.sqlite3, safe against a kill at any moment. Its writes
# are batched in one transaction committed at most this many seconds apart.
AGGNEWS_FRONTIER_COMMIT_SECONDS = 1.0

# Set settings whose default value is deprecated to a future-proof value
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
LOG_LEVEL = "INFO"
