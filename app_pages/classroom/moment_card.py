"""Predict, then reveal: a card on a lesson page. In a class the teacher asks the question of
the moment; students answer on their screens; the teacher watches the answers arrive and
reveals: the page runs the experiment (core.classroom.moments) once, on the teacher's setup,
and everyone sees the class's guesses beside the result. Outside a class it draws nothing."""

from __future__ import annotations

import streamlit as st

from app_pages.charts import chart
from app_pages.classroom.live import OWN_PARAMS, heard, seat, store
from app_pages.common import number, show_user_error, t
from core.classroom.moment_kit import per_option_text
from core.classroom.moments import MOMENTS, Outcome, Question, prepare, reveal
from core.errors import UserInputError
from core.figures.class_tally import tally_figure
from core.text.plain import plain, plain_params


def class_questions(page: str, kv=None) -> None:
    """Under a page's title: the teacher picks one of the page's moments and asks it; a student
    sees the question the teacher asked here. `page` is the page's url_path."""
    own = seat()
    if own.role == "teacher":
        here = [moment.id for moment in MOMENTS.values() if moment.page == page]
        asked = own.question.get("moment") if own.question else None
        if asked in here:
            here = [asked]
        if here:
            with st.container(border=True, key="class_card"):
                _teacher(own, here, kv)
    elif own.role == "student":
        broadcast = heard().broadcast
        question = broadcast.question if broadcast else None
        if question and MOMENTS[question["moment"]].page == page:
            with st.container(border=True, key="class_card"):
                _student(own, question)


def _raw_label(question: Question, option: str) -> str:
    if question.labels is not None:
        return question.labels.get(option, option)
    return t(MOMENTS[question.moment].option_keys[option])


def _label(question: Question, option: str) -> str:
    """For Markdown (a radio option, a sentence): a word from the model is escaped."""
    return plain(_raw_label(question, option)) if question.labels is not None else _raw_label(question, option)


def _question_text(question: Question) -> str:
    return t(MOMENTS[question.moment].question_key, **plain_params(question.text_params))


def _title(moment_id: str) -> str:
    return t(MOMENTS[moment_id].title_key)


def _tally_chart(question: Question, qid: str, outcome: dict | None, key: str) -> None:
    try:
        tally = store().tally(seat().code, qid)
    except UserInputError:
        return
    right = None
    if outcome is not None:
        right = {i for i, option in enumerate(question.options) if option in outcome["correct"]}
    counts = [tally.get(option, 0) for option in question.options]
    st.caption(t("class.answers", count=number(sum(counts))))
    labels = [_raw_label(question, o) for o in question.options]  # the figure escapes them
    chart(tally_figure(labels, counts, right), key=key, csv=False, width="stretch")


@st.fragment(run_every=1.0)
def _live_tally(question_dict: dict, qid: str) -> None:
    """The teacher's chart, redrawn once a second while answers arrive."""
    _tally_chart(Question.from_dict(question_dict), qid, None, key=f"class_tally_live_{qid}")


def _outcome_text(question: Question, outcome: dict) -> None:
    result = Outcome(tuple(outcome["correct"]), outcome["detail_key"], outcome["detail"])
    params = dict(result.detail)
    if "each" in params:  # a number for each option, named in this student's language
        params["each"] = per_option_text(params["each"], lambda option: _raw_label(question, option))
    st.success(t(result.detail_key, **plain_params(params)))


def _teacher(own, moments: list[str], kv) -> None:
    open_question = own.question if own.question and own.question.get("moment") in moments else None
    if open_question is None:
        st.markdown(f"**{t('class.moment')}**")
        st.caption(t("class.ask_help"))
        moment_id = st.selectbox(t("class.question"), moments, key="class_moment_pick", format_func=_title) \
            if len(moments) > 1 else moments[0]
        if st.button(t("class.ask"), key=f"class_ask_{moment_id}", icon=":material/quiz:", type="primary"):
            params = {k: v for k, v in st.query_params.to_dict().items() if k not in OWN_PARAMS}
            question = prepare(moment_id, params, kv)
            own.rounds += 1
            round_ = own.rounds
            qid = f"{moment_id}:{round_}"
            store().ask(own.code, own.teacher_key, qid, list(question.options))
            own.question = {"moment": moment_id, "qid": qid, "q": question.to_dict(), "params": params,
                            "revealed": False, "outcome": None, "round": round_}
            st.rerun()  # the card redrawn as asked; that run publishes the question
        return
    moment_id = open_question["moment"]
    st.markdown(f"**{t('class.moment')}** · {_title(moment_id)}")
    question = Question.from_dict(open_question["q"])
    st.markdown(_question_text(question))
    qid = open_question["qid"]
    if not open_question["revealed"]:
        _live_tally(open_question["q"], qid)
        # one under the other: the card may sit in a narrow column (the playground's)
        if st.button(t("class.reveal"), key=f"class_reveal_{moment_id}", icon=":material/visibility:",
                       type="primary", width="stretch"):
            try:
                with st.spinner(t("class.running")):
                    outcome = reveal(question, open_question["params"], kv)
            except UserInputError as error:
                show_user_error(error)
                return
            open_question["revealed"] = True
            open_question["outcome"] = {"correct": list(outcome.correct), "detail_key": outcome.detail_key,
                                        "detail": {k: str(v) for k, v in outcome.detail.items()}}
            st.rerun()
        if st.button(t("class.cancel"), key=f"class_cancel_{moment_id}", width="stretch"):
            own.question = None
            st.rerun()
        return
    _revealed(question, qid, open_question["outcome"], None)
    if st.button(t("class.close_question"), key=f"class_close_{moment_id}"):
        own.question = None
        st.rerun()


def _revealed(question: Question, qid: str, outcome: dict, mine: str | None) -> None:
    _outcome_text(question, outcome)
    if mine is not None:
        key = "class.you_were_right" if mine in outcome["correct"] else "class.you_guessed"
        st.markdown(t(key, answer=_label(question, mine)))
    _tally_chart(question, qid, outcome, key=f"class_tally_{qid}")


def _student(own, data: dict) -> None:
    question = Question.from_dict(data["q"])
    qid = data["qid"]
    st.markdown(f"**{t('class.moment')}** · {_title(question.moment)}")
    st.markdown(_question_text(question))
    if data.get("revealed") and data.get("outcome"):
        _revealed(question, qid, data["outcome"], own.answers.get(qid))
        return
    _guess(data["q"], qid)


@st.fragment
def _guess(question_dict: dict, qid: str) -> None:
    """The student's answer: a fragment, so that picking and sending rerun only this card, not
    the page (thirty students answering at once would run the playground thirty times twice)."""
    own, question = seat(), Question.from_dict(question_dict)
    mine = own.answers.get(qid)
    choice = st.radio(t("class.your_guess"), list(question.options), key=f"class_guess_{qid}",
                      format_func=lambda option: _label(question, option), index=None)
    if st.button(t("class.send"), key=f"class_send_{qid}", icon=":material/send:", type="primary",
                 disabled=choice is None):
        try:
            own.answer(store(), qid, choice)
            mine = choice
        except UserInputError as error:
            show_user_error(error)
    if mine is not None:
        st.caption(t("class.sent", answer=_label(question, mine)))
