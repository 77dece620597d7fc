"""Evaluation: leave-last-out next-item prediction on a session-disjoint split, item2vec against
random, popularity, co-occurrence and Markov baselines, and a sweep over one hyper-parameter."""

import time
from dataclasses import replace

import pandas as pd
import streamlit as st

from app_pages.charts import chart
from app_pages.common import computed_once, number, t
from app_pages.plain_errors import show_plain_error
from core.errors import UserInputError
from core.figures.recsys import scores_figure, sweep_figure
from core.recsys.baselines import CooccurrenceKNN, MarkovBaseline, PopularityBaseline, RandomBaseline
from core.recsys.item2vec import Item2VecParams, Item2VecRecommender, sweep
from core.recsys.metrics import evaluate, leave_last_out
from core.recsys.sessions import SessionData

SWEEPS = {"ns_exponent": [-0.5, 0.0, 0.5, 0.75, 1.0], "epochs": [1, 3, 5, 10, 20]}
KS = [5, 10, 20]
MODEL_KEYS = {"random": "rs.model.random", "popularity": "rs.model.popularity",
              "co-occurrence": "rs.model.cooccurrence", "markov": "rs.model.markov", "item2vec": "rs.model.item2vec"}
state = st.session_state


def spec() -> dict[str, tuple]:
    return {"rs_eval_k": (10, KS), "rs_sweep": ("ns_exponent", list(SWEEPS))}


def _scores(data: SessionData, params: Item2VecParams, k: int, progress):
    """Every model fitted on the same training sessions and scored on the same test cases."""
    split = leave_last_out(data.sessions, seed=0)
    models = [RandomBaseline(seed=0), PopularityBaseline(), CooccurrenceKNN(), MarkovBaseline()]
    scores = []
    for model in [*models, Item2VecRecommender(params=params)]:
        start = time.perf_counter()
        if isinstance(model, Item2VecRecommender):
            model.fit(split.train, progress=progress)
        else:
            model.fit(split.train)
        scores.append(replace(evaluate(model, split, k), train_seconds=time.perf_counter() - start))
    return split, scores


def show(key: str, data: SessionData, params: Item2VecParams) -> None:
    st.header(t("rs.eval_title"))
    st.markdown(t("rs.eval_lead"))
    left, right = st.columns([1, 2.3], gap="large")
    with left:
        st.select_slider("k", KS, key="rs_eval_k")
        run = st.button(t("rs.eval_run"), key="rs_eval", icon=":material/play_arrow:")
    k = state["rs_eval_k"]
    if not (run or state.get("rs_evaluated") == (key, params, k)):
        return
    state["rs_evaluated"] = (key, params, k)
    with right:
        try:
            found = computed_once("recsys-eval", key, (params, k), lambda p: _scores(data, params, k, p),
                                  params.epochs, "te.training_epoch")
        except UserInputError as error:
            show_plain_error(error)
            return
        if found is None:
            return
        split, scores = found
        scores = [replace(s, model=t(MODEL_KEYS.get(s.model, s.model))) for s in scores]
        st.dataframe(pd.DataFrame([{t("rs.col_model"): s.model, f"HR@{k}": f"{s.hr:.3f}", f"MRR@{k}": f"{s.mrr:.3f}",
                                    t("rs.col_coverage"): f"{100 * s.coverage:.0f} %",
                                    t("rs.col_seconds"): f"{s.train_seconds + s.seconds:.2f}"} for s in scores]),
                     hide_index=True, width="stretch")
        st.caption(t("rs.split_note", train=number(len(split.train)), test=number(split.n_test),
                     cold=number(split.dropped_cold), repeat=number(split.dropped_repeat)))
        chart(scores_figure(scores, labels={"hr": f"HR@{k}", "mrr": f"MRR@{k}", "model": t("rs.col_model"),
                                                      "score": t("rs.fig.score")}),
                        key="rs_scores")
        best_hr, best_mrr = max(scores, key=lambda s: s.hr), max(scores, key=lambda s: s.mrr)
        item2vec = t(MODEL_KEYS["item2vec"])
        verdict = "rs.item2vec_wins" if best_hr.model == best_mrr.model == item2vec else "rs.baseline_wins"
        st.info(t(verdict, hr=best_hr.model, mrr=best_mrr.model, k=k))
    _sweep(key, data, params, k)


def _sweep(key: str, data: SessionData, params: Item2VecParams, k: int) -> None:
    st.subheader(t("rs.sweep_title"))
    left, right = st.columns([1, 2.3], gap="large")
    with left:
        parameter = st.radio(t("rs.sweep_param"), list(SWEEPS), key="rs_sweep", horizontal=True)
        run = st.button(t("rs.sweep_run"), key="rs_sweep_run", icon=":material/tune:")
    values = SWEEPS[parameter]
    if not (run or state.get("rs_swept") == (key, params, k, parameter)):
        return
    state["rs_swept"] = (key, params, k, parameter)
    total = sum(v if parameter == "epochs" else params.epochs for v in values)
    with right:
        scores = computed_once(
            "recsys-sweep", key, (params, k, parameter),
            lambda p: sweep(leave_last_out(data.sessions, seed=0), parameter, values, replace(params), k=k,
                            progress=p),
            total, "te.training_epoch")
        if scores is None:
            return
        chart(sweep_figure(values, scores, parameter, labels={"hr": f"HR@{k}", "mrr": f"MRR@{k}",
                                                                        "score": t("rs.fig.score")}),
                        key="rs_sweep_fig")
        st.caption(t("rs.sweep_note"))
