"""Optimizers: the first steps against torch.optim's update rules written out by hand,
defaults, in-place updates, copyable state."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.nn import DEFAULT_LR, MLP, OPTIMIZERS, make_dataset, make_optimizer

# A separable quadratic f(θ) = Σ ½ c (θ − m)² over two parameter arrays (a vector and a
# matrix), so each element's path can be followed with plain Python floats.
START = [np.array([1.5, -2.0, 0.01]), np.array([[0.5, -1.0], [2.0, 0.25]])]
CURVE = [np.array([1.0, 4.0, 0.5]), np.array([[0.2, 3.0], [1.0, 10.0]])]
MINIM = [np.array([0.0, 1.0, 0.0]), np.array([[-1.0, 0.0], [0.5, 0.3]])]


def quadratic_grads(params):
    return [c * (p - m) for p, c, m in zip(params, CURVE, MINIM)]


def by_hand_sgd(theta, c, m, lr, momentum=0.0, dampening=0.0, nesterov=False, steps=3):
    path, buf = [], None
    for _ in range(steps):
        g = c * (theta - m)
        if momentum:
            buf = g if buf is None else momentum * buf + (1 - dampening) * g
            d = g + momentum * buf if nesterov else buf
        else:
            d = g
        theta = theta - lr * d
        path.append(theta)
    return path


def by_hand_adagrad(theta, c, m, lr, lr_decay=0.0, initial_accumulator_value=0.0, eps=1e-10, steps=3):
    path, total = [], initial_accumulator_value
    for t in range(1, steps + 1):
        g = c * (theta - m)
        clr = lr / (1 + (t - 1) * lr_decay)
        total = total + g * g
        theta = theta - clr * g / (math.sqrt(total) + eps)
        path.append(theta)
    return path


def by_hand_rmsprop(theta, c, m, lr, alpha=0.99, eps=1e-8, momentum=0.0, centered=False, steps=3):
    path, v, gbar, buf = [], 0.0, 0.0, 0.0
    for _ in range(steps):
        g = c * (theta - m)
        v = alpha * v + (1 - alpha) * g * g
        if centered:
            gbar = alpha * gbar + (1 - alpha) * g
            denom = math.sqrt(v - gbar * gbar) + eps
        else:
            denom = math.sqrt(v) + eps
        if momentum:
            buf = momentum * buf + g / denom
            theta = theta - lr * buf
        else:
            theta = theta - lr * g / denom
        path.append(theta)
    return path


def by_hand_adam(theta, c, m, lr, betas=(0.9, 0.999), eps=1e-8, amsgrad=False, steps=3):
    b1, b2 = betas
    path, mom, v, vmax = [], 0.0, 0.0, 0.0
    for t in range(1, steps + 1):
        g = c * (theta - m)
        mom = b1 * mom + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        m_hat = mom / (1 - b1**t)
        if amsgrad:
            vmax = max(vmax, v)
            v_hat = vmax / (1 - b2**t)
        else:
            v_hat = v / (1 - b2**t)
        theta = theta - lr * m_hat / (math.sqrt(v_hat) + eps)
        path.append(theta)
    return path


CASES = [
    # (make_optimizer name, its keyword arguments, by-hand rule, the rule's arguments)
    ("sgd", {}, by_hand_sgd, dict(lr=0.03)),
    ("sgd", {"lr": 0.15}, by_hand_sgd, dict(lr=0.15)),
    ("momentum", {}, by_hand_sgd, dict(lr=0.03, momentum=0.9)),
    ("momentum", {"lr": 0.1, "momentum": 0.5, "dampening": 0.2}, by_hand_sgd,
     dict(lr=0.1, momentum=0.5, dampening=0.2)),
    ("nesterov", {}, by_hand_sgd, dict(lr=0.03, momentum=0.9, nesterov=True)),
    ("nesterov", {"lr": 0.2, "momentum": 0.7}, by_hand_sgd, dict(lr=0.2, momentum=0.7, nesterov=True)),
    ("adagrad", {}, by_hand_adagrad, dict(lr=0.01)),
    ("adagrad", {"lr": 0.5, "lr_decay": 0.1, "initial_accumulator_value": 0.2}, by_hand_adagrad,
     dict(lr=0.5, lr_decay=0.1, initial_accumulator_value=0.2)),
    ("rmsprop", {}, by_hand_rmsprop, dict(lr=0.01)),
    ("rmsprop", {"lr": 0.05, "alpha": 0.9}, by_hand_rmsprop, dict(lr=0.05, alpha=0.9)),
    ("rmsprop", {"lr": 0.05, "centered": True, "momentum": 0.8}, by_hand_rmsprop,
     dict(lr=0.05, centered=True, momentum=0.8)),
    ("adam", {}, by_hand_adam, dict(lr=0.001)),
    ("adam", {"lr": 0.1, "betas": (0.8, 0.99)}, by_hand_adam, dict(lr=0.1, betas=(0.8, 0.99))),
    ("adam", {"lr": 0.5, "beta2": 0.5, "amsgrad": True}, by_hand_adam,
     dict(lr=0.5, betas=(0.9, 0.5), amsgrad=True)),
]


def _case_id(value) -> str:
    # the rule's name, not its repr: ids must not hold a memory address (pytest-xdist's workers
    # must collect the same names)
    return getattr(value, "__name__", str(value))[:40]


@pytest.mark.parametrize("name, kwargs, rule, rule_args", CASES, ids=_case_id)
def test_first_three_steps_follow_torch_rules(name, kwargs, rule, rule_args):
    params = [p.copy() for p in START]
    opt = make_optimizer(name, **kwargs)
    expected = [
        [np.zeros_like(p) for p in START] for _ in range(3)
    ]
    for k, (p0, c, m) in enumerate(zip(START, CURVE, MINIM)):
        for idx in np.ndindex(p0.shape):
            path = rule(float(p0[idx]), float(c[idx]), float(m[idx]), **rule_args)
            for step in range(3):
                expected[step][k][idx] = path[step]
    for step in range(3):
        opt.step(params, quadratic_grads(params))
        for got, want in zip(params, expected[step]):
            np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)
    assert opt.t == 3


def test_amsgrad_case_really_uses_the_maximum():
    a = [p.copy() for p in START]
    b = [p.copy() for p in START]
    with_max = make_optimizer("adam", lr=0.5, beta2=0.5, amsgrad=True)
    plain = make_optimizer("adam", lr=0.5, beta2=0.5)
    for _ in range(3):
        with_max.step(a, quadratic_grads(a))
        plain.step(b, quadratic_grads(b))
    assert not np.allclose(a[0], b[0])


def test_defaults_are_torchs():
    assert OPTIMIZERS == ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")
    assert make_optimizer("sgd").hyper == {"lr": 0.03}
    assert make_optimizer("momentum").hyper == {"lr": 0.03, "momentum": 0.9, "dampening": 0.0, "nesterov": False}
    assert make_optimizer("nesterov").hyper == {"lr": 0.03, "momentum": 0.9, "dampening": 0.0, "nesterov": True}
    assert make_optimizer("adagrad").hyper == {
        "lr": 0.01, "lr_decay": 0.0, "initial_accumulator_value": 0.0, "eps": 1e-10}
    assert make_optimizer("rmsprop").hyper == {
        "lr": 0.01, "alpha": 0.99, "eps": 1e-8, "momentum": 0.0, "centered": False}
    assert make_optimizer("adam").hyper == {
        "lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "amsgrad": False}
    assert DEFAULT_LR == {name: make_optimizer(name).lr for name in OPTIMIZERS}


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_formula_uses_torch_symbols(name):
    opt = make_optimizer(name)
    formula = opt.formula
    assert r"\theta_t" in formula and r"\gamma" in formula and "g_t" in formula
    assert formula.count("{") == formula.count("}")
    expected_symbol = {"momentum": r"\mu", "nesterov": r"\mu", "adagrad": r"\epsilon",
                       "rmsprop": r"\alpha", "adam": r"\beta_1", "sgd": "g_t"}[name]
    assert expected_symbol in formula
    assert "b_t" in make_optimizer("rmsprop", momentum=0.9).formula
    assert r"\tau" in make_optimizer("momentum", dampening=0.5).formula


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_updates_in_place_and_state_copies(name):
    net = MLP([2, 4, 1], seed=0)
    arrays = list(net.params)
    X, y = make_dataset("circle", 50, seed=0)
    opt = make_optimizer(name, lr=0.05)
    before = [p.copy() for p in net.params]
    opt.step(net.params, net.loss_and_grads(X, y)[1])
    assert all(a is b for a, b in zip(arrays, net.params))
    assert any(not np.array_equal(a, b) for a, b in zip(before, net.params))

    # snapshot network + optimizer, run on, restore, and repeat exactly
    snap_net, snap_opt = net.copy(), opt.copy()
    for _ in range(3):
        opt.step(net.params, net.loss_and_grads(X, y)[1])
    for _ in range(3):
        snap_opt.step(snap_net.params, snap_net.loss_and_grads(X, y)[1])
    for a, b in zip(net.params, snap_net.params):
        np.testing.assert_array_equal(a, b)
    assert snap_opt.t == opt.t == 4
    for key in opt.state:  # the copy's state is its own
        for a, b in zip(opt.state[key], snap_opt.state[key]):
            if a is not None:
                assert a is not b


def test_state_is_tied_to_the_parameter_shapes():
    opt = make_optimizer("adam")
    opt.step([np.zeros(3)], [np.ones(3)])
    with pytest.raises(ValueError, match="reset"):
        opt.step([np.zeros(4)], [np.ones(4)])
    opt.reset()
    opt.step([np.zeros(4)], [np.ones(4)])
    assert opt.t == 1
    with pytest.raises(ValueError):
        opt.step([np.zeros(4)], [np.ones(3)])


def test_learning_rate_can_change_without_losing_momentum():
    p = [np.array([1.0])]
    opt = make_optimizer("momentum", lr=0.1)
    opt.step(p, [np.array([1.0])])  # buf = 1, p = 1 - 0.1
    opt.lr = 0.5
    opt.step(p, [np.array([2.0])])  # buf = 0.9 + 2 = 2.9, p = 0.9 - 0.5 * 2.9
    assert p[0][0] == pytest.approx(0.9 - 0.5 * 2.9)
    assert opt.hyper["lr"] == 0.5


def test_bad_arguments():
    with pytest.raises(ValueError, match="unknown optimizer"):
        make_optimizer("lbfgs")
    with pytest.raises(TypeError):
        make_optimizer("adam", momentum=0.9)
    with pytest.raises(ValueError):
        make_optimizer("sgd", lr=-1)
    with pytest.raises(ValueError):
        make_optimizer("nesterov", momentum=0.0)
    with pytest.raises(ValueError):
        make_optimizer("adam", beta1=1.0)


grad_values = st.floats(min_value=1e-3, max_value=1e3) | st.floats(min_value=-1e3, max_value=-1e-3)


@settings(max_examples=100, deadline=None)
@given(grad_values)
def test_first_step_size_of_adaptive_methods(g):
    """Bias correction makes Adam's first step exactly lr in the gradient's direction; Adagrad's
    first step too; RMSprop's is 1/sqrt(1 - alpha) = 10 times lr (no bias correction). Up to
    eps / |g|, which is below 1e-4 here."""
    for name, factor in (("adam", 1.0), ("adagrad", 1.0), ("rmsprop", 10.0)):
        p = [np.array([0.0])]
        make_optimizer(name, lr=0.01).step(p, [np.array([g])])
        assert p[0][0] == pytest.approx(-0.01 * factor * math.copysign(1.0, g), rel=2e-4)


@settings(max_examples=100, deadline=None)
@given(st.floats(min_value=0.1, max_value=10.0), st.floats(min_value=-5, max_value=5))
def test_sgd_with_lr_one_over_curvature_lands_on_the_minimum(c, start):
    p = [np.array([start])]
    make_optimizer("sgd", lr=1.0 / c).step(p, [np.array([c * start])])
    assert p[0][0] == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("name, lr", [("sgd", 0.1), ("momentum", 0.05), ("nesterov", 0.05),
                                      ("adagrad", 0.5), ("rmsprop", 0.01), ("adam", 0.05)])
def test_every_optimizer_reaches_the_minimum(name, lr):
    params = [p.copy() for p in START]
    opt = make_optimizer(name, lr=lr)
    for _ in range(2000):
        opt.step(params, quadratic_grads(params))
    for p, m in zip(params, MINIM):
        np.testing.assert_allclose(p, m, atol=0.02)
