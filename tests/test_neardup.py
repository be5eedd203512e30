"""Near-duplicate clusters: MinHash LSH over normalised 5-word shingles."""

from __future__ import annotations

import json
import logging
import sqlite3
import time

import numpy as np
import pytest
from scrapy.exceptions import CloseSpider
from scrapy.utils.test import get_crawler

from aggnews.items import NewsArticle
from aggnews.pipelines.clusters import ClusterPipeline
from aggnews.state import bloom
from aggnews.state.lsh import RECHECK_SECONDS
from aggnews.state.minhash import NUM_PERM, SCHEME, Signer, band_keys, shingles
from aggnews.state.neardup import NearDuplicateIndex
from aggnews.text import comparable
from tests.fixturesite import FIXTURES

STORY = json.loads(
    (FIXTURES / "masress" / "stories" / "almasryalyoum-3468554.json").read_text("utf-8")
)
BODY = STORY["body"]
OTHER_TOPIC_STORY = (
    "قال مسؤول في وزارة التموين إن الوزارة تعاقدت على شحنات جديدة من القمح المستورد لتعزيز "
    "المخزون، وإن الشحنات ستصل إلى ميناء الإسكندرية خلال الأسابيع المقبلة. وأوضح أن الكميات "
    "المتعاقد عليها تغطي احتياجات المطاحن، وأن الوزارة تراجع أسعار الخبز المدعم بشكل دوري "
    "بالتنسيق مع وزارة المالية، مشيرا إلى أن منظومة الصرف الإلكتروني تعمل بكفاءة في المحافظات."
)


#: The first signature values and band keys of BODY: fixed for scheme 2.
GOLDEN_BODY = [426866801, 752603121, 1055702239, 1512855740]
GOLDEN_BANDS = [2602875011961137597, 793259763576783852]


def respelled(body: str) -> str:
    """The same story as another aggregator spells it: hamza, ta marbuta, alef maqsura,
    tatweel, punctuation spacing, and two different words."""
    words = (
        body.replace("أ", "ا").replace("ة ", "ه ").replace("ى ", "ي ").replace("،", " ،").split()
    )
    words[10] = "الاستهلاك"
    words[40] = "وأكد"
    return "القاهـرة - " + " ".join(words)


def test_shingles_fold_spelling_and_punctuation() -> None:
    assert shingles("إلى القاهرة، اليوم.") == shingles("الي القاهره اليوم")
    assert shingles("a b c d e f g") == {b"a b c d e", b"b c d e f", b"c d e f g"}


def test_same_story_on_two_aggregators_is_one_cluster_other_story_is_not() -> None:
    index = NearDuplicateIndex(sqlite3.connect(":memory:"))
    first = index.assign("a" * 16, BODY)
    assert first == "a" * 16
    assert index.assign("b" * 16, respelled(BODY)) == first
    assert index.assign("c" * 16, OTHER_TOPIC_STORY) == "c" * 16


def test_clusters_are_stable_across_runs(tmp_path) -> None:
    path = tmp_path / "s.sqlite3"
    db = sqlite3.connect(path)
    index = NearDuplicateIndex(db)
    index.assign("a" * 16, BODY)
    index.assign("b" * 16, respelled(BODY))
    assert index.flush() == 2
    db.close()
    again = NearDuplicateIndex(sqlite3.connect(path))
    assert again.cluster_of("b" * 16) == "a" * 16
    assert again.assign("b" * 16, "anything") == "a" * 16
    assert again.assign("d" * 16, respelled(BODY)) == "a" * 16


def test_pipeline_sets_cluster_id(tmp_path) -> None:
    settings = {"AGGNEWS_STATE_DIR": str(tmp_path), "AGGNEWS_NEARDUP_THRESHOLD": 0.8}
    crawler = get_crawler(settings_dict=settings)
    pipe = ClusterPipeline.from_crawler(crawler)
    pipe.open_spider()
    one = pipe.process_item(NewsArticle(id="a" * 16, url="https://x/1", body=BODY))
    two = pipe.process_item(NewsArticle(id="b" * 16, url="https://y/2", body=respelled(BODY)))
    three = pipe.process_item(NewsArticle(id="c" * 16, url="https://y/3", body=OTHER_TOPIC_STORY))
    pipe.close_spider()
    assert (one.cluster_id, two.cluster_id, three.cluster_id) == ("a" * 16, "a" * 16, "c" * 16)
    assert crawler.stats.get_value("aggnews/neardup/joined_cluster") == 1


def test_recall_near_the_threshold() -> None:
    """Pairs at Jaccard ~0.85 must (almost) always meet: LSH banding is tuned for recall."""
    import random

    rng = random.Random(5)
    vocabulary = [f"w{i}" for i in range(3000)]
    index = NearDuplicateIndex(sqlite3.connect(":memory:"))
    found = 0
    for n in range(50):
        words = rng.choices(vocabulary, k=300)
        index.assign(f"{n:016x}", " ".join(words))
        for k in rng.sample(range(300), 4):  # 4 edits: Jaccard about 0.87
            words[k] = f"edit{n}{k}"
        found += index.assign(f"{n + 1000:016x}", " ".join(words)) == f"{n:016x}"
    assert found >= 48


def random_pair(rng, words: int, edits: int) -> tuple[str, str, float]:
    """Two bodies: ``words`` random words, and a copy with ``edits`` words replaced; and
    the true Jaccard similarity of their shingle sets."""
    first = [f"w{rng.randrange(10**6)}" for _ in range(words)]
    second = list(first)
    for k in rng.sample(range(words), edits):
        second[k] = f"edit{rng.randrange(10**9)}"
    a, b = shingles(" ".join(first)), shingles(" ".join(second))
    return " ".join(first), " ".join(second), len(a & b) / len(a | b)


def test_signature_estimates_the_jaccard_similarity() -> None:
    """One-permutation hashing: the share of equal values tracks the true similarity, for
    short bodies (most bins empty, densified) and long ones, as 128 permutations would
    (their standard deviation at J=0.8 is sqrt(0.8 * 0.2 / 128) = 0.035)."""
    import random

    rng = random.Random(3)
    signer = Signer()
    for words, edits in ((30, 1), (200, 5), (200, 20), (1000, 25)):
        errors = []
        for _ in range(60):
            first, second, jaccard = random_pair(rng, words, edits)
            same = np.count_nonzero(signer.sign(first) == signer.sign(second)) / NUM_PERM
            errors.append(same - jaccard)
        assert abs(np.mean(errors)) < 0.02, (words, edits, np.mean(errors))
        assert np.std(errors) < 0.06, (words, edits, np.std(errors))


def test_signatures_depend_on_the_shingles_only_and_never_change() -> None:
    """Signatures are stored: the same shingle set signs the same in every process and
    version of the scheme. A change of these values needs a new ``minhash.SCHEME``."""
    signer = Signer()
    one, two = signer.sign("A b, c d e f g!"), signer.sign("a b c d e f g")
    assert one.dtype == np.uint32 and len(one) == NUM_PERM and (one == two).all()
    assert (signer.sign("") == 0xFFFFFFFF).all()
    assert signer.sign("a b").tolist()[:4] == [1684979586] * 4
    assert signer.sign(BODY).tolist()[:4] == GOLDEN_BODY
    assert band_keys(signer.sign(BODY), 20, 6)[:2] == GOLDEN_BANDS
    assert len(set(signer.shingle_hashes(comparable(BODY)).tolist())) == len(shingles(BODY))


def test_signatures_of_every_length_never_change() -> None:
    """Every value of the signatures and band keys of bodies from 0 to 3,000 words (short
    ones leave most bins empty, to be filled by densification) is as the scheme's first
    version computed it."""
    import hashlib
    import random

    signer = Signer()
    rng = random.Random(1)
    vocabulary = [f"w{i}" for i in range(500)] + ["كتب", "الوزير", "قال"]
    digest = hashlib.sha1()
    for words in [*range(130), 200, 300, 500, 1000, 3000]:
        signature = signer.sign(" ".join(rng.choices(vocabulary, k=words)))
        digest.update(signature.tobytes())
        digest.update(repr(band_keys(signature, 20, 6)).encode())
    assert digest.hexdigest() == "fe424aa4fe787f80c3c5f519bc415d4696596a25"


def test_assignments_are_written_in_batches_and_seen_before(tmp_path) -> None:
    path = tmp_path / "s.sqlite3"
    index = NearDuplicateIndex(sqlite3.connect(path), batch=3)
    other = sqlite3.connect(path)
    rows = "SELECT COUNT(*) FROM neardup_signed"
    assert index.assign("a" * 16, BODY) == "a" * 16
    assert index.assign("b" * 16, respelled(BODY)) == "a" * 16  # found among the pending
    assert other.execute(rows).fetchone()[0] == 0 and index.commits == 0
    assert index.assign("c" * 16, OTHER_TOPIC_STORY) == "c" * 16  # the third: one write
    assert other.execute(rows).fetchone()[0] == 3 and index.commits == 1
    assert index.cluster_of("b" * 16) == "a" * 16
    assert index.flush() == 0 and index.commits == 1


def near_copies(count: int, seed: int = 9) -> list[tuple[str, str, str]]:
    """(body, near-copy, other topic) triples of random 120-word bodies."""
    import random

    rng = random.Random(seed)
    triples = []
    for _ in range(count):
        words = [f"w{rng.randrange(10**6)}" for _ in range(120)]
        copy = list(words)
        copy[60] = "changed"  # Jaccard 0.92
        other = [f"w{rng.randrange(10**6)}" for _ in range(120)]
        triples.append((" ".join(words), " ".join(copy), " ".join(other)))
    return triples


def test_near_copies_are_found_in_closed_segments_after_a_reopen(tmp_path) -> None:
    """Stories of full (closed) segments are found through their Bloom filters, also by a
    later run that loads the filters from the file; others are not. A batch larger than a
    segment fills several segments (10 of 4 stories: two rows of bit-sliced filters)."""
    path = tmp_path / "s.sqlite3"
    stories = near_copies(40)
    index = NearDuplicateIndex(sqlite3.connect(path), batch=10, segment_stories=4)
    for n, (body, _, _) in enumerate(stories):
        index.assign(f"{n:016x}", body)
    index.flush()
    db = sqlite3.connect(path)
    closed = db.execute("SELECT SUM(segments) FROM neardup_filters").fetchone()[0]
    open_keys = sum(len(k) for (k,) in db.execute("SELECT keys FROM neardup_chunks")) // 8
    assert closed == 10 and open_keys == 0, (closed, open_keys)
    again = NearDuplicateIndex(db, segment_stories=4)
    assert len(again.table.filters) == 10
    for n, (_, copy, other) in enumerate(stories):
        assert again.assign(f"{n + 100:016x}", copy) == f"{n:016x}", n
        assert again.assign(f"{n + 200:016x}", other) == f"{n + 200:016x}", n


def test_segment_filters_answer_as_each_segment_s_own_filter() -> None:
    """Past 64 segments (two words a row): a key passes exactly the segments whose own
    filter has all its probes set, which includes every segment holding it; looked up with
    many keys (numpy) or few (Python)."""
    rng = np.random.default_rng(5)
    bits, count = 1 << 10, 70
    segments = [rng.integers(-(2**63), 2**63 - 1, 40, dtype=np.int64) for _ in range(count)]
    columns: list[bytes | None] = [None] * ((count + 7) // 8)
    for segment, keys in enumerate(segments):
        slot, bit = divmod(segment, 8)
        columns[slot] = bloom.add_to_column(columns[slot], bit, keys, bits)
    filters = bloom.SegmentFilters(bits)
    filters.load([c for c in columns if c is not None], count)
    own = [np.zeros(bits, dtype=bool) for _ in range(count)]
    for segment, keys in enumerate(segments):
        own[segment][bloom.positions(keys, bits)] = True
    probes = [int(k) for k in segments[3][:5]] + [int(k) for k in segments[69][:5]]
    probes += rng.integers(-(2**63), 2**63 - 1, 30, dtype=np.int64).tolist()
    found = filters.candidates(probes)
    expected = {
        (segment, key)
        for key in probes
        for segment in range(count)
        if own[segment][bloom.positions(np.array([key]), bits)].all()
    }
    assert set(found) == expected and len(found) == len(expected)
    few = [pair for start in range(0, 40, 2) for pair in filters.candidates(probes[start:][:2])]
    assert sorted(few) == sorted(found)  # key by key, as for the seen-store's lookups
    assert {(3, k) for k in probes[:5]} | {(69, k) for k in probes[5:10]} <= expected
    assert len(expected) < 10 + 30 * count // 4  # a filter of 25 bits a key lets few through


def test_two_connections_see_each_others_stories(tmp_path) -> None:
    """``crawlall``: one index per site on one file; each finds the other's written stories
    (within ``RECHECK_SECONDS``), in the open segment and in segments the other one closed."""
    path = tmp_path / "s.sqlite3"
    stories = near_copies(30, seed=4)
    first = NearDuplicateIndex(sqlite3.connect(path), batch=2, segment_stories=8)
    second = NearDuplicateIndex(sqlite3.connect(path), batch=2, segment_stories=8)
    for n, (body, copy, _) in enumerate(stories):
        writer, reader = (first, second) if n % 2 else (second, first)
        writer.assign(f"{n:016x}", body)
        writer.flush()
        time.sleep(RECHECK_SECONDS)
        assert reader.assign(f"{n + 100:016x}", copy) == f"{n:016x}", n
    assert len(first.table.filters) >= 3 and len(second.table.filters) >= 3


def test_an_index_of_the_old_scheme_starts_clusters_afresh(tmp_path, caplog) -> None:
    """Scheme 1 (datasketch) signatures cannot be compared with new ones: its bands go,
    with one WARNING, and its stories keep their clusters."""
    path = tmp_path / "s.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE neardup_stories (id TEXT PRIMARY KEY, cluster TEXT NOT NULL, "
        "signature BLOB NOT NULL); CREATE TABLE neardup_bands (key INTEGER NOT NULL, "
        "id TEXT NOT NULL); CREATE INDEX neardup_bands_key ON neardup_bands (key);"
    )
    with db:
        db.execute("INSERT INTO neardup_stories VALUES (?, ?, ?)", ("b" * 16, "a" * 16, b"x" * 512))
        db.executemany(
            "INSERT INTO neardup_bands VALUES (?, ?)", [(k, "b" * 16) for k in range(20)]
        )
    db.close()
    with caplog.at_level(logging.WARNING):
        index = NearDuplicateIndex(sqlite3.connect(path))
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert warnings == [
        f"Near-duplicate index {path}: its 1 stories were signed by another scheme (1, now "
        f"{SCHEME}) and cannot be compared with new ones; they keep their cluster ids, and "
        "new stories are clustered among stories signed from now on"
    ]
    assert index.assign("b" * 16, "anything") == "a" * 16
    assert index.assign("c" * 16, BODY) == "c" * 16
    tables = {row[0] for row in index.db.execute("SELECT name FROM sqlite_master")}
    assert not tables & {"neardup_bands", "neardup_stories"}
    index.flush()
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        again = NearDuplicateIndex(sqlite3.connect(path))
    assert not caplog.records
    assert again.assign("d" * 16, respelled(BODY)) == "c" * 16


def test_pipeline_on_a_file_damaged_since_the_check_closes_the_spider(tmp_path) -> None:
    """Damage found while the pipeline opens stops the crawl as damage found later does."""
    (tmp_path / "seen.sqlite3").write_bytes(b"not a database at all " * 200)
    settings = {"AGGNEWS_STATE_DIR": str(tmp_path), "AGGNEWS_NEARDUP_THRESHOLD": 0.8}
    crawler = get_crawler(settings_dict=settings)
    pipe = ClusterPipeline.from_crawler(crawler)
    with pytest.raises(CloseSpider) as closed:
        pipe.open_spider()
    assert closed.value.reason == "store_failed"
    failed = crawler.stats.get_value("aggnews/store/failed")
    assert failed.startswith(f"the seen-store {tmp_path / 'seen.sqlite3'} is damaged: file is not")
    pipe.close_spider()


def test_the_open_segment_keeps_every_story_of_a_shared_key(tmp_path) -> None:
    """Keys shared within a chunk, with a chunk before, or both: each key lists all its
    stories in the order written, also in another connection that reads the chunks."""
    from aggnews.state.lsh import BandTable, immediate

    path = tmp_path / "k.sqlite3"
    table = BandTable(sqlite3.connect(path), segment_stories=100, keys_per_story=2)
    chunks = [
        ([1, 2, 3], [10, 10, 11]),
        ([3, 4, 5], [12, 12, 13]),
        ([5, 6, 5, 3], [14, 14, 15, 15]),
    ]
    for keys, refs in chunks:
        with immediate(table.db):
            written = table.append(np.array(keys, np.int64), np.array(refs, np.int64))
        table.apply(written)
    other = BandTable(sqlite3.connect(path), segment_stories=100, keys_per_story=2)
    for each in (table, other):
        assert each._open == {1: 10, 2: 10, 3: (11, 12, 15), 4: 12, 5: (13, 14, 15), 6: 14}
        assert each.lookup([3, 6, 99]) == {11, 12, 14, 15}
