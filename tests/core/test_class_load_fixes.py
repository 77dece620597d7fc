"""What the class load benchmark (bench/class_load.py) found a follower's page run paying for
again and again, and the fixes: each test fails if its fix is undone."""

import plotly.io as pio

from core.figures import theme


def test_the_template_is_made_the_default_once_not_at_every_figure(monkeypatch):
    theme.use_vectorlab_template()
    validated = []
    original = type(pio.templates)._validate
    monkeypatch.setattr(type(pio.templates), "_validate",
                        lambda self, value: validated.append(value) or original(self, value))
    for _ in range(3):
        assert theme.use_vectorlab_template() == "vectorlab"
    assert validated == []  # each setting of the default validated a copy of the whole template
    pio.templates.default = "plotly"  # something else made another template the default
    theme.use_vectorlab_template()
    assert pio.templates.default == "vectorlab" and len(validated) == 2
