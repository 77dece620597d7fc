"""Every lesson link on Home opens its page with every parameter taken, none ignored, in the
language of the teacher who copied it; links name languages and models by short codes."""

from urllib.parse import parse_qsl

import pytest

from app_pages.home.lessons import LESSONS
from app_pages.registry import PAGES
from core.i18n import LANGUAGES, translate
from tests.app.apptest import open_page

PATH = {page.url_path: page.path for page in PAGES}


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.title_key for lesson in LESSONS])
def test_a_lesson_opens_its_page_with_its_settings(lesson):
    at = open_page(PATH[lesson.page], **lesson.query)
    assert not at.error, [e.value for e in at.error]
    for key, value in lesson.query.items():
        assert key in at.session_state, f"{lesson.page} has no setting {key!r}"
        # a refused value, or one the page has anyway, is dropped from the link
        assert at.query_params.get(key) in (value, [value]), (key, at.query_params.get(key))


@pytest.mark.parametrize("code", LANGUAGES)
def test_home_lists_every_lesson_in_every_language(code):
    at = open_page("app_pages/home/home.py", lang=code)
    links = [link.proto.label for link in at.get("page_link")]
    for lesson in LESSONS:
        assert translate(code, lesson.title_key) in links


@pytest.mark.parametrize("code", LANGUAGES)
def test_lesson_titles_are_distinct_in_every_language(code):
    titles = [translate(code, lesson.title_key) for lesson in LESSONS]
    assert len(set(titles)) == len(titles), sorted(t for t in titles if titles.count(t) > 1)


def _lesson_links(at) -> dict[str, dict[str, str]]:
    """Home's links (the map's and the lessons'): title -> the query they open their page with."""
    return {link.proto.label: dict(parse_qsl(link.proto.query_string)) for link in at.get("page_link")}


@pytest.mark.parametrize("code", LANGUAGES)
def test_lesson_links_carry_the_language_as_a_short_code(code):
    at = open_page("app_pages/home/home.py", lang=code)
    links = _lesson_links(at)
    for lesson in LESSONS:
        query = links[translate(code, lesson.title_key)]
        assert query == ({**lesson.query, "lang": code} if code != "en" else lesson.query)


def test_a_russian_teachers_lesson_link_opens_in_russian_for_a_student():
    teacher = open_page("app_pages/home/home.py", lang="ru")
    lesson = next(lesson for lesson in LESSONS if lesson.title_key == "lesson.wmd_ru")
    query = _lesson_links(teacher)[translate("ru", lesson.title_key)]
    student = open_page(PATH[lesson.page], **query)  # a fresh session: the link alone
    assert student.selectbox(key="lang").value == LANGUAGES["ru"]
    assert student.title[0].value == translate("ru", "wmd.title")
    assert student.selectbox(key="model").value == "navec news v1 · ru"
    assert student.query_params.get("lang") in ("ru", ["ru"])
    assert student.query_params.get("model") in ("navec-ru-300", ["navec-ru-300"])


def test_links_made_before_the_codes_still_open_and_now_read_as_codes():
    at = open_page(PATH["wmd"], lang="Қазақша", model="navec news v1 · ru")
    assert at.selectbox(key="lang").value == LANGUAGES["kk"]
    assert at.selectbox(key="model").value == "navec news v1 · ru"
    assert at.query_params.get("lang") in ("kk", ["kk"])
    assert at.query_params.get("model") in ("navec-ru-300", ["navec-ru-300"])


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_order_lesson_names_the_sentences_its_page_opens_with(code):
    """The lesson's title quotes two sentences; its link (GloVe, as it names no model) opens
    Sentence vectors with exactly those two first, in every interface language."""
    from core.text.tokenize import words

    teacher = open_page("app_pages/home/home.py", lang=code)
    lesson = next(lesson for lesson in LESSONS if lesson.title_key == "lesson.order")
    title = translate(code, lesson.title_key)
    student = open_page(PATH[lesson.page], **_lesson_links(teacher)[title])  # a fresh session
    first, second = student.session_state["sv_text"].splitlines()[:2]
    assert words(title) == words(first) + words(second), (title, first, second)
    assert set(words(first)) == set(words(second)) and words(first) != words(second)  # same words, other order


@pytest.mark.parametrize("code", ["ru", "kk"])
def test_train_embeddings_seed_fields_speak_the_interface_language(code):
    at = open_page("app_pages/embeddings/train_embeddings.py", lang=code, te_part="pairs")
    labels = [field.label for field in at.text_input]
    assert translate(code, "te.seed") in labels and "Seed" not in labels
    assert translate(code, "te.seed").endswith("(seed)")
