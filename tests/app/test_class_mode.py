"""Class mode in the app (AppTest): the sidebar panel, joining and its errors, following a
setting, the language a follower keeps, a class that ends. AppTest has no server to push
reruns, so a student's page is run again by the test, as the server would."""

import pytest

from app_pages.classroom.live import hub
from app_pages.registry import PAGES
from core.classroom.moments import MOMENTS
from core.classroom.seat import Seat
from tests.app.apptest import open_page

PAGE = "app_pages/networks/activations.py"


def _sidebar_text(at) -> str:
    return " ".join(str(m.value) for m in [*at.sidebar.markdown, *at.sidebar.caption])


def _start(path: str = "app_pages/networks/activations.py"):
    teacher = open_page(path)
    teacher.sidebar.button(key="class_start").click().run()
    assert not teacher.exception
    code = teacher.query_params["class"][0] if isinstance(teacher.query_params["class"], list) else teacher.query_params["class"]
    return teacher, str(code)


def _value(param):
    return param[0] if isinstance(param, list) else param


def test_a_teacher_starts_a_class_and_students_follow_a_setting_in_their_language():
    teacher, code = _start()
    assert len(code) == 6 and _value(teacher.query_params["teacher"])
    student = open_page(PAGE, **{"class": code})
    assert not student.exception and student.session_state["vl_class"].role == "student"
    teacher.radio(key="f").set_value("relu").run()
    student.run()  # what the server's push does
    assert student.radio(key="f").value == "relu"
    # last: AppTest formats a widget's labels outside a run in the language seen last, so a
    # Russian session before the teacher's next action would hand the teacher Russian labels
    russian = open_page(PAGE, **{"class": code, "lang": "ru"})
    assert "Функции активации" in russian.title[0].value  # the student's own language
    assert russian.radio(key="f").value == "relu" and _value(russian.query_params["lang"]) == "ru"


def test_exploring_on_ones_own_keeps_ones_settings_until_back():
    teacher, code = _start()
    student = open_page(PAGE, **{"class": code})
    student.button(key="class_break").click().run()
    teacher.radio(key="f").set_value("tanh").run()
    student.run()
    assert student.radio(key="f").value != "tanh"
    student.radio(key="f").set_value("step").run()
    assert student.radio(key="f").value == "step"  # the student's own change stays
    assert hub().store.counts(code).following == 0
    student.button(key="class_back").click().run()
    assert student.radio(key="f").value == "tanh"


def test_wrong_codes_get_a_message_then_a_wait_and_nothing_breaks():
    student = open_page(PAGE)
    for attempt in range(5):
        student.sidebar.text_input(key="class_code_input").set_value("ZZZ ZZZ").run()
        student.sidebar.button(key="class_join").click().run()
        assert not student.exception
        assert "There is no class with this code" in student.sidebar.error[0].value, attempt
    student.sidebar.text_input(key="class_code_input").set_value("<script>alert(1)</script>").run()
    student.sidebar.button(key="class_join").click().run()
    assert "Too many wrong codes" in student.sidebar.error[0].value
    assert student.session_state["vl_class"].role is None


def test_a_nickname_is_text_and_an_ended_class_is_said_once():
    teacher, code = _start()
    student = open_page(PAGE)
    student.sidebar.text_input(key="class_code_input").set_value(code.lower()).run()
    student.sidebar.text_input(key="class_nickname").set_value("**<b>Ana</b>**").run()
    student.sidebar.button(key="class_join").click().run()
    assert student.session_state["vl_class"].role == "student"
    teacher.run()
    names = [c.value for c in teacher.sidebar.caption if "Ana" in str(c.value)]
    assert names and "\\*\\*" in names[0] and "\\<b\\>" in names[0]  # escaped Markdown: shown as typed
    teacher.sidebar.button(key="class_end").click().run()
    assert teacher.session_state["vl_class"].role is None and "class" not in teacher.query_params
    student.run()
    assert any("The class has ended" in i.value for i in student.sidebar.info)
    assert student.session_state["vl_class"].role is None
    student.run()
    assert not any("The class has ended" in i.value for i in student.sidebar.info)  # said once


def test_an_old_or_forged_teacher_link_does_not_make_a_teacher():
    teacher, code = _start()
    forged = open_page(PAGE, **{"class": code, "teacher": "guess"})
    assert forged.session_state["vl_class"].role is None
    assert "teacher" not in forged.query_params
    again = open_page(PAGE, **{"class": code, "teacher": _value(teacher.query_params["teacher"])})
    assert again.session_state["vl_class"].role == "teacher"  # the private link after a reload


def test_a_seat_outlives_a_language_switch_for_the_teacher():
    teacher, code = _start()
    teacher.sidebar.selectbox(key="lang").set_value("Русский").run()
    assert not teacher.exception
    seat: Seat = teacher.session_state["vl_class"]
    assert seat.role == "teacher" and seat.code == code
    assert any("Вы ведёте класс" in str(m.value) for m in teacher.sidebar.markdown)


def test_the_playground_in_class_driven_here_and_played_along_elsewhere():
    from app_pages.classroom import screen

    teacher, code = _start("app_pages/networks/train.py")
    student = open_page("app_pages/networks/train.py", **{"class": code})
    teacher.button(key="pg_play").click().run()
    assert not teacher.exception
    student.run()  # on the teacher's server: the teacher's run, not one of its own
    assert student.button(key="pg_pause").disabled  # the teacher drives
    assert student.session_state["pg_session"].run is None or not student.session_state["pg_session"].running
    screen._screens().clear()  # as on another replica: no teacher's screen here
    student.run()
    assert student.session_state["pg_session"].running  # it plays along, training its own copy
    teacher.button(key="pg_pause").click().run()
    student.run()
    assert not student.session_state["pg_session"].running


def _ask_and_reveal(teacher, moment_id: str) -> str:
    if _has(teacher, "class_moment_pick"):
        teacher.selectbox(key="class_moment_pick").set_value(moment_id).run()
    teacher.button(key=f"class_ask_{moment_id}").click().run()
    assert not teacher.exception, [e.message for e in teacher.exception]
    teacher.button(key=f"class_reveal_{moment_id}").click().run()
    assert not teacher.exception, [e.message for e in teacher.exception]
    assert not teacher.error, [e.value for e in teacher.error]
    return teacher.success[0].value


def _has(at, key: str) -> bool:
    try:
        at.selectbox(key=key)
        return True
    except KeyError:
        return False


@pytest.mark.parametrize("moment_id", sorted(MOMENTS))
def test_every_moment_is_asked_and_revealed_on_its_page(moment_id):
    """The teacher asks each of the eight questions on its page and reveals it: the page runs
    the experiment and says what it measured (no error, the numbers in the sentence)."""
    page = next(spec.path for spec in PAGES if spec.url_path == MOMENTS[moment_id].page)
    teacher, _ = _start(page)
    said = _ask_and_reveal(teacher, moment_id)
    assert any(ch.isdigit() for ch in said), said
    assert teacher.session_state["vl_class"].question["revealed"]
    if moment_id == "optimizer_race":  # the steps of each optimizer, named (were "1) — · 2) 92")
        assert "SGD with momentum: 92" in said.replace("\\", "") and "|" not in said, said  # Markdown-escaped


def test_a_store_out_of_reach_is_one_warning_and_the_page_works(monkeypatch):
    """Redis stopped (nothing listens on the port): a class link or Start gets a short warning,
    the page draws; a page opened without a class never touches the store."""
    monkeypatch.setenv("VECTORLAB_CLASS_STORE", "redis://127.0.0.1:9/0")  # the discard port: refused
    monkeypatch.delenv("VECTORLAB_RAISE", raising=False)
    hub.clear()
    try:
        alone = open_page(PAGE)
        assert not alone.warning and alone.radio(key="f").value  # no class: the store is not asked
        linked = open_page(PAGE, **{"class": "ABC234"})
        assert any("cannot reach its store" in w.value for w in linked.warning)
        assert linked.radio(key="f").value and not linked.exception
        linked.sidebar.button(key="class_start").click().run()
        assert any("cannot reach its store" in w.value for w in linked.warning) and not linked.exception
    finally:
        hub.clear()
