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


# -- figures built once for a class (core/figures/shared.py) ---------------------------------------

import json  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass  # noqa: E402

import numpy as np  # noqa: E402
import plotly.graph_objects as go  # noqa: E402
import pytest  # noqa: E402

from core.figures import shared  # noqa: E402
from core.figures.descent import one_d_figure, race_figure  # noqa: E402
from core.nn.descent import CURVES, Contestant, descend_1d, quadratic, race  # noqa: E402


@pytest.fixture
def sharing():
    shared.share_figures(True)
    shared.FIGURES.specs.clear()
    yield
    shared.share_figures(False)


@dataclass
class Point:
    x: float
    tags: tuple = ()


def test_the_digest_tells_contents_apart_and_equal_contents_alike():
    same = [shared.digest([1.0, 2.0], {"a": np.arange(3)}, Point(1.5, ("x",))) for _ in range(2)]
    assert same[0] == same[1]
    others = [
        shared.digest([1.0, 2.5], {"a": np.arange(3)}, Point(1.5, ("x",))),
        shared.digest([1.0, 2.0], {"a": np.arange(3) * 2}, Point(1.5, ("x",))),
        shared.digest([1.0, 2.0], {"a": np.arange(3.0)}, Point(1.5, ("x",))),  # another dtype
        shared.digest([1.0, 2.0], {"a": np.arange(3)}, Point(1.5, ("y",))),
        shared.digest((1.0, 2.0), {"a": np.arange(3)}, Point(1.5, ("x",))),  # a tuple, not a list
        shared.digest([1, 2.0], {"a": np.arange(3)}, Point(1.5, ("x",))),  # an int, not a float
    ]
    assert len({same[0], *others}) == 7
    assert shared.digest(0.0) != shared.digest(-0.0)


def test_functions_are_told_apart_by_code_and_captured_values():
    # quadratic(κ) makes its loss as a lambda capturing κ: two bowls must not share a figure
    assert shared.digest(quadratic(10)) == shared.digest(quadratic(10))
    assert shared.digest(quadratic(10)) != shared.digest(quadratic(5))
    assert shared.digest(lambda x: x + 1) != shared.digest(lambda x: x + 2)


def test_what_it_cannot_read_is_not_shared():
    for unreadable in (object(), np.array([object()]), np.zeros(shared.MAX_ARGUMENT_BYTES // 8 + 1)):
        with pytest.raises(shared.Unkeyable):
            shared.digest(unreadable)


def counting_builder():
    calls = []

    @shared.built_once
    def build(values, *, title="", extra=None):
        calls.append(title)
        time.sleep(0.05)  # long enough for every thread below to ask while it is being built
        return go.Figure(go.Scatter(y=values), layout=dict(title=title))

    return build, calls


def test_outside_a_class_every_call_builds():
    build, calls = counting_builder()
    build([1.0, 2.0], title="a")
    build([1.0, 2.0], title="a")
    assert calls == ["a", "a"]


def test_in_a_class_one_build_per_arguments_and_each_caller_has_its_own_copy(sharing):
    build, calls = counting_builder()
    first = build([1.0, 2.0], title="a")
    first.add_trace(go.Scatter(y=[5.0]))  # a caller adding to its figure (descent's gradient arrows)
    second = build([1.0, 2.0], title="a")
    assert calls == ["a"] and len(second.data) == 1
    build([1.0, 2.0], title="b")
    build([1.0, 3.0], title="a")
    assert calls == ["a", "b", "a"]
    build([1.0], title="c", extra=object())  # unreadable: built, not kept
    build([1.0], title="c", extra=object())
    assert calls[-2:] == ["c", "c"]


def test_followers_asking_together_wait_for_one_build(sharing):
    build, calls = counting_builder()
    figures = []

    def follower():
        shared.share_figures(True)  # each run sets it in its own thread (app_pages/classroom/live.py)
        figures.append(build([3.0, 1.0], title="together"))

    threads = [threading.Thread(target=follower) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == ["together"] and len(figures) == 8


def test_a_shared_figure_is_the_figure_the_builder_makes(sharing):
    curve = CURVES["two_valleys"]
    run = descend_1d(curve, 0.1, 2.0, steps=20)
    surface = quadratic(10)
    results = race(surface, [Contestant("sgd", 0.01, ()), Contestant("adam", 0.1, ())], (-4.0, 1.5), steps=200)
    for build, args, kwargs in ((one_d_figure, (curve, run), {}),
                                (race_figure, (surface, results, ["SGD", "Adam"]), {"steps": 200})):
        shared.share_figures(False)
        direct = json.loads(build(*args, **kwargs).to_json())
        shared.share_figures(True)
        built = json.loads(build(*args, **kwargs).to_json())  # the same content (keys in another order)
        again = json.loads(build(*args, **kwargs).to_json())
        assert direct == built == again


def test_streamlit_sends_a_shared_figure_without_making_a_copy_of_it(sharing):
    """A follower's page that only shows the figure: Streamlit's own conversion (a figure's
    to_dict, then plotly's to_json) gives the builder's JSON, and no plotly Figure was made."""
    import plotly.tools

    curve = CURVES["two_valleys"]
    run = descend_1d(curve, 0.1, 2.0, steps=20)
    shared.share_figures(False)
    direct = json.loads(pio.to_json(one_d_figure(curve, run), validate=False))
    shared.share_figures(True)
    for _ in range(2):
        figure = one_d_figure(curve, run)
        sent = plotly.tools.return_figure_from_figure_or_data(figure, validate_figure=True)  # as st.plotly_chart
        assert json.loads(pio.to_json(sent, validate=False)) == direct
        assert isinstance(figure, go.Figure) and not figure.made


def test_what_a_reader_does_to_a_shared_description_stays_its_own(sharing):
    build, _ = counting_builder()
    first = build([1.0, 2.0], title="a").to_dict()
    first["data"][0]["uid"] = "mine"  # Streamlit's to_json removes the traces' uids from what it got
    first["data"].append({"type": "bar"})
    first["layout"]["height"] = 99
    first["frames"] = [{"name": "x"}]
    again = build([1.0, 2.0], title="a")
    assert again.to_dict() == build.__wrapped__([1.0, 2.0], title="a").to_dict()
    assert len(again.data) == 1 and again.layout.height is None


def test_a_shared_figure_is_made_on_first_use_and_then_is_an_ordinary_figure(sharing):
    import copy
    import pickle

    build, _ = counting_builder()
    figure = build([1.0, 2.0], title="a")
    assert not figure.made
    assert list(figure.data[0].y) == [1.0, 2.0] and figure.made  # looking inside makes it
    figure.update_layout(height=300)
    assert figure.to_dict()["layout"]["height"] == 300  # its own changes, in what it sends
    assert build([1.0, 2.0], title="a").to_dict()["layout"].get("height") is None
    for twin in (copy.deepcopy(build([1.0, 2.0], title="a")), pickle.loads(pickle.dumps(figure))):
        assert type(twin) is go.Figure and list(twin.data[0].y) == [1.0, 2.0]


# -- garbage collections in the server (core/gc_keeper.py) -----------------------------------------

import gc  # noqa: E402

from core import gc_keeper  # noqa: E402


def test_the_keeper_freezes_after_a_full_collection_and_thaws_once_an_hour():
    now = [0.0]
    keeper = gc_keeper.Keeper(clock=lambda: now[0], thaw_every=3600)
    try:
        keeper.step()
        assert gc.get_freeze_count() == 0  # no full collection yet: nothing is known to be long-lived
        keeper.on_collection("start", {"generation": 2})
        keeper.on_collection("stop", {"generation": 1})
        keeper.step()
        assert gc.get_freeze_count() == 0  # a young collection says nothing
        survivor = [object() for _ in range(10)]
        keeper.on_collection("stop", {"generation": 2})
        keeper.step()
        assert gc.get_freeze_count() > 0 and keeper.freezes == 1  # out of the collector's sight
        keeper.step()
        assert keeper.freezes == 1  # once per full collection
        now[0] = 3600.0
        keeper.step()
        assert gc.get_freeze_count() == 0 and keeper.thaws == 1  # given back: dead cycles get freed
        keeper.on_collection("stop", {"generation": 2})
        keeper.step()
        assert keeper.freezes == 2
        assert survivor
    finally:
        gc.unfreeze()


def test_the_keeper_starts_once_per_process():
    first = gc_keeper.keep_collections_short()
    assert gc_keeper.keep_collections_short() is first
    assert gc.callbacks.count(first.on_collection) == 1
    assert any(thread.name == "gc-keeper" for thread in threading.enumerate())


def test_app_tests_are_not_served_and_keep_no_frozen_objects():
    from app_pages import widget_registry
    from tests.app.apptest import open_page

    open_page("app_pages/home/home.py")
    assert not widget_registry.served()  # AppTest: app.py does not start the keeper
