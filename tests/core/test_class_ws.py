"""The class load benchmark's pieces that need no server: the simulated browser's reading of
Streamlit's messages (bench/class_ws.py) and the benchmark's arithmetic (bench/class_load.py)."""

import asyncio
import concurrent.futures

import pytest
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.Slider_pb2 import Slider

from bench.class_load import Action, Student, latencies, moment_pick_index
from bench.class_ws import Session, rerun_message, versions_in, widget_key, widget_of, widget_state, with_params


def radio(key: str, options: list[str]) -> Element:
    element = Element()
    element.radio.id = f"$$ID-0123abcd-{key}"
    element.radio.options.extend(options)
    return element


def select_slider(key: str, options: list[str]) -> Element:
    element = Element()
    element.slider.id = f"$$ID-0123abcd-{key}"
    element.slider.type = Slider.SELECT_SLIDER
    element.slider.options.extend(options)
    return element


def delta(element: Element) -> ForwardMsg:
    msg = ForwardMsg()
    msg.delta.new_element.CopyFrom(element)
    return msg


def html(body: str) -> ForwardMsg:
    element = Element()
    element.html.body = body
    return delta(element)


def new_run(fragment: str = "") -> ForwardMsg:
    msg = ForwardMsg()
    msg.new_session.page_script_hash = "hash-descent"
    if fragment:
        msg.metadata.run.fragment_ids.append(fragment)
    return msg


def finished(status) -> ForwardMsg:
    msg = ForwardMsg()
    msg.script_finished = status
    return msg


def marker(version: int) -> str:
    return f'<div class="vl-class-status" data-version="{version}"><b>KMR 3QX</b> · following</div>'


def test_widget_key_is_the_end_of_the_id_and_may_hold_dashes():
    assert widget_key("$$ID-9f86d081884c7d65-gd_rate") == "gd_rate"
    assert widget_key("$$ID-9f86d081884c7d65-a-b") == "a-b"
    assert widget_key("$$ID-9f86d081884c7d65-None") is None  # no key given
    assert widget_key("some-other-id") is None


def test_the_version_marker_is_read_from_the_panel_html_only():
    assert versions_in(marker(12)) == [12]
    assert versions_in('<div data-version="3">') == []  # not the class panel's


def test_option_widgets_travel_as_their_labels():
    widget = widget_of(radio("gd_curve", ["a parabola", "two valleys"]))
    assert (widget.key, widget.kind, widget.options) == ("gd_curve", "radio", ["a parabola", "two valleys"])
    assert widget_state(widget, "two valleys").string_value == "two valleys"
    with pytest.raises(ValueError):
        widget_state(widget, "three valleys")
    slider = widget_of(select_slider("gd_rate", ["0.1", "0.3", "1.0"]))
    assert slider.select_slider
    assert list(widget_state(slider, "1.0").string_array_value.data) == ["1.0"]


def test_numbers_buttons_and_texts_have_their_own_fields():
    element = Element()
    element.slider.id = "$$ID-1-gd_x0"
    element.slider.data_type = Slider.FLOAT
    assert list(widget_state(widget_of(element), 2.5).double_array_value.data) == [2.5]
    button = Element()
    button.button.id = "$$ID-1-class_send_q1:1"
    assert widget_state(widget_of(button), True).trigger_value is True
    text = Element()
    text.text_input.id = "$$ID-1-sim_word"
    assert widget_state(widget_of(text), "<script>").string_value == "<script>"
    unkeyed = Element()
    unkeyed.button.id = "$$ID-1-None"
    assert widget_of(unkeyed) is None
    assert widget_of(Element()) is None


def test_a_rerun_carries_page_query_widgets_and_cached_hashes():
    state = widget_state(widget_of(radio("f", ["ReLU", "Tanh"])), "Tanh")
    msg = BackMsg()
    msg.ParseFromString(rerun_message(query="class=KMR3QX&lang=ru", page_hash="h1", page_name="descent",
                                      widgets=[state], cached=["abc"], url="http://x/descent").SerializeToString())
    sent = msg.rerun_script
    assert (sent.query_string, sent.page_script_hash, sent.page_name) == ("class=KMR3QX&lang=ru", "h1", "descent")
    assert [w.string_value for w in sent.widget_states.widgets] == ["Tanh"]
    assert list(sent.cached_message_hashes) == ["abc"]
    assert sent.context_info.url == "http://x/descent"


def test_with_params_sets_and_removes_keeping_order():
    assert with_params("class=ABC&lang=ru", lang=None, gd_rate="0.9") == "class=ABC&gd_rate=0.9"
    assert with_params("", **{"class": "ABC", "lang": "kk"}) == "class=ABC&lang=kk"


def test_an_update_counts_when_the_run_showing_the_new_version_finishes():
    session = Session("http://127.0.0.1:1", "s")
    session.handle(new_run(), 1.0)
    session.handle(html(marker(4)), 1.2)
    session.handle(finished(ForwardMsg.FINISHED_EARLY_FOR_RERUN), 1.3)  # st.switch_page: not yet
    assert session.updates == [] and session.version == 0
    session.handle(new_run(), 1.4)
    session.handle(html(marker(4)), 1.5)
    session.handle(finished(ForwardMsg.FINISHED_SUCCESSFULLY), 1.9)
    assert session.updates == [(4, 1.5, 1.9)] and session.version == 4
    session.handle(new_run(), 2.0)  # the same version again (a student's own click): no update
    session.handle(html(marker(4)), 2.1)
    session.handle(finished(ForwardMsg.FINISHED_SUCCESSFULLY), 2.2)
    assert len(session.updates) == 1
    session.handle(new_run(fragment="f1"), 3.0)  # a fragment's run is no update
    session.handle(html(marker(5)), 3.1)
    session.handle(finished(ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY), 3.2)
    assert session.version == 4


def test_widgets_are_those_of_the_last_full_run_and_held_values_follow_them():
    session = Session("http://127.0.0.1:1", "s")
    session.handle(new_run(), 1.0)
    session.handle(delta(radio("f", ["ReLU", "Tanh"])), 1.1)
    session.handle(finished(ForwardMsg.FINISHED_SUCCESSFULLY), 1.2)
    assert session.options("f") == ["ReLU", "Tanh"]
    session.held[session.widgets["f"].id] = widget_state(session.widgets["f"], "Tanh")
    session.handle(new_run(), 2.0)
    session.handle(delta(radio("g", ["a"])), 2.1)
    session.handle(finished(ForwardMsg.FINISHED_SUCCESSFULLY), 2.2)
    assert not session.has("f") and session.has("g")
    assert session.held == {}  # the browser forgets a widget that left the page
    with pytest.raises(KeyError):
        session.options("f")


def test_cached_elements_come_back_by_reference_and_errors_are_kept():
    session = Session("http://127.0.0.1:1", "s")
    session.handle(new_run(), 1.0)
    big = html(marker(7))
    big.hash, big.metadata.cacheable = "h-big", True
    session.handle(big, 1.1)
    assert "h-big" in session.cache
    session.handle(finished(ForwardMsg.FINISHED_SUCCESSFULLY), 1.2)
    session.version = 0
    session.handle(new_run(), 2.0)
    ref = ForwardMsg()
    ref.ref_hash = "h-big"
    session.handle(ref, 2.1)  # the server sends the hash of an element this browser holds
    session.handle(finished(ForwardMsg.FINISHED_SUCCESSFULLY), 2.2)
    assert session.version == 7
    missing = ForwardMsg()
    missing.ref_hash = "nothing"
    session.handle(missing, 3.0)
    failure = Element()
    failure.exception.type = "KeyError"
    failure.exception.message = "'gd_rate'"
    session.handle(delta(failure), 3.1)
    message = Element()
    message.alert.format = Alert.ERROR
    message.alert.body = "Something went wrong"
    session.handle(delta(message), 3.2)
    assert [kind for kind, _ in session.errors] == ["cache miss", "exception", "error message"]


def test_the_address_follows_the_server():
    session = Session("http://127.0.0.1:1", "s", query="class=ABC")
    nav = ForwardMsg()
    page = nav.navigation.app_pages.add()
    page.page_script_hash, page.url_pathname = "h-descent", "descent"
    nav.navigation.page_script_hash = "h-descent"
    session.handle(nav, 1.0)
    info = ForwardMsg()
    info.page_info_changed.query_string = "gd_rate=0.9&class=ABC"
    session.handle(info, 1.1)
    assert (session.page_name, session.page_hash, session.query) == ("descent", "h-descent", "gd_rate=0.9&class=ABC")
    assert session.url() == "http://127.0.0.1:1/descent?gd_rate=0.9&class=ABC"


def run_alone(coroutine):
    """asyncio.run on a thread of its own: when this file shares an xdist worker with the browser
    tests, their sync Playwright keeps an event loop running on the main thread, and asyncio.run
    refuses to start there (CI failed on exactly that)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_wait_run_ends_with_the_next_finished_full_run():
    async def scenario():
        session = Session("http://127.0.0.1:1", "s")
        session._asked = session.done_runs
        waiting = asyncio.ensure_future(session.wait_run(5))
        await asyncio.sleep(0)
        session.handle(new_run(), 1.0)
        session.handle(finished(ForwardMsg.FINISHED_EARLY_FOR_RERUN), 1.1)
        await asyncio.sleep(0)
        assert not waiting.done()  # st.rerun(): the next run is the one
        session.handle(new_run(), 1.2)
        session.handle(finished(ForwardMsg.FINISHED_SUCCESSFULLY), 1.3)
        assert await waiting
        session._asked = session.done_runs
        assert not await session.wait_run(0.05)

    run_alone(scenario())


def student(name: str, updates, off=()) -> Student:
    session = Session("http://127.0.0.1:1", name)
    session.updates = list(updates)
    return Student(session, rng=None, off=[list(span) for span in off])


def test_each_change_is_the_last_version_first_seen_before_the_next_change():
    actions = [Action(0, "open", "descent", sent=10.0), Action(1, "set", "gd_rate=0.9", sent=20.0),
               Action(2, "set", "nothing", sent=25.0, failed="no widget"), Action(3, "set", "sim_word=cat", sent=30.0),
               Action(4, "ask", "lr_diverge", sent=40.0)]
    students = [
        # the page opened published twice (settings early, then the rest): version 3 is the change's
        student("a", [(1, 1.0, 1.1), (2, 10.2, 10.5), (3, 10.9, 11.2), (4, 20.1, 20.4), (5, 40.2, 40.6)]),
        # straight from version 3 to 5: the third change counts until 5 was shown
        student("b", [(1, 1.0, 1.2), (3, 10.95, 11.4), (5, 40.1, 41.0)]),
        # away from 19 s to 45 s: only the first change is expected of it
        student("c", [(1, 1.0, 1.1), (3, 11.0, 11.3), (5, 45.5, 46.0)], off=[(19.0, 45.0)]),
        student("d", [(1, 1.0, 1.1)]),  # never followed: every change missing
    ]
    out = latencies(actions, students)
    assert [(a["index"], a["version"]) for a in out["actions"]] == [(0, 3), (1, 4), (3, None), (4, 5)]
    assert out["changes_without_a_version"] == 1  # the word was already the page's
    assert out["all"]["n"] == 7  # 3 + 2 + 2: c is away for the last two, d never follows
    assert out["all"]["max"] == pytest.approx(21.0)  # b: from 20.0 to 41.0 (never showed 4)
    assert sorted(out["by_kind"]) == ["ask", "open", "set"]
    assert [(m["student"], m["version"]) for m in out["missing"]] == [("d", 3), ("d", 4), ("d", 5)]


def test_the_moment_picker_lists_the_moments_of_the_page_in_their_order():
    assert moment_pick_index("optimizer_race") == 0
    assert moment_pick_index("lr_diverge") == 1


def test_a_finished_run_rewritten_as_ended_early_counts_when_only_a_fragment_follows():
    session = Session("http://127.0.0.1:1", "teacher")
    session.handle(new_run(), 1.0)
    session.handle(delta(radio("f", ["ReLU", "Tanh"])), 1.1)
    session.handle(finished(ForwardMsg.FINISHED_EARLY_FOR_RERUN), 1.2)  # really: SUCCESSFULLY, still queued
    assert session.done_runs == 0
    session.handle(new_run(fragment="counts"), 1.3)  # no full run started: the page was complete
    assert session.done_runs == 1 and session.has("f") and session.rewritten_finishes == 1
    session.handle(finished(ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY), 1.4)
    session.handle(new_run(), 2.0)
    session.handle(finished(ForwardMsg.FINISHED_EARLY_FOR_RERUN), 2.1)  # st.rerun(): a full run follows
    session.handle(new_run(), 2.2)
    assert session.done_runs == 1 and session.rewritten_finishes == 1


def test_a_full_run_whose_end_never_came_counts_when_a_fragment_run_starts():
    session = Session("http://127.0.0.1:1", "teacher")
    session.handle(new_run(), 1.0)
    session.handle(delta(radio("ds", ["Circle", "Spiral"])), 1.1)
    session.handle(new_run(fragment="counts"), 1.5)  # no script_finished for the full run at all
    assert session.done_runs == 1 and session.has("ds")
    session.handle(finished(ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY), 1.6)
    session.handle(new_run(fragment="counts"), 2.5)
    assert session.done_runs == 1  # once
