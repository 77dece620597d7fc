"""Central finite differences for the gradient checks of core.nn's networks."""

import numpy as np


def numeric_grads(net, X, y, h=1e-6, **kwargs):
    """∂loss/∂p for every parameter p of `net`, by (L(p + h) − L(p − h)) / 2h."""
    grads = []
    for p in net.params:
        g = np.zeros_like(p)
        for idx in np.ndindex(p.shape):
            old = p[idx]
            p[idx] = old + h
            up = net.loss(X, y, **kwargs)
            p[idx] = old - h
            down = net.loss(X, y, **kwargs)
            p[idx] = old
            g[idx] = (up - down) / (2 * h)
        grads.append(g)
    return grads


def relative_error(a, b):
    return np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-12)
