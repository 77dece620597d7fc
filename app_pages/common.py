"""The one place for Streamlit glue: language, vector-model choice, cached loaders, warm-up."""

from __future__ import annotations

import threading

import streamlit as st

from streamlit.runtime.scriptrunner import get_script_run_ctx

from app_pages import widget_registry
from app_pages.callbacks import whole
from app_pages.share import copy_link_button
from app_pages.uploads import uploader_css
from core.embeddings import MODELS, load_vectors, warm_up_umap
from core.embeddings.models import is_loaded, model_info
from core.errors import UserInputError
from core.i18n import DEFAULT_LANGUAGE, LANGUAGES, language_from_link, translate
from core.links import link_value, value_from_link
from core.text.plain import plain, plain_params

DEFAULT_MODEL = "glove-en-50"
_LANGUAGE_BY_NAME = {name: code for code, name in LANGUAGES.items()}
# The language of the latest script run in this process. Only read outside a run, where there is
# no session: AppTest formats option labels after the run, as the browser keeps them (a test
# session is alone in its process). Inside a run the session's own choice is always used.
_latest_language = [DEFAULT_LANGUAGE]


def language() -> str:
    if get_script_run_ctx(suppress_warning=True) is None:
        return _latest_language[0]
    code = _LANGUAGE_BY_NAME.get(st.session_state.get("lang"), DEFAULT_LANGUAGE)
    _latest_language[0] = code
    return code


def t(key: str, /, **params) -> str:
    """Interface text in the language picked in the sidebar."""
    return translate(language(), key, **params)


def number(value: int) -> str:
    """An integer grouped the way the reader's language groups digits (400,000 / 400 000)."""
    grouped = f"{value:,}"
    return grouped if language() == "en" else grouped.replace(",", "\u00a0")


def model_label(name: str) -> str:
    # Language-independent, because bound widgets put the label into shared links.
    info = model_info(name)
    return f"{info.title} · {info.language}"


_SHIPPED_BY_LABEL = {model_label(name): name for name in MODELS}


def _model_by_label() -> dict[str, str]:
    """The shipped models, then the vectors this session trained (while the process keeps them)."""
    trained = st.session_state.get("trained_models", {})
    return {**_SHIPPED_BY_LABEL, **{label: name for label, name in trained.items() if is_loaded(name)}}


def model_name() -> str:
    return _model_by_label().get(st.session_state.get("model"), DEFAULT_MODEL)


@whole
def choose_trained_model(name: str) -> None:
    """Offer vectors trained on this page in the sidebar's model picker and pick them (a button
    callback: it runs before the picker is drawn)."""
    label = model_label(name)
    st.session_state.setdefault("trained_models", {})[label] = name
    st.session_state["model"] = label


def _pickers_from_link() -> None:
    """The language and model a link asks for (?lang=ru, ?model=navec-ru-300; the older
    ?lang=Русский and ?model=navec news v1 · ru still work), for a session that has none yet."""
    state, query = st.session_state, st.query_params
    if "lang" not in state:
        state["lang"] = LANGUAGES[language_from_link(query.get("lang"))]
    if "model" not in state:
        wanted = query.get("model", DEFAULT_MODEL)
        name = wanted if wanted in MODELS else _SHIPPED_BY_LABEL.get(wanted, DEFAULT_MODEL)
        state["model"] = model_label(name)


def choose_model_from_link() -> None:
    """The model the link names, or the default (a follower taking on the teacher's setup; a
    model the teacher trained on a page is not in this session, so the default is taken)."""
    wanted = st.query_params.get("model", DEFAULT_MODEL)
    st.session_state["model"] = model_label(wanted if wanted in MODELS else DEFAULT_MODEL)


def _pickers_to_link() -> None:
    """Short, language-independent codes in the link; the defaults are left out."""
    for key, value, default in (("lang", language(), DEFAULT_LANGUAGE), ("model", model_name(), DEFAULT_MODEL)):
        if value == default:
            st.query_params.pop(key, None)
        else:
            st.query_params[key] = value


def lesson_query(query: dict[str, str]) -> dict[str, str]:
    """A lesson link's parameters plus the reader's language, so that a student opening a
    Russian teacher's link reads Russian."""
    code = language()
    return {**query, "lang": code} if code != DEFAULT_LANGUAGE else dict(query)


def sidebar_pickers() -> None:
    """Language and vector model, shared by every page and kept in the URL (?lang=, ?model=)
    so that a link opens with the same choices. Not bound to the URL by Streamlit: a bound
    widget puts its label into the link, and a link should name a stable code."""
    _pickers_from_link()
    with st.sidebar:
        st.selectbox("Language · Язык · Тіл", list(LANGUAGES.values()), key="lang")
        st.selectbox(t("sidebar.model"), list(_model_by_label()), key="model", help=t("sidebar.model_help"))
        info = model_info(model_name())
        st.caption(t("sidebar.model_caption", words=number(info.words), dim=info.dim))
        st.divider()
        copy_link_button(t("share.copy"), t("share.copied"), t("share.copy_help"))
        # Not in the link: a student opening the teacher's link gets the usual size.
        st.toggle(t("sidebar.present"), key="present", help=t("sidebar.present_help"))
    _pickers_to_link()
    # Streamlit's uploader says "Upload" and the server's limit in English whatever the page's
    # language and cap: the words are replaced from one place (app_pages/uploads.py).
    st.html(f"<style>{uploader_css(language())}</style>")
    if presenting():
        st.html(f"<style>{_PRESENTING_CSS}</style>")


# Streamlit sizes its text in rem: a larger root makes every label, button and table larger;
# grey captions and help text turn black for a washed-out projector.
_PRESENTING_CSS = """
html { font-size: 20px; }
[data-testid="stCaptionContainer"], [data-testid="stWidgetLabel"] p, .stMarkdown p { color: #000 !important; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { line-height: 1.5; }
[data-testid="stMetricLabel"] .stMarkdownEllipsis, [data-testid="stMetricValue"] .stMarkdownEllipsis,
[data-testid="stWidgetLabel"] .stMarkdownEllipsis, [data-testid="stMetricLabel"] .stMarkdownEllipsis p,
[data-testid="stMetricValue"] .stMarkdownEllipsis p, [data-testid="stWidgetLabel"] .stMarkdownEllipsis p {
  white-space: normal !important; overflow: visible; text-overflow: clip; overflow-wrap: break-word;
  line-height: 1.25;
}
"""


def presenting() -> bool:
    """The sidebar's switch for a projector: large text, thick lines, strong contrast."""
    return bool(st.session_state.get("present"))


def vectors():
    """The chosen model's KeyedVectors, read once per process (core caches them)."""
    name = model_name()
    with st.spinner(t("model.loading", title=model_info(name).title)):
        return load_vectors(name)


def model_language() -> str:
    """The language of the chosen model's words (not of the interface)."""
    return model_info(model_name()).language


def forget_other_models_words(marker: str, keys: tuple[str, ...]) -> None:
    """Words typed for one model mean nothing to the other: when the model's language changes,
    these widgets (and their link parameters) go back to the new model's defaults."""
    state = st.session_state
    language = model_language()
    if state.get(marker) != language:
        if marker in state:
            for key in keys:
                state.pop(key, None)
                st.query_params.pop(key, None)
        state[marker] = language


def show_user_error(error: UserInputError) -> None:
    """The error's message; its parameters (a typed word, an uploaded file's column) escaped,
    since the message is Markdown."""
    st.error(t(error.key, **plain_params(error.params)))


def word_error(error: UserInputError) -> None:
    """A user error; for unknown words, also the known words one or two typing slips away."""
    show_user_error(error)
    suggestions = getattr(error, "suggestions", {})
    for word, close in suggestions.items():
        if close:
            st.caption(t("error.did_you_mean", word=plain(word), words=", ".join(map(plain, close))))
        else:
            st.caption(t("error.no_suggestion", word=plain(word)))


class _WarmUp:
    """The first session's vector model and UMAP's numba code, loaded once per server process
    in a background thread, so that a page asking for them finds them ready or nearly so."""

    def __init__(self, model: str) -> None:
        # pandas is already imported (app.py): see there why.
        # Two threads: the model's arrays load while umap's modules import, both mostly
        # outside the GIL, so together they take little longer than the slower one.
        threading.Thread(target=self._quietly, args=(load_vectors, model), name="warm-up-model", daemon=True).start()
        threading.Thread(target=self._quietly, args=(warm_up_umap,), name="warm-up-umap", daemon=True).start()

    @staticmethod
    def _quietly(work, *args) -> None:
        try:
            work(*args)
        except Exception:  # noqa: BLE001  a failed warm-up only costs speed later, never a page
            pass


@st.cache_resource(show_spinner=False)
def warm_up(_model: str) -> _WarmUp:
    return _WarmUp(_model)


class _Slot:
    """Where one long computation's result is kept. The cache holds slots, not results, because a
    cached function must not draw: the progress bar is drawn by whoever fills the slot."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.value = None


@st.cache_resource(max_entries=24, show_spinner=False)
def _slot(kind: str, key: str, params) -> _Slot:
    return _Slot()


def computed_once(kind: str, key: str, params, work, steps: int, step_text: str):
    """`work(progress)` once per process for these arguments, with a progress bar while it runs
    (`progress(done, total)`; `step_text` is an i18n key with {epoch} and {epochs}). Two
    students asking at once compute it once. A user error is shown and gives None."""
    slot = _slot(kind, key, params)
    with slot.lock:
        if slot.value is None:
            bar = st.progress(0.0, text=t(step_text, epoch=0, epochs=steps))
            try:
                slot.value = work(lambda done, total: bar.progress(done / total, text=t(step_text, epoch=done,
                                                                                        epochs=total)))
            except UserInputError as error:
                show_user_error(error)
            finally:
                bar.empty()
    return slot.value


def restate_options_after_language_switch() -> None:
    """Call first in every run, before any widget is drawn. After a language switch the browser
    sends each option widget's value as the old language's label; read now, it still decodes to
    the stable option ("tanh"), and assigning it back makes Streamlit send the browser the new
    language's label (a dropdown no longer shows the old language, a radio group its choice)."""
    state = st.session_state
    shown_in = state.get("vl_lang_shown")
    # A session's first run reads its language from the link only later (sidebar_pickers): the
    # page then speaks the link's language, and that is the one its widgets are shown in (taken
    # as the default, a Russian link switched to English kept the Russian labels: "unknown
    # activation 'Гиперболический тангенс'" on the next change).
    if "lang" in state:
        now = _LANGUAGE_BY_NAME.get(state["lang"], DEFAULT_LANGUAGE)
    else:
        now = language_from_link(st.query_params.get("lang"))
    if shown_in is not None and shown_in != now:
        for key in widget_registry.option_widget_keys():
            state[key] = state[key]
    state["vl_lang_shown"] = now


CLASS_SEAT_KEY = "vl_class"  # class mode's one session key (app_pages/classroom/live.py)


def taking_on_teacher() -> bool:
    """A follower's run that takes on the teacher's settings: pages read them all from the link."""
    seat = st.session_state.get(CLASS_SEAT_KEY)
    return seat is not None and seat.applying is not None


def url_state(spec: dict[str, tuple]) -> None:
    """Seed widget values from the page's link, before the widgets are drawn.

    `spec` maps a widget key to (default, allowed): allowed is a list of options, a range,
    an `Interval`, or None. Values in the link that do not parse or are not
    allowed are ignored, so a mangled link still opens the page with defaults. Widgets must
    then be created with `key=` only (no value/index), reading their value from here.

    These are the user's settings and are kept while their widget is off the screen. A run that
    stopped early (`st.stop()` after an error above it) leaves the value on the server, but the
    browser has forgotten it: assigned again, the widget shows it when it comes back instead of
    its first option or minimum (which the browser would then send as the user's choice). A
    finished run drops a hidden widget's value, but not its link parameter: it is read back here.
    """
    state = st.session_state
    taking_on = taking_on_teacher()
    for key, (default, allowed) in spec.items():
        if taking_on:  # a follower: the teacher's settings, every one (absent: the default)
            state[key] = _from_link(key, default, allowed)
            continue
        if key in state:
            if not widget_registry.browser_holds(key):
                # Hidden in the last run: the link the page wrote then holds its value. What the
                # state answers may be stale: the value url_state first seeded, under the key, once
                # the widget's own was dropped (Train embeddings' GloVe word came back empty after
                # another part was shown; the random walk, seed 9090). A value a button or preset
                # assigned in this run is the page's and stays.
                if key in st.query_params and not widget_registry.assigned_this_run(key):
                    state[key] = _from_link(key, default, allowed)
                else:
                    state[key] = state[key]
            continue
        state[key] = _from_link(key, default, allowed)


def _from_link(key: str, default, allowed):
    """The setting the page's link names for `key` (its default when it names none or a bad one);
    tuple settings are kept as lists, the way their widgets hold them."""
    value = value_from_link(st.query_params[key], default, allowed) if key in st.query_params else default
    return list(value) if isinstance(default, tuple) else value


# Longer texts stay out of the link: a link of 20,000 characters cannot be pasted in a class
# chat, and nginx answers 414 to a request line over its 8 KB header buffer, so a reload behind
# the deploy's proxy would fail.
LINK_TEXT_MAX = 2_000


_LINK_WRITTEN: list = []  # called after a page wrote its settings into the link


def on_link_written(hook) -> None:
    """Class mode: a teacher's settings go out as soon as the page has written them, not when
    its picture is done (a playground run took seconds before followers heard of a change)."""
    if hook not in _LINK_WRITTEN:
        _LINK_WRITTEN.append(hook)


def write_url_state(spec: dict[str, tuple]) -> list[str]:
    """Put every non-default widget value into the link, so that copying it shares the setup.
    Returns the keys of texts too long for the link (the page says so beside their field)."""
    too_long = []
    for key, (default, _) in spec.items():
        value = st.session_state.get(key, default)
        if value == default or (isinstance(default, tuple) and tuple(value) == default):
            st.query_params.pop(key, None)
        elif isinstance(value, str) and len(value) > LINK_TEXT_MAX:
            st.query_params.pop(key, None)
            too_long.append(key)
        else:
            st.query_params[key] = link_value(value)
    for hook in _LINK_WRITTEN:
        hook()
    return too_long


def say_not_in_link(too_long: list[str]) -> None:
    """The caption under a text that the link leaves out (see LINK_TEXT_MAX)."""
    if too_long:
        st.caption(t("link.text_too_long", limit=number(LINK_TEXT_MAX)))
