"""The backpropagation page's pictures: the tiny network as a computational graph with every
forward value (blue) and every gradient (vermillion), and the chain-rule steps as LaTeX lines
with their numbers filled in (symbols only, so no translation is needed)."""

from __future__ import annotations

from typing import Mapping

import plotly.graph_objects as go

from core.figures.theme import BLUE, SMALL_FONT_SIZE, VERMILLION, use_vectorlab_template
from core.nn.backprop import Walkthrough, layers

DEFAULT_LABELS = {"forward": "forward: values", "backward": "backward: ∂L/∂…"}
# The layout is checked in pixels by tests/core/test_nn_backprop.py (no two labels, nor a label
# and a node, overlap in a 600 or 900 px wide chart): at 1 : 2.6 of the page the old one put
# ∂L/∂w₁₁ on h₁'s numbers, ∂L/∂v₂ under y's and y's beside L's.
NODES = {  # (x, y) of each node in the drawing
    "x1": (0.0, 2.2), "x2": (0.0, 0.0), "h1": (2.4, 2.2), "h2": (2.4, 0.0), "y": (4.4, 1.1), "L": (5.6, 1.1),
}
# where each node's numbers go: (dx, dy, xanchor, yanchor) from its centre; y's below and to the
# right (clear of v₂), L's above; the inputs' above and below them (beside, -1.234e-5 ran off the chart)
TEXT_AT = {
    "x1": (0.0, 0.3, "center", "bottom"), "x2": (0.0, -0.3, "center", "top"),
    "h1": (0.0, 0.3, "center", "bottom"), "h2": (0.0, -0.3, "center", "top"),
    "y": (-0.1, -0.3, "left", "top"), "L": (0.0, 0.3, "center", "bottom"),
}
# how far along each edge its label sits, and how far above (+) or below it: the straight input
# edges carry theirs inside the square, the crossing ones one above and one below the crossing;
# v₁ and v₂ sit between their edges
EDGE_AT = {"x1h1": (0.5, -0.38), "x2h2": (0.5, 0.38), "x2h1": (0.45, 0.3), "x1h2": (0.45, -0.3),
           "h1y": (0.42, -0.26), "h2y": (0.42, 0.26)}
SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def num(value: float) -> str:
    """Four significant digits: enough to follow the arithmetic, short enough to read."""
    return f"{value:.4g}".replace("e-0", "e-").replace("e+0", "e+")


def graph_figure(walk: Walkthrough, *, labels: Mapping[str, str] | None = None) -> go.Figure:
    use_vectorlab_template()
    L = {**DEFAULT_LABELS, **(labels or {})}
    p = walk.params
    fig = go.Figure()
    edges = [(f"x{i + 1}", f"h{j + 1}", f"w{i + 1}{j + 1}".translate(SUB), p.w[i][j], walk.dL_dw[i][j])
             for i in range(2) for j in range(2)]
    edges += [(f"h{j + 1}", "y", f"v{j + 1}".translate(SUB), p.v[j], walk.dL_dv[j]) for j in range(2)]
    for start, end, name, value, grad in edges:
        (x0, y0), (x1, y1) = NODES[start], NODES[end]
        fig.add_shape(type="line", x0=x0, y0=y0, x1=x1, y1=y1, line=dict(color="#999999", width=2), layer="below")
        along, lift = EDGE_AT[start + end]
        lx, ly = x0 + (x1 - x0) * along, y0 + (y1 - y0) * along + lift
        fig.add_annotation(x=lx, y=ly, showarrow=False, bgcolor="rgba(255,255,255,0.85)",
                           text=(f"<span style='color:{BLUE}'>{name} = {num(value)}</span><br>"
                                 f"<span style='color:{VERMILLION}'>∂L/∂{name} = {num(grad)}</span>"),
                           font=dict(size=SMALL_FONT_SIZE))
    (x0, y0), (x1, y1) = NODES["y"], NODES["L"]
    fig.add_shape(type="line", x0=x0, y0=y0, x1=x1, y1=y1, line=dict(color="#999999", width=2), layer="below")
    texts = {
        "x1": (f"x₁ = {num(walk.x[0])}", ""),
        "x2": (f"x₂ = {num(walk.x[1])}", ""),
        **{f"h{j + 1}": (f"z = {num(walk.z[j])}<br>h{j + 1} = {num(walk.h[j])}".replace(f"h{j + 1}", f"h{j + 1}".translate(SUB)),
                         f"∂L/∂z = {num(walk.delta_hidden[j])}") for j in range(2)},
        "y": (f"z = {num(walk.z_out)}<br>y = σ(z) = {num(walk.y)}", f"∂L/∂z = {num(walk.delta_out)}"),
        "L": (f"L = (y − t)²<br>= {num(walk.loss)}<br>t = {num(walk.t)}", f"∂L/∂y = {num(walk.dL_dy)}"),
    }
    xs, ys = zip(*NODES.values())
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="markers", hoverinfo="skip", showlegend=False,
                             marker=dict(size=46, color="#FFFFFF", line=dict(color="#444444", width=2))))
    biases = {"h1": p.b[0], "h2": p.b[1], "y": p.c}
    bias_grads = {"h1": walk.dL_db[0], "h2": walk.dL_db[1], "y": walk.dL_dc}
    for node, (x, y) in NODES.items():
        forward, backward = texts[node]
        name = {"h1": "h₁", "h2": "h₂", "x1": "x₁", "x2": "x₂"}.get(node, node)
        fig.add_annotation(x=x, y=y, text=f"<b>{name}</b>", showarrow=False, font=dict(size=SMALL_FONT_SIZE + 2))
        lines = [f"<span style='color:{BLUE}'>{forward}</span>"]
        if node in biases:  # a bias's gradient is its neuron's ∂L/∂z: one line says both
            bias = "c" if node == "y" else f"b{node[1]}".translate(SUB)
            lines.append(f"<span style='color:{BLUE}'>{bias} = {num(biases[node])}</span>")
            lines.append(f"<span style='color:{VERMILLION}'>∂L/∂z = ∂L/∂{bias}<br>= {num(bias_grads[node])}</span>")
        elif backward:
            lines.append(f"<span style='color:{VERMILLION}'>{backward}</span>")
        dx, dy, xanchor, yanchor = TEXT_AT[node]
        fig.add_annotation(x=x + dx, y=y + dy, xanchor=xanchor, yanchor=yanchor, showarrow=False,
                           align="right" if xanchor == "right" else "center", text="<br>".join(lines),
                           font=dict(size=SMALL_FONT_SIZE), bgcolor="rgba(255,255,255,0.85)")
    fig.add_annotation(x=0.0, y=1.0, xref="paper", yref="paper", showarrow=False, xanchor="left", yanchor="top",
                       text=(f"<span style='color:{BLUE}'>■ {L['forward']}</span>     "
                             f"<span style='color:{VERMILLION}'>■ {L['backward']}</span>"),
                       font=dict(size=SMALL_FONT_SIZE + 1))
    axis = dict(visible=False, fixedrange=True)
    fig.update_layout(height=640, margin=dict(l=10, r=10, t=10, b=10), showlegend=False,
                      xaxis=dict(range=[-1.0, 6.4], **axis), yaxis=dict(range=[-1.45, 3.85], **axis))
    return fig


def forward_lines(walk: Walkthrough) -> list[str]:
    p, x = walk.params, walk.x
    f = _f(walk.activation)
    lines = []
    for j in range(2):
        J = j + 1
        lines.append(
            rf"z_{J} = w_{{1{J}}} x_1 + w_{{2{J}}} x_2 + b_{J} = {num(p.w[0][j])} \cdot {num(x[0])} + "
            rf"{num(p.w[1][j])} \cdot {num(x[1])} + {num(p.b[j])} = {num(walk.z[j])}"
        )
        lines.append(rf"h_{J} = {f}(z_{J}) = {f}({num(walk.z[j])}) = {num(walk.h[j])}")
    lines.append(
        rf"z = v_1 h_1 + v_2 h_2 + c = {num(p.v[0])} \cdot {num(walk.h[0])} + {num(p.v[1])} \cdot {num(walk.h[1])}"
        rf" + {num(p.c)} = {num(walk.z_out)}"
    )
    lines.append(rf"y = \sigma(z) = \sigma({num(walk.z_out)}) = {num(walk.y)}")
    return lines


def _column(values) -> str:
    return r"\begin{bmatrix} " + r" \\ ".join(num(v) for v in values) + r" \end{bmatrix}"


def _matrix(rows) -> str:
    return r"\begin{bmatrix} " + r" \\ ".join(" & ".join(num(v) for v in row) for row in rows) + r" \end{bmatrix}"


def matrix_lines(walk: Walkthrough) -> list[str]:
    """The forward pass a layer at a time, f(Wx + b), with the page's numbers: the same z, h, y
    as `forward_lines`, from matrix products (`core.nn.backprop.layers`)."""
    f = _f(walk.activation)
    form = layers(walk)
    return [
        r"\mathbf{W}_1 = \begin{bmatrix} w_{11} & w_{21} \\ w_{12} & w_{22} \end{bmatrix}, \quad "
        r"\mathbf{b} = \begin{bmatrix} b_1 \\ b_2 \end{bmatrix}, \quad \mathbf{W}_2 = \begin{bmatrix} v_1 & v_2 \end{bmatrix}",
        rf"\mathbf{{z}} = \mathbf{{W}}_1 \mathbf{{x}} + \mathbf{{b}} = {_matrix(form.W1)} {_column(walk.x)} + "
        rf"{_column(form.b1)} = {_column(form.z1)}",
        rf"\mathbf{{h}} = {f}(\mathbf{{z}}) = {_column(form.a1)}",
        rf"z = \mathbf{{W}}_2 \mathbf{{h}} + c = {_matrix(form.W2)} {_column(form.a1)} + {num(form.b2[0])} = {num(form.z2[0])}",
        rf"y = \sigma(z) = {num(form.y[0])}",
    ]


def nested_lines(walk: Walkthrough) -> list[str]:
    """The whole network as one function, y = σ(W₂ f(W₁x + b) + c), symbols then numbers."""
    f = _f(walk.activation)
    form = layers(walk)
    return [
        rf"y = \sigma\bigl(\mathbf{{W}}_2\, {f}(\mathbf{{W}}_1 \mathbf{{x}} + \mathbf{{b}}) + c\bigr)",
        rf"= \sigma\Bigl({_matrix(form.W2)}\, {f}\Bigl({_matrix(form.W1)} {_column(walk.x)} + {_column(form.b1)}\Bigr)"
        rf" + {num(form.b2[0])}\Bigr) = {num(form.y[0])}",
    ]


def loss_lines(walk: Walkthrough) -> list[str]:
    return [rf"L = (y - t)^2 = ({num(walk.y)} - {num(walk.t)})^2 = {num(walk.loss)}"]


def backward_lines(walk: Walkthrough) -> list[str]:
    f = _f(walk.activation)
    lines = [
        rf"\frac{{\partial L}}{{\partial y}} = 2(y - t) = 2({num(walk.y)} - {num(walk.t)}) = {num(walk.dL_dy)}",
        rf"\frac{{\partial y}}{{\partial z}} = \sigma'(z) = y(1 - y) = {num(walk.dy_dz)}",
        rf"\delta = \frac{{\partial L}}{{\partial z}} = \frac{{\partial L}}{{\partial y}} \cdot \frac{{\partial y}}{{\partial z}}"
        rf" = {num(walk.dL_dy)} \cdot {num(walk.dy_dz)} = {num(walk.delta_out)}",
    ]
    for j in range(2):
        J = j + 1
        lines.append(rf"\frac{{\partial L}}{{\partial v_{J}}} = \delta \cdot h_{J} = {num(walk.delta_out)} \cdot "
                     rf"{num(walk.h[j])} = {num(walk.dL_dv[j])}")
    lines.append(rf"\frac{{\partial L}}{{\partial c}} = \delta = {num(walk.dL_dc)}")
    for j in range(2):
        J = j + 1
        lines.append(
            rf"\delta_{J} = \frac{{\partial L}}{{\partial z_{J}}} = \delta \cdot v_{J} \cdot {f}'(z_{J}) = "
            rf"{num(walk.delta_out)} \cdot {num(walk.params.v[j])} \cdot {num(walk.dh_dz[j])} = {num(walk.delta_hidden[j])}"
        )
    for i in range(2):
        for j in range(2):
            lines.append(
                rf"\frac{{\partial L}}{{\partial w_{{{i + 1}{j + 1}}}}} = \delta_{j + 1} \cdot x_{i + 1} = "
                rf"{num(walk.delta_hidden[j])} \cdot {num(walk.x[i])} = {num(walk.dL_dw[i][j])}"
            )
    for j in range(2):
        lines.append(rf"\frac{{\partial L}}{{\partial b_{j + 1}}} = \delta_{j + 1} = {num(walk.dL_db[j])}")
    return lines


def update_lines(walk: Walkthrough, lr: float) -> list[str]:
    before, grad = walk.params.as_vector(), walk.gradient().as_vector()
    after = walk.updated(lr).as_vector()
    symbols = ["w_{11}", "w_{12}", "w_{21}", "w_{22}", "b_1", "b_2", "v_1", "v_2", "c"]
    return [rf"{s} \leftarrow {s} - \gamma \frac{{\partial L}}{{\partial {s}}} = {num(a)} - {num(lr)} \cdot {num(g)}"
            rf" = {num(n)}" for s, a, g, n in zip(symbols, before, grad, after)]


def _f(activation: str) -> str:
    return {"sigmoid": r"\sigma", "tanh": r"\tanh", "relu": r"\mathrm{ReLU}", "linear": r"\mathrm{id}"}.get(
        activation, r"\mathrm{" + activation.replace("_", r"\_") + "}")
