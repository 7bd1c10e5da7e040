"""The spaCy config for a span model trained from scratch (no pretrained vectors, nothing downloaded).

Pipeline: tok2vec (MultiHashEmbed + MaxoutWindowEncoder, small widths for speed) shared by
``span_finder`` (learns where spans start and end, proposes every start/end pair up to
``max_length`` tokens) and ``spancat`` (labels candidates). spancat's default 1-3 token n-gram
suggester can never propose a 10-60 token quote; its suggester here (``suggesters.py``) offers
span_finder's spans plus clause-shaped spans (up to 60 tokens) and short n-grams, because
span_finder learns the boundaries of claims and framing phrases poorly from a few dozen examples.
"""

from __future__ import annotations

MAX_SPAN_TOKENS = 80
NGRAM_MAX = 6  # short candidates (framing phrases): every 1..6-token n-gram not edged by punctuation
CLAUSE_MAX = 60  # clause candidates (claims): clause start .. clause end, up to 60 tokens
NGRAM_FLOOR = 0.05  # when suggesting: n-grams only where span_finder scores an edge >= this (suggesters.py)

TEMPLATE = """
[paths]
train = null
dev = null

[system]
seed = {seed}
gpu_allocator = null

[nlp]
lang = "{lang}"
pipeline = ["tok2vec", "span_finder", "spancat"]
batch_size = 64

[components]

[components.tok2vec]
factory = "tok2vec"

[components.tok2vec.model]
@architectures = "spacy.Tok2Vec.v2"

[components.tok2vec.model.embed]
@architectures = "spacy.MultiHashEmbed.v2"
width = {width}
attrs = ["NORM", "PREFIX", "SUFFIX", "SHAPE"]
rows = [5000, 1000, 2500, 1000]
include_static_vectors = false

[components.tok2vec.model.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = {width}
depth = {depth}
window_size = 1
maxout_pieces = 3

[components.span_finder]
factory = "span_finder"
spans_key = "candidates"
threshold = {finder_threshold}
max_length = {max_length}
min_length = null

[components.span_finder.model]
@architectures = "spacy.SpanFinder.v1"

[components.span_finder.model.scorer]
@layers = "spacy.LinearLogistic.v1"
nO = 2

[components.span_finder.model.tok2vec]
@architectures = "spacy.Tok2VecListener.v1"
width = {width}

[components.spancat]
factory = "spancat"
spans_key = "sc"
threshold = 0.5
max_positive = null

[components.spancat.model]
@architectures = "spacy.SpanCategorizer.v1"

[components.spancat.model.reducer]
@layers = "spacy.mean_max_reducer.v1"
hidden_size = 128

[components.spancat.model.scorer]
@layers = "spacy.LinearLogistic.v1"
nO = null
nI = null

[components.spancat.model.tok2vec]
@architectures = "spacy.Tok2VecListener.v1"
width = {width}

[components.spancat.suggester]
@misc = "annotator.span_candidates.v1"
spans_key = "candidates"
ngram_max = {ngram_max}
clause_max = {clause_max}
ngram_floor = {ngram_floor}

[training]
seed = {seed}
dropout = 0.1
max_steps = {max_steps}
annotating_components = ["span_finder"]

[training.optimizer]
@optimizers = "Adam.v1"
learn_rate = 0.001

[training.score_weights]
spans_sc_f = 1.0
spans_sc_p = 0.0
spans_sc_r = 0.0
"""


def build_config(lang: str = "en", seed: int = 0, max_steps: int = 600, width: int = 64, depth: int = 4,
                 finder_threshold: float = 0.3, max_length: int = MAX_SPAN_TOKENS, ngram_max: int = NGRAM_MAX,
                 clause_max: int = CLAUSE_MAX, ngram_floor: float = NGRAM_FLOOR):
    """A filled spaCy Config for the span model."""
    from spacy.util import load_config_from_str

    from .suggesters import register

    register()  # annotator.span_candidates.v1

    text = TEMPLATE.format(lang=lang or "en", seed=seed, max_steps=max_steps, width=width, depth=depth,
                           finder_threshold=finder_threshold, max_length=max_length, ngram_max=ngram_max,
                           clause_max=clause_max, ngram_floor=ngram_floor)
    return load_config_from_str(text)
