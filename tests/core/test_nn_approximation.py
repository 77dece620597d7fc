"""One hidden layer of 1 to 16 neurons fitted to a function: real MLPs, seeded, with the output
being the sum of the neurons' parts; the figure shows the fits it is given."""

import numpy as np
import pytest

from core.figures.approximation import error_figure, fits_figure
from core.nn.approximation import HIDDEN, TARGETS, WIDTHS, approximate, fit_width, training_points
from core.nn.mlp import MLP


@pytest.fixture(scope="module")
def sine():
    return approximate("sine", "tanh")


def test_every_width_is_a_one_hidden_layer_mlp_scored_by_its_mse(sine):
    assert [fit.width for fit in sine.fits] == list(WIDTHS) == [1, 2, 4, 8, 16]
    for fit in sine.fits:
        assert isinstance(fit.net, MLP) and fit.net.sizes == [1, fit.width, 1]
        assert fit.net.activation.name == "tanh" and fit.net.output.name == "linear"
        residual = fit.net.forward(sine.x[:, None])[:, 0] - sine.y
        assert fit.mse == pytest.approx(float(np.mean(residual ** 2)))


def test_the_output_is_the_sum_of_the_neurons_parts_plus_the_bias(sine):
    x = np.linspace(-1, 1, 57)
    for fit in sine.fits:
        parts = fit.parts(x)
        assert parts.shape == (57, fit.width)
        np.testing.assert_allclose(parts.sum(axis=1) + fit.net.params[3][0], fit.net.forward(x[:, None])[:, 0],
                                   atol=1e-12)


def test_the_same_seed_gives_the_same_fits_and_another_seed_other_ones():
    x, y = training_points("bump")
    a, b = fit_width(x, y, 4, "sigmoid", seed=3, steps=50), fit_width(x, y, 4, "sigmoid", seed=3, steps=50)
    assert a.mse == b.mse and all(np.array_equal(p, q) for p, q in zip(a.net.params, b.net.params))
    assert fit_width(x, y, 4, "sigmoid", seed=4, steps=50).mse != a.mse


def test_the_output_layer_is_the_best_for_its_hidden_neurons():
    """Solved by least squares: no change of the output weights alone lowers the error."""
    x, y = training_points("step")
    fit = fit_width(x, y, 4, "tanh", seed=0, steps=100)
    rng = np.random.default_rng(0)
    for _ in range(20):
        params = [p.copy() for p in fit.net.params]
        params[2] += rng.normal(0, 1e-3, params[2].shape)
        params[3] += rng.normal(0, 1e-3, params[3].shape)
        net = fit.net.copy()
        net.set_params(params)
        assert net.loss(x[:, None], y, loss="mse") >= fit.mse - 1e-15


def test_training_lowers_the_error_below_the_least_squares_start():
    x, y = training_points("sine")
    start, trained = fit_width(x, y, 8, "tanh", seed=0, steps=0), fit_width(x, y, 8, "tanh", seed=0)
    assert trained.mse < start.mse / 10


def test_an_unknown_function_is_refused():
    with pytest.raises(ValueError):
        approximate("cosh")
    assert set(TARGETS) == {"sine", "abs", "step", "bump"} and HIDDEN == ("tanh", "sigmoid", "relu")


def test_the_figures_show_each_fit_and_its_error(sine):
    fig = fits_figure(sine, parts=True, labels={"neurons": "нейронов: {n}"})
    titles = [a.text for a in fig.layout.annotations]
    assert titles[0].startswith("нейронов: 1<br>MSE = ") and titles[-1].startswith("нейронов: 16")
    networks = [t for t in fig.data if t.name == "network"]
    assert len(networks) == 5
    for trace, fit in zip(networks, sine.fits):
        np.testing.assert_allclose(trace.y, fit.net.forward(np.asarray(trace.x)[:, None])[:, 0])
    parts = [t for t in fig.data if t.legendgroup == "part"]
    assert [np.isnan(np.asarray(t.x, dtype=float)).sum() for t in parts] == list(WIDTHS)  # one line per neuron
    assert not [t for t in fits_figure(sine).data if t.legendgroup == "part"]
    bars = error_figure(sine).data[0]
    np.testing.assert_allclose(bars.y, sine.errors)
    assert list(bars.x) == ["1", "2", "4", "8", "16"]


def test_two_rows_for_the_projector(sine):
    fig = fits_figure(sine, columns=3)
    assert fig.layout.xaxis5.anchor == "y5" and fig.layout.height > fits_figure(sine).layout.height
