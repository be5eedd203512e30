"""Near-duplicate clusters: MinHash LSH over normalised 5-word shingles."""

from __future__ import annotations

import json
import sqlite3

from scrapy.utils.test import get_crawler

from aggnews.items import NewsArticle
from aggnews.pipelines.clusters import ClusterPipeline
from aggnews.state.neardup import NearDuplicateIndex, shingles
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
    db.commit()
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
