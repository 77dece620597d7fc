"""Several classes on the playground page: the data sets with 3-5 classes, the "classes" control
(in the link as ?classes=4), honest names for the loss of a softmax network, and the accuracy and
confusion matrix of the epoch on screen (for two classes too).

The run itself (softmax output, cross-entropy, argmax accuracy) is core.nn.trainer's; the
pictures are core.figures.playground's and core.figures.confusion's."""

from __future__ import annotations

import streamlit as st

from app_pages.charts import chart
from app_pages.common import t
from core.figures.confusion import accuracy, confusion_figure
from core.figures.playground.classes import class_names
from core.nn.datasets import MULTICLASS_DATASETS, dataset_info

CLASS_COUNTS = [3, 4, 5]
DATA_SETS = list(MULTICLASS_DATASETS)  # after the two-class and regression sets in the picker
SPEC: dict[str, tuple] = {"classes": (3, CLASS_COUNTS)}
NAME_KEYS = {"spiral3": "mc.ds.spiral3", "blobs": "mc.ds.blobs"}
# the loss radio's labels for a softmax network: "bce" is its cross-entropy (core.nn.trainer)
SOFTMAX_LOSS_KEYS = {"bce": "mc.loss.cross_entropy", "mse": "mc.loss.mse"}


def offers_classes(dataset: str) -> bool:
    """A built-in set that makes a chosen number of classes ("blobs": 3, 4 or 5)."""
    info = MULTICLASS_DATASETS.get(dataset)
    return info is not None and len(info.classes) > 1


def setup_classes(dataset: str) -> int | None:
    """`Setup.classes` for the data set picked: the control's count where a set offers several."""
    return st.session_state["classes"] if offers_classes(dataset) else None


def draw_classes(dataset: str) -> None:
    """The classes control, for a set that offers several (kept in the link while hidden)."""
    if offers_classes(dataset):
        st.segmented_control(t("mc.classes"), CLASS_COUNTS, key="classes", help=t("mc.classes_help"),
                             required=True)


def _shown_classes() -> int:
    """How many classes the run on screen has (0 for regression)."""
    own = st.session_state.get("pg_session")
    return own.run.data.n_classes if own is not None and own.run is not None else 0


def loss_label(option_name):
    """The loss radio's format function: a softmax network's losses are named as what they
    are (cross-entropy over K classes, MSE on the one-hot targets); two classes keep theirs."""
    if _shown_classes() > 2:
        labels = {value: t(key) for value, key in SOFTMAX_LOSS_KEYS.items()}
        return lambda value: labels.get(value, value)
    return option_name


def loss_help() -> str | None:
    return t("mc.loss_help") if _shown_classes() > 2 else None


def confusion_section(reply) -> None:
    """Accuracy and the confusion matrix (train and test) of the epoch on screen, under the
    chart, for classification runs. While playing the picture runs ahead of the server's
    epoch, so it only says when it will be shown."""
    run = reply.run
    if not run.is_classification:
        return
    with st.expander(t("mc.confusion_title"), expanded=run.data.n_classes > 2):
        if reply.moving:
            st.caption(t("mc.confusion_paused"))
            st.markdown(t("mc.try"))
            return
        epoch = reply.shown
        matrices = {t("pg.fig.train"): run.confusion("train", epoch), t("pg.fig.test"): run.confusion("test", epoch)}
        k = max(run.data.n_classes, 2)
        names = class_names(k, run.data.class_names, t("pg.fig.class"))
        train, test = (accuracy(m) for m in matrices.values())
        st.markdown(t("mc.accuracy", epoch=epoch, train=_percent(train), test=_percent(test)))
        figure = confusion_figure(matrices, names, labels={
            "true": t("mc.true_class"), "predicted": t("mc.predicted_class"), "cell": t("mc.cell"),
            "panel": t("mc.panel"),
        })
        chart(figure, key="confusion_chart", width="stretch")
        st.caption(t("mc.confusion_how"))
        st.markdown(t("mc.try"))


def _percent(value: float) -> str:
    return "–" if value != value else f"{100 * value:.1f}%"


def data_info(name: str):
    """(inputs, task) of a built-in data set, the multi-class ones included."""
    info = dataset_info(name)
    return info.n_inputs, info.task
