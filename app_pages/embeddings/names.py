"""Catalogue keys shared by the embedding pages (a page script must never import another)."""

METRIC_KEYS = {"cosine": "sim.metric.cosine", "euclidean": "sim.metric.euclidean"}
