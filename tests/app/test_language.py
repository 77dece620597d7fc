"""A language switch on every page keeps every option the user chose and shows it in the new
language: en → ru → kk → en, with options other than the defaults chosen by link first.

Option widgets travel as labels: after a switch the browser sends the old language's label, and
pages crashed ("unknown activation 'Tanh'", KeyError "Beale's function"); dropdowns without a
crash kept the old language and radio groups showed nothing selected."""

import pytest

from app_pages.registry import PAGES
from app_pages.uploads import UPLOADS, megabytes, server_cap
from core.i18n import LANGUAGES, translate
from tests.app.apptest import open_page
from tests.app.shown import labels_of_value, mount_labels, option_widgets, sent_labels

# Options other than the defaults, by link, on every page that has any (each is one of its
# url_state SPEC's allowed values); the heavy ones (UMAP, t-SNE, uploads) are left alone.
CHOICES = {
    "": {},
    "activations": {"f": "tanh"},
    "descent": {"gd_curve": "two_valleys", "gd_surface": "beale", "gd_opt0": "adam"},
    "backprop": {"bp_f": "tanh", "bp_lr": "0.1"},
    "train": {"ds": "spiral", "act": "relu", "opt": "adam", "reg": "l2", "lossfn": "mse"},
    "similarity": {"sim_where": "point", "sim_film_metric": "cosine"},
    "map": {"map_source": "frequent", "map_n": "250", "map_method": "pca", "map_colour": "kmeans"},
    "analogies": {"an_mode": "free", "an_restrict": "10000"},
    "train-embeddings": {"te_part": "pairs", "te_corpus": "lecture_en"},
    "senses": {"ws_part": "adagram", "ws_alpha": "0.5", "ws_dim": "20"},
    "sentence-vectors": {"sv_keywords": "3"},
    "wmd": {"wmd_collection": "lecture", "wmd_k": "3"},
    "item2vec": {"rs_n": "1000", "rs_sg": "0", "rs_size": "32", "rs_sweep": "epochs", "rs_eval_k": "5"},
}


def test_every_page_has_its_choices():
    assert set(CHOICES) == {spec.url_path for spec in PAGES}


@pytest.mark.parametrize("spec", PAGES, ids=[spec.url_path or "home" for spec in PAGES])
def test_a_language_switch_keeps_every_option_and_shows_it_in_the_new_language(spec):
    choices = CHOICES[spec.url_path]
    at = open_page(spec.path, **choices)
    for key, value in choices.items():  # taken, and not the default (the link keeps only those)
        assert at.query_params.get(key) in (value, [value]), (key, at.query_params.get(key))
    values = {key: node.value for key, node in option_widgets(at).items()}
    held = {key: labels_of_value(node) for key, node in option_widgets(at).items()}  # the browser's
    changed = 0
    for code in ("ru", "kk", "en"):
        at.selectbox(key="lang").set_value(LANGUAGES[code]).run()
        assert not at.exception, (code, [e.message for e in at.exception])
        link = at.query_params.get("lang")  # a short code, the default left out
        assert link in ((code, [code]) if code != "en" else (None, [], "")), (code, link)
        widgets = option_widgets(at)
        for key, node in widgets.items():
            if key in values:
                assert node.value == values[key], (code, key, node.value, values[key])
            wanted = labels_of_value(node)  # the value's label in this language
            assert all(label in node.options for label in wanted), (code, key, wanted, node.options)
            sent = sent_labels(node)
            shown = sent if sent is not None else held.get(key, mount_labels(node))
            assert shown == wanted, (code, key, shown, wanted)
            changed += held.get(key) != wanted
        values.update({key: node.value for key, node in widgets.items()})
        held = {key: labels_of_value(node) for key, node in widgets.items()}
    if spec.url_path in ("descent", "backprop", "train", "activations", "analogies", "wmd", "item2vec"):
        assert changed, "no option label changed with the language: the test saw nothing"


def _uploader_css(at) -> str:
    sheets = [node.proto.body for node in at.get("html") if "stFileUploaderDropzone" in node.proto.body]
    assert len(sheets) == 1, "the uploader's words are drawn once per run"
    return sheets[0]


@pytest.mark.parametrize("code", LANGUAGES)
def test_uploaders_speak_the_interface_language_and_state_each_pages_cap(code):
    at = open_page("app_pages/recommendations/item2vec.py", lang=code, rs_source="upload")
    css = _uploader_css(at)
    assert f'content: "{translate(code, "upload.button")}"' in css
    assert f'content: "{translate(code, "upload.drop")}"' in css
    assert '[data-testid="stFileChipDeleteBtn"] button::after { content: none; }' in css  # not over the remove ⊗
    for key, (size, types) in UPLOADS.items():
        limit = translate(code, "upload.limit", mb=megabytes(size)) + " • " + ", ".join(t.upper() for t in types)
        assert f'.st-key-{key} [data-testid="stFileUploaderDropzoneInstructions"] > div::after {{ content: "{limit}"; }}' in css
    assert at.file_uploader(key="rs_upload")  # the widget whose words these are


def test_the_caps_stated_are_the_ones_the_pages_enforce():
    assert {key: megabytes(size) for key, (size, _) in UPLOADS.items()} == {
        "pg_upload": "5", "map_file": "1", "te_upload": "5", "rs_upload": "20", "pg_network_upload": "1"}
    # the server's own limit is the largest page cap (item2vec's sessions), not more than 5 % over
    largest = max(size for size, _ in UPLOADS.values())
    assert largest <= server_cap() < 1.05 * largest


def test_a_page_opened_by_a_russian_link_and_switched_to_english_shows_english_options():
    """The first run reads the language from the link after the option widgets' language was
    noted: it was noted as English, so a switch to English restated nothing, the browser kept
    the Russian labels and sent them back ("unknown activation 'Гиперболический тангенс'" on
    the next change, found by the browser test that opens each page by its Russian link)."""
    at = open_page("app_pages/networks/train.py", lang="ru")
    assert at.session_state["vl_lang_shown"] == "ru"
    held = {key: labels_of_value(node) for key, node in option_widgets(at).items()}  # Russian, in the browser
    at.selectbox(key="lang").set_value(LANGUAGES["en"]).run()
    assert not at.exception, [e.message for e in at.exception]
    for key, node in option_widgets(at).items():
        sent = sent_labels(node)
        shown = sent if sent is not None else held.get(key, mount_labels(node))
        assert all(label in node.options for label in shown), (key, shown, node.options)
