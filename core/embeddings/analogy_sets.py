"""Where each model language's evaluation sets are: Google's analogy set and the WordSim353 /
SimLex-999 similarity ratings ship inside gensim; the Russian analogy set is the team's own."""

from __future__ import annotations

from pathlib import Path

RUSSIAN_ANALOGIES = Path(__file__).resolve().parents[2] / "assets" / "analogies" / "ru_questions.txt"


def analogy_set(language: str) -> Path | None:
    if language == "en":
        from gensim.test.utils import datapath

        return Path(datapath("questions-words.txt"))
    if language == "ru" and RUSSIAN_ANALOGIES.exists():
        return RUSSIAN_ANALOGIES
    return None


def similarity_sets(language: str) -> list[tuple[str, Path]]:
    """(name, path) of human similarity ratings in the model's language (none offline for Russian)."""
    if language != "en":
        return []
    from gensim.test.utils import datapath

    return [("WordSim353", Path(datapath("wordsim353.tsv"))), ("SimLex-999", Path(datapath("simlex999.txt")))]
