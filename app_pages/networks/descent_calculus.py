"""The derivative as a limit and the gradient, drawn into the "Gradient descent" page.

descent.py calls these where they belong: the secant under the one-dimensional descent (same
curve, same start point), the gradient's numbers and arrows with the race, and the partial
derivatives as slices through the race's start point.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.charts import chart
from app_pages.common import presenting, t
from core.figures.gradient import add_gradient, secant_figure, slices_figure
from core.figures.theme import round3
from core.nn.derivatives import DX_STEPS, Gradient, gradient_at, gradient_field, secant, secants, slices
from core.nn.descent import Curve, Surface

SPEC = {
    "gd_dx": (0.5, list(DX_STEPS)),
    "gd_field": (False, None),
}
state = st.session_state


def _digits(value: float, digits: int = 6) -> str:
    """More digits than the usual three: the limit is in the digits that keep agreeing."""
    text = f"{value:.{digits}g}"
    return "0" if text == "-0" else text


def figure_labels() -> dict[str, str]:
    return {"uphill": t("grad.fig.uphill"), "downhill": t("grad.fig.downhill"), "field": t("grad.fig.field"),
            "secant": t("limit.fig.secant"), "tangent": t("gd.fig.tangent")}


def derivative_limit(curve: Curve, x0: float, columns: list[float]) -> None:
    """The secant through x₀ and x₀ + Δx, its slope against f′(x₀), and the limit row by row."""
    st.subheader(t("limit.title"))
    st.markdown(t("limit.lead"))
    # on a projector the fraction with eight-digit numbers needs more than the controls' column
    controls, picture = (st.container(), st.container()) if presenting() else st.columns(columns, gap="large")
    with controls:
        st.select_slider(t("limit.dx"), DX_STEPS, key="gd_dx", format_func=lambda v: f"{v:g}")
        cut = secant(curve, x0, float(state["gd_dx"]))
        # the lecture's formula, then the numbers, one short line each: in Presenting mode the
        # longer forms were cut at the column's edge
        st.latex(r"f'(x_0) = \lim_{\Delta x \to 0} \frac{\Delta f}{\Delta x}")
        # f(x₀ + Δx) to 8 digits: at Δx = 0.001 six showed 6.255 − 6.25, a quotient of 5, not 5.001
        st.latex(rf"\frac{{\Delta f}}{{\Delta x}} = \frac{{{_digits(cut.f1, 8)} - {_digits(cut.f0, 8)}}}{{{cut.dx:g}}}"
                 rf" = {_digits(cut.slope)}")
        st.latex(rf"f'({_digits(x0, 3)}) = {_digits(cut.derivative)}")
        st.latex(rf"\left|\frac{{\Delta f}}{{\Delta x}} - f'\right| = {round3(cut.difference)}")
    with picture:
        labels = {**figure_labels(), "f": "f(x)"}
        chart(secant_figure(curve, cut, labels=labels), key="gd_secant")
    rows = [{"Δx": f"{row.dx:g}", "Δf/Δx": _digits(row.slope), t("limit.col_difference"): round3(row.difference)}
            for row in secants(curve, x0)]
    with controls:
        # a static table: eight rows to read at a glance, nothing to sort or scroll
        st.table(pd.DataFrame(rows).set_index("Δx"))
        st.caption(t("limit.table_note", x=_digits(x0, 3), derivative=_digits(cut.derivative)))


def gradient_numbers(point: Gradient) -> None:
    """∇f at the start point, in numbers, with the lecture's words for what it means."""
    # two lines: as one, it ran 20 px past the column in Presenting mode
    st.latex(rf"\nabla f({_digits(point.x, 3)},\ {_digits(point.y, 3)}) = "
             rf"\left(\frac{{\partial f}}{{\partial x}},\ \frac{{\partial f}}{{\partial y}}\right) = "
             rf"({round3(point.dfdx)},\ {round3(point.dfdy)})")
    st.latex(rf"|\nabla f| = \sqrt{{(\partial f / \partial x)^2 + (\partial f / \partial y)^2}} = {round3(point.norm)}")
    st.caption(t("grad.numbers_note"))


def draw_gradient(figure, surface: Surface, starts: list[tuple[float, float]]):
    """The race's contour figure with ∇f and −∇f at every start and, when asked, the field."""
    field = gradient_field(surface) if state["gd_field"] else None
    points = [gradient_at(surface, x, y) for x, y in starts]
    return add_gradient(figure, surface, points, field=field, labels=figure_labels())


def partial_slices(surface: Surface, start: tuple[float, float]) -> None:
    """∂f/∂x and ∂f/∂y as the slopes of the two slices through the start point."""
    st.subheader(t("grad.slices_title"))
    st.markdown(t("grad.slices_lead"))
    cut = slices(surface, *start)
    chart(slices_figure(cut, labels=figure_labels()), key="gd_slices")
    st.caption(t("grad.slices_note", dfdx=round3(cut.point.dfdx), dfdy=round3(cut.point.dfdy)))
