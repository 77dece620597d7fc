"""The similarity page in a real browser: click on the film plane, type words, read the errors."""

import pytest

from tests.browser.conftest import assert_no_errors, screenshot, wait_for_app

pytestmark = pytest.mark.browser

CLICK_AT = """([gd, x, y]) => { const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
  const r = gd.getBoundingClientRect();
  return [r.left + xa._offset + xa.l2p(x), r.top + ya._offset + ya.l2p(y)]; }"""


def test_a_click_on_the_film_plane_moves_you_there(page, app_url):
    page.goto(f"{app_url}/similarity?sim_all_films=1")
    wait_for_app(page)
    chart = page.locator(".st-key-sim_films .js-plotly-plot")
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    x, y = page.evaluate(CLICK_AT, [chart.element_handle(), 4.5, 4.75])
    page.mouse.move(x, y)
    page.wait_for_timeout(200)
    page.mouse.click(x, y)
    wait_for_app(page)
    assert "sim_where=point" in page.url and "sim_x=4.5" in page.url and "sim_y=4.75" in page.url
    you = page.evaluate("""() => { const gd = document.querySelector('.st-key-sim_films .js-plotly-plot');
      const t = gd.data.find((d) => d.marker && d.marker.symbol === 'star'); return [t.x[0], t.y[0]]; }""")
    assert you == [4.5, 4.75]
    # John Wick [5, 5] is the nearest film to [4.5, 4.75]: it is among the recommended
    recommended = page.evaluate("""() => { const gd = document.querySelector('.st-key-sim_films .js-plotly-plot');
      const films = gd.data.find((d) => d.mode === 'markers+text' && d.text.length > 3);
      return films.text.filter((_, i) => films.marker.size[i] > 11); }""")
    assert "John Wick" in recommended and len(recommended) == 2
    assert_no_errors(page)
    screenshot(page, "similarity-films")


def test_unknown_words_are_named_with_suggestions(page, app_url):
    page.goto(f"{app_url}/similarity")
    wait_for_app(page)
    field = page.get_by_role("textbox", name="Word", exact=True)
    field.fill("elephnt")
    field.press("Enter")
    wait_for_app(page)
    assert page.get_by_text("Not in the model: elephnt.").count() == 1
    assert page.get_by_text("did you mean").first.is_visible()
    assert "elephant" in page.get_by_text("did you mean").first.inner_text()
    assert page.locator("[data-testid='stException']").count() == 0


def test_a_russian_session_on_navec(page, app_url):
    page.goto(f"{app_url}/similarity?lang=Русский&model=navec+news+v1+·+ru")
    wait_for_app(page)
    assert page.get_by_role("heading", name="Сходство").first.is_visible()
    bars = page.evaluate("""() => Array.from(document.querySelector('.st-key-sim_neighbours .js-plotly-plot').data[0].y)""")
    assert bars[0] == "собака"
    assert_no_errors(page)
    screenshot(page, "similarity-ru")


def test_the_dot_product_choice_draws_its_level_line_and_says_what_more_films_change(page, app_url):
    page.goto(f"{app_url}/similarity?sim_all_films=1")
    wait_for_app(page)
    page.locator(".st-key-sim_film_metric").get_by_text("dot product").click()
    wait_for_app(page)
    assert "sim_film_metric=dot" in page.url
    names = page.evaluate("""() => document.querySelector('.st-key-sim_films .js-plotly-plot').data
      .map((d) => d.name)""")
    assert "equal dot product" in names
    assert page.get_by_text("the nearest to Indiana Jones by dot product is John Wick").count() == 1
    assert page.locator(".katex").filter(has_text="20").count() >= 1
    assert_no_errors(page)
    screenshot(page, "similarity-dot")
