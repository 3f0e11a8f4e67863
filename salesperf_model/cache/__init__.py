"""Stage results kept between runs (a report of one edited plan reuses the rest), keyed
by every input that produced them and the code version; safe for parallel processes."""

from salesperf_model.cache.codec import Uncacheable, decode, encode
from salesperf_model.cache.keys import code_version, digest, outcomes_digest, package_version
from salesperf_model.cache.stages import PlanStage, StageCache
from salesperf_model.cache.store import DEFAULT_MAX_BYTES, Entry, EntryStore

#: The cache folder's name inside a report output folder.
CACHE_DIR_NAME = ".cache"

__all__ = [
    "CACHE_DIR_NAME",
    "DEFAULT_MAX_BYTES",
    "Entry",
    "EntryStore",
    "PlanStage",
    "StageCache",
    "Uncacheable",
    "code_version",
    "decode",
    "digest",
    "encode",
    "outcomes_digest",
    "package_version",
]
