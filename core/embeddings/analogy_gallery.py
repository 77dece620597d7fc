"""Classic analogies, one click each on the Analogies page: a − b + c = expected. Some fail in
the shipped models on purpose (currencies, opposites, a dish): what a vector offset cannot do is
part of the lesson. Whether each one succeeds is computed live, never claimed here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GalleryAnalogy:
    kind: str  # i18n key suffix: gallery.<kind>
    a: str
    b: str
    c: str
    expected: str

    @property
    def positive(self) -> list[str]:
        return [self.a, self.c]

    @property
    def negative(self) -> list[str]:
        return [self.b]


GALLERY: dict[str, tuple[GalleryAnalogy, ...]] = {
    "en": (
        GalleryAnalogy("gender", "king", "man", "woman", "queen"),
        GalleryAnalogy("gender", "uncle", "man", "woman", "aunt"),
        GalleryAnalogy("capital", "paris", "france", "germany", "berlin"),
        GalleryAnalogy("capital", "tokyo", "japan", "egypt", "cairo"),
        GalleryAnalogy("plural", "cars", "car", "apple", "apples"),
        GalleryAnalogy("plural", "mice", "mouse", "child", "children"),
        GalleryAnalogy("tense", "walked", "walk", "swim", "swam"),
        GalleryAnalogy("tense", "went", "go", "take", "took"),
        GalleryAnalogy("comparative", "bigger", "big", "small", "smaller"),
        GalleryAnalogy("comparative", "better", "good", "bad", "worse"),
        GalleryAnalogy("currency", "yen", "japan", "mexico", "peso"),
        GalleryAnalogy("opposite", "impossible", "possible", "certain", "uncertain"),
        GalleryAnalogy("food", "sushi", "japan", "germany", "bratwurst"),
    ),
    "ru": (
        GalleryAnalogy("gender", "король", "мужчина", "женщина", "королева"),
        GalleryAnalogy("gender", "брат", "мужчина", "женщина", "сестра"),
        GalleryAnalogy("capital", "париж", "франция", "германия", "берлин"),
        GalleryAnalogy("capital", "токио", "япония", "египет", "каир"),
        GalleryAnalogy("plural", "кошки", "кошка", "собака", "собаки"),
        GalleryAnalogy("plural", "столы", "стол", "дом", "дома"),
        GalleryAnalogy("tense", "читал", "читать", "писать", "писал"),
        GalleryAnalogy("tense", "шел", "идти", "ехать", "ехал"),
        GalleryAnalogy("comparative", "больше", "большой", "маленький", "меньше"),
        GalleryAnalogy("comparative", "лучше", "хороший", "плохой", "хуже"),
        GalleryAnalogy("currency", "рубль", "россия", "япония", "иена"),
        GalleryAnalogy("opposite", "невозможный", "возможный", "известный", "неизвестный"),
        GalleryAnalogy("food", "борщ", "россия", "италия", "пицца"),
    ),
}
