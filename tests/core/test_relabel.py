"""A figure's words put into another language (the playground in class, core.figures.relabel)."""

import numpy as np
import plotly.graph_objects as go

from core.figures.relabel import relabel


def test_labels_templates_and_numbers():
    figure = go.Figure(go.Scatter(x=[1, 2], y=[3, 4], name="loss", text=np.array(["hidden 1 #2", "input"], dtype=object)))
    figure.update_layout(xaxis_title="epoch", meta={"vl_token": "epoch-loss"}, title="test loss")
    old = {"epoch": "epoch", "loss": "loss", "test": "test", "hidden": "hidden {n}", "input": "input"}
    new = {"epoch": "эпоха", "loss": "ошибка", "test": "тест", "hidden": "скрытый {n}", "input": "вход"}
    out = relabel(figure, old, new)
    assert out.layout.xaxis.title.text == "эпоха"
    assert out.layout.title.text == "тест ошибка"
    assert out.data[0].name == "ошибка" and list(out.data[0].text) == ["скрытый 1 #2", "вход"]
    assert list(out.data[0].x) == [1, 2]  # numbers untouched
    assert out.layout.meta["vl_token"] == "epoch-loss"  # the player's token is not a word
    assert figure.layout.xaxis.title.text == "epoch"  # the teacher's own figure unchanged


def test_one_pass_longest_first_and_nothing_to_do():
    figure = go.Figure(layout={"title": "test loss"})
    # "test loss" is a label of its own: it wins over "test" and "loss", and no word is replaced twice
    out = relabel(figure, {"a": "test loss", "b": "loss", "c": "test"}, {"a": "loss", "b": "X", "c": "Y"})
    assert out.layout.title.text == "loss"
    assert relabel(figure, {"a": "same"}, {"a": "same"}) is figure
