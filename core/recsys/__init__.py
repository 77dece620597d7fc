"""Recommendations: sessions, item2vec, metrics and baselines."""
