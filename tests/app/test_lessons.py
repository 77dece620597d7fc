"""Every lesson link on Home opens its page with every parameter taken, none ignored."""

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
    at = open_page("app_pages/home/home.py", lang=LANGUAGES[code])
    links = [link.proto.label for link in at.get("page_link")]
    for lesson in LESSONS:
        assert translate(code, lesson.title_key) in links
