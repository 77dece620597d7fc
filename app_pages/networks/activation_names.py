"""The activations' names in the interface (i18n keys), shared by the pages that list them."""

NAME_KEYS = {
    "linear": "pg.act.linear", "step": "pg.act.step", "sigmoid": "pg.act.sigmoid", "tanh": "pg.act.tanh",
    "relu": "pg.act.relu", "leaky_relu": "pg.act.leaky_relu", "softplus": "pg.act.softplus", "elu": "pg.act.elu",
    "gelu": "pg.act.gelu",
}
