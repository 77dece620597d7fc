"""Words each corpus starts with: chosen so that the first picture already shows something
(for the Lee news, words from its big stories; for the lectures, the lectures' own examples).
Every curated word is in its corpus (a looked-up word at least min_count = 3 times, since it
must have a trained vector) and every "unseen" word is not; tests/app/test_claims_embeddings_training.py
checks this. Any corpus, an upload included, falls back to its own most frequent words."""

from dataclasses import dataclass

from core.embeddings.corpora import Corpus
from core.text.tokenize import words as tokenize

CURATED = {
    "lee": dict(
        heatmap=("police", "fire", "firefighters", "government", "minister", "israeli", "palestinian", "said"),
        query="police", glove_i="israeli", glove_j="palestinian",
        probes=("sharon", "arafat", "security", "fire", "the"),
        follow=("police", "fire", "israeli", "taliban", "government"),
        # a new compound and misspellings of the news' own words (tests check their neighbours)
        oov=("policewoman", "goverment", "palestinan", "presidental", "terrorisim"),
        sentence="the furry cat is on the mat",
    ),
    "synthetic": dict(
        # the generator's own context words: his/her and uncle/aunt carry gender, palace rank
        heatmap=("king", "queen", "man", "woman", "his", "her", "palace", "village"),
        query="king", glove_i="king", glove_j="queen", probes=("his", "her", "uncle", "aunt", "palace"),
        follow=("king", "queen", "man", "woman"), oov=("kingly", "queenship", "womanly", "kingdoms"),
        sentence="the furry cat is on the mat",
    ),
    "lecture_en": dict(
        heatmap=("ice", "steam", "solid", "gas", "water", "cat", "mat", "apricot", "jam"),
        query="word", glove_i="ice", glove_j="steam", probes=("solid", "gas", "water", "fashion"),
        follow=("word", "vector", "cat", "king"), oov=("apples", "gradients", "embedding", "cats"),
        sentence="the furry cat is on the mat",
    ),
    "lecture_ru": dict(
        heatmap=("слово", "вектор", "контекст", "слов", "эмбединг", "нейросеть"),
        query="слово", glove_i="слово", glove_j="вектор", probes=("слова", "это", "значения", "контекст", "и"),
        follow=("слово", "вектор", "функция"), oov=("словам", "векторный", "эмбедингами", "нейросетям"),
        sentence="skipgram пытается предсказывать контекст по слову",
    ),
    "lecture_kk": dict(
        # "сөз" itself occurs once in the lecture: too rare to train; its plural "сөздер" five times
        heatmap=("сөздер", "вектор", "ұқсас", "кеңістік", "элемент"),
        query="сөздер", glove_i="сөздер", glove_j="вектор", probes=("ұқсас", "және", "бұл", "жақын", "кеңістік"),
        follow=("сөздер", "вектор", "ұқсас"), oov=("кітаптарымызда", "сөздеріміз", "векторлардан", "ұқсастықтар"),
        sentence="ұқсас контексте кездесетін сөздердің мағыналары ұқсас",
    ),
}


@dataclass(frozen=True)
class Defaults:
    heatmap: tuple[str, ...]
    query: str
    glove_i: str
    glove_j: str
    probes: tuple[str, ...]
    follow: tuple[str, ...]
    oov: tuple[str, ...]
    sentence: str


def defaults_for(key: str, corpus: Corpus) -> Defaults:
    counts = corpus.counts()
    frequent = [w for w, _ in counts.most_common(60) if len(w) > 2] or [w for w, _ in counts.most_common(10)]
    known = frequent or ["?"]

    def nth(i: int) -> str:
        return known[min(i, len(known) - 1)]
    curated = CURATED.get(key.partition(":")[0], {})

    def present(words, fallback):
        kept = tuple(w for w in words if w in counts)
        return kept if len(kept) >= 2 else tuple(fallback)

    def one(word, fallback):
        return word if word in counts else fallback

    heatmap = present(curated.get("heatmap", ()), known[:8])
    probes = present(curated.get("probes", ()), known[3:8])
    oov = tuple(w for w in curated.get("oov", ()) if w not in counts) or tuple(w + w[-1] for w in known[:3])
    sentence = curated.get("sentence", "")
    if not sentence or not set(sentence.split()) & set(counts):
        sentence = " ".join(max(corpus.sentences[:200], key=len)[:12]) if corpus.sentences else ""
    return Defaults(
        heatmap=heatmap, query=one(curated.get("query", ""), nth(0)), glove_i=one(curated.get("glove_i", ""), nth(1)),
        glove_j=one(curated.get("glove_j", ""), nth(2)), probes=probes,
        follow=present(curated.get("follow", ()), known[:4]), oov=oov, sentence=sentence,
    )


def typed_word(text: str, default: str) -> str:
    """The first word of what was typed, as the tokenizer cuts it (lower case, letters and
    digits only), or the default: typed text then never reaches Markdown as markup."""
    tokens = tokenize(text)
    return tokens[0] if tokens else default
