"""AppTest of "Activations": every activation, its parameters, one neuron, and the link."""


import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core.i18n import LANGUAGES, translate
from core.nn.activations import ACTIVATIONS
from tests.app.apptest import chart_spec, open_page as open_at, plotly_array

PAGE = "app_pages/networks/activations.py"


def open_page(**query) -> AppTest:
    return open_at(PAGE, **query)


def chart(at, key) -> dict:
    return chart_spec(at, key)


def curve(at, key, index):
    trace = chart(at, key)["data"][index]
    x, y = plotly_array(trace["x"]), plotly_array(trace["y"])
    keep = ~np.isnan(x)
    return x[keep], y[keep]


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_each_activation_shows_its_formulas_and_note(name):
    at = open_page()
    at.radio(key="f").set_value(name).run()
    assert not at.exception
    # the activation's two formulas come first; the approximation part below adds its own two
    bodies = [latex.body.strip("$\n") for latex in at.latex][:2]
    if name not in ("leaky_relu", "elu"):  # those are built with the page's own slope / alpha
        assert bodies == [ACTIVATIONS[name].formula, ACTIVATIONS[name].dformula]
    assert len(at.latex) == 4
    names = [trace.get("name") for trace in chart(at, "act_chart")["data"]]
    assert "f(x)" in names and "derivative f′(x)" in names
    assert at.query_params.get("f", "sigmoid") == name or (name == "sigmoid" and "f" not in at.query_params)


def test_leaky_relu_slope_and_elu_alpha_have_their_sliders():
    at = open_page(f="leaky_relu")
    assert at.select_slider(key="slope").value == 0.1
    at.select_slider(key="slope").set_value(0.5).run()
    assert r"0.5\,x" in at.latex[0].body and at.query_params["slope"] == "0.5"
    at.radio(key="f").set_value("elu").run()
    assert [s.key for s in at.select_slider] == ["alpha", "w", "b"]
    at.select_slider(key="alpha").set_value(2.0).run()
    assert r"2\,(e^{x} - 1)" in at.latex[0].body


def test_one_neuron_moves_with_w_and_b():
    at = open_page(f="tanh")
    at.select_slider(key="w").set_value(2.0).run()
    at.select_slider(key="b").set_value(-3.0).run()
    assert "1.5" in at.info[0].value  # w·x + b = 0 at x = 1.5
    x, y = curve(at, "act_neuron", 1)
    np.testing.assert_allclose(y, np.tanh(2.0 * x - 3.0), atol=1e-12)
    at.select_slider(key="w").set_value(0.0).run()
    assert "f(b)" in at.info[0].value and "-0.995" in at.info[0].value


def test_the_link_sets_everything_and_bad_values_are_ignored():
    at = open_page(f="relu", w="-2.0", b="1.5")
    assert at.radio(key="f").value == "relu"
    assert (at.select_slider(key="w").value, at.select_slider(key="b").value) == (-2.0, 1.5)
    at = open_page(f="nonsense", w="abc", b="99", slope="7")
    assert at.radio(key="f").value == "sigmoid"
    assert (at.select_slider(key="w").value, at.select_slider(key="b").value) == (1.0, 0.0)
    assert "0" in at.info[0].value  # the default neuron's middle is at x = 0
    assert not at.error


def test_in_russian_and_kazakh():
    for lang, title in (("Русский", "Функции активации"), ("Қазақша", "Активация функциялары")):
        at = open_page(lang=lang)
        assert at.title[0].value == title
        assert at.radio(key="f").label != "Activation"


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_explainer_is_there_in_every_language(code):
    at = open_page(lang=LANGUAGES[code])
    assert any(e.label == translate(code, "act.explain_title") and e.markdown[0].value == translate(code, "act.explain")
               for e in at.expander)


# ------------------------------------------------------------------ many neurons: universal approximation


def test_the_approximation_shows_every_width_and_its_error():
    from core.nn.approximation import approximate

    at = open_page()
    assert at.radio(key="ua_target").value == "sine" and at.radio(key="ua_act").value == "tanh"
    expected = approximate("sine", "tanh")
    bars = chart(at, "ua_errors")["data"][0]
    np.testing.assert_allclose(plotly_array(bars["y"]), expected.errors)
    fits = chart(at, "ua_fits")
    assert len([t for t in fits["data"] if t.get("name") == "network"]) == 5
    assert not [t for t in fits["data"] if t.get("legendgroup") == "part"]
    result = " ".join(m.value for m in at.markdown)
    assert f"**{expected.errors[0]:.3g}**" in result and f"**{expected.errors[-1]:.3g}**" in result
    assert at.latex[2].body.strip("$\n") == r"y = \sin 2\pi x"


def test_the_approximation_follows_its_controls_and_the_link():
    at = open_page(ua_target="abs", ua_act="relu", ua_parts="1")
    assert at.toggle(key="ua_parts").value
    parts = [t for t in chart(at, "ua_fits")["data"] if t.get("legendgroup") == "part"]
    assert len(parts) == 5
    from core.nn.approximation import approximate

    errors = approximate("abs", "relu").errors
    assert errors[1] < 1e-10  # two ReLUs draw |x| exactly
    ratio = int(float(f"{errors[0] / errors[-1]:.3g}"))
    assert ratio >= 1000 and f"{ratio:,} times smaller" in " ".join(m.value for m in at.markdown)  # grouped, not 2.6e+05
    at.radio(key="ua_target").set_value("step").run()
    assert at.query_params["ua_target"] in ("step", ["step"]) and at.query_params["ua_act"] in ("relu", ["relu"])
    assert not at.exception
    at = open_page(ua_target="cosh", ua_act="gelu", ua_parts="maybe")
    assert (at.radio(key="ua_target").value, at.radio(key="ua_act").value) == ("sine", "tanh")
    assert not at.toggle(key="ua_parts").value and not at.error


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_approximation_speaks_every_language(code):
    at = open_page(lang=LANGUAGES[code])
    assert translate(code, "ua.title") in [s.value for s in at.subheader]
    assert at.radio(key="ua_target").label == translate(code, "ua.target")
    titles = [a["text"] for a in chart(at, "ua_fits")["layout"]["annotations"]]
    assert titles[0].startswith(translate(code, "ua.fig.neurons").format(n=1))
    assert any(m.value == translate(code, "ua.explain") for e in at.expander for m in e.markdown)
