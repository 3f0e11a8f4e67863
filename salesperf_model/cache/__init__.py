"""Stage results kept between runs (a report of one edited plan reuses the rest), keyed
by every input that produced them and the code version; safe for parallel processes.

Import what you need from the modules (``salesperf_model.cache.stages.StageCache``, ...):
this package imports none of them itself, so that naming the cache folder costs nothing.
"""

#: The cache folder's name inside a report output folder.
CACHE_DIR_NAME = ".cache"
