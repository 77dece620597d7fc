"""AppTest of "Backpropagation": every number follows the inputs; a step lowers the loss; the check agrees."""

import pytest
from streamlit.testing.v1 import AppTest

from core.figures.backprop import num
from core.i18n import LANGUAGES, translate
from core.nn.backprop import EXAMPLE, EXAMPLE_TARGET, EXAMPLE_X, walkthrough
from tests.app.apptest import open_page as open_at
from tests.app.number_fields import shown

PAGE = "app_pages/networks/backprop.py"


def open_page(**query) -> AppTest:
    return open_at(PAGE, **query)


def latex(at) -> str:
    return " ".join(element.body for element in at.latex)


def test_opens_on_the_worked_example_with_every_step():
    at = open_page()
    walk = walkthrough(EXAMPLE, EXAMPLE_X, EXAMPLE_TARGET)
    text = latex(at)
    for value in (walk.h[0], walk.y, walk.loss, walk.delta_out, walk.dL_dw[0][0], walk.updated(0.5).v[0]):
        assert num(value) in text


def test_a_step_applies_the_update_and_lowers_the_loss():
    at = open_page()
    before = walkthrough(EXAMPLE, EXAMPLE_X, EXAMPLE_TARGET)
    at.button(key="bp_step_button").click().run()
    assert not at.exception
    expected = before.updated(0.5)
    assert shown(at, "bp_w11") == pytest.approx(expected.w[0][0], rel=1e-5)
    assert shown(at, "bp_c") == pytest.approx(expected.c, rel=1e-5)
    after = walkthrough(expected, EXAMPLE_X, EXAMPLE_TARGET)
    assert after.loss < before.loss
    assert num(after.loss) in " ".join(m.value for m in at.markdown)  # the loss trail
    at.button(key="bp_reset").click().run()
    assert shown(at, "bp_w11") == pytest.approx(0.15)


def test_the_check_agrees_with_finite_differences():
    at = open_page(bp_f="tanh")
    at.button(key="bp_check").click().run()
    assert not at.exception
    (table,) = at.dataframe
    frame = table.value
    assert list(frame.iloc[:, 0]) == ["w11", "w12", "w21", "w22", "b1", "b2", "v1", "v2", "c"]
    assert float(frame.iloc[:, 4].max()) < 1e-8
    assert at.success


def test_a_huge_learning_rate_is_clipped_with_a_message():
    at = open_page(bp_lr="100.0", bp_t="1.0", bp_f="linear", bp_x1="100.0", bp_x2="-100.0")
    at.button(key="bp_step_button").click().run()
    assert not at.exception
    assert at.warning and "100" in at.warning[0].value
    assert all(abs(shown(at, key)) <= 100 for key in ("bp_w11", "bp_v1", "bp_c"))


def test_bad_links_fall_back_to_the_example_and_dead_relus_are_explained():
    at = open_page(bp_w11="nan", bp_x1="inf", bp_t="7", bp_f="nonsense")
    assert shown(at, "bp_w11") == pytest.approx(0.15)
    assert shown(at, "bp_x1") == pytest.approx(0.05)
    assert shown(at, "bp_t") == pytest.approx(0.01)
    at = open_page(bp_f="relu", bp_b1="-5.0", bp_b2="-5.0")  # both hidden neurons dead
    assert any("No gradient reaches the hidden layer" in info.value for info in at.info)
    assert "0" in latex(at)


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_explainer_is_there_in_every_language(code):
    at = open_page(lang=LANGUAGES[code])
    assert any(e.label == translate(code, "bp.explain_title") and e.markdown[0].value == translate(code, "bp.explain")
               for e in at.expander)


def test_the_chain_rule_point_travels_in_the_link():
    # Found by the random walk (seed 1): the link opened with x = 0.5 while the page showed -3.
    at = open_at("app_pages/networks/backprop.py")
    at.slider(key="bp_chain_x").set_value(-3.0).run()
    assert at.query_params["bp_chain_x"] in ("-3.0", ["-3.0"])
    fresh = open_at("app_pages/networks/backprop.py", bp_chain_x="-3.0")
    assert fresh.slider(key="bp_chain_x").value == -3.0
    assert "-3" in " ".join(c.value for c in fresh.caption)


def test_the_forward_pass_as_layers_has_the_same_numbers():
    """f(Wx + b) beside the per-neuron sums, then the nested function, in the page's numbers."""
    from core.figures.backprop import matrix_lines, nested_lines

    at = open_page(bp_f="tanh", bp_w12="-0.7", bp_x2="2.0")
    bodies = [element.body.strip("$\n") for element in at.latex]
    x = (EXAMPLE_X[0], 2.0)
    params = EXAMPLE.as_vector()
    params[1] = -0.7
    from core.nn.backprop import TinyParams

    walk = walkthrough(TinyParams.from_vector(params), x, EXAMPLE_TARGET, "tanh")
    for line in (*matrix_lines(walk), *nested_lines(walk)):
        assert line in bodies
    matrices = " ".join(matrix_lines(walk))
    assert r"\begin{bmatrix} 0.15 & 0.2 \\ -0.7 & 0.3 \end{bmatrix}" in matrices  # row 2: the weights into h₂
    assert num(walk.z[1]) in matrices and num(walk.h[1]) in matrices and num(walk.y) in matrices
    assert any(m.value == translate("en", "layer.about") for m in at.markdown)
