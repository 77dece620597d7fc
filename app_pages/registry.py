"""Every page of the lab, in menu order. app.py builds the navigation from it, Home draws its
map from it, and the tests open each one; a page is listed here only once it really works."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    section_key: str  # i18n key of the menu section ("" for the top entry)
    path: str  # script, relative to the repository root
    title_key: str
    url_path: str  # stable, language-independent link; "" for Home, served at the root
    icon: str
    summary_key: str
    uses_vectors: bool = False  # the page reads the vector model (app.py warms it up first)
    # The page changes objects in place (and trains in a thread): a run replaced by a newer one
    # must be over before the newer one starts (app_pages.callbacks.one_run_at_a_time).
    one_run_at_a_time: bool = False


@dataclass(frozen=True)
class SectionSpec:
    title_key: str
    about_key: str


SECTIONS = (
    SectionSpec("section.networks", "section.networks_about"),
    SectionSpec("section.embeddings", "section.embeddings_about"),
    SectionSpec("section.texts", "section.texts_about"),
    SectionSpec("section.recommendations", "section.recommendations_about"),
)

PAGES: tuple[PageSpec, ...] = (
    PageSpec("", "app_pages/home/home.py", "page.home", "", ":material/home:", "home.summary"),
    PageSpec(
        "section.networks", "app_pages/networks/activations.py", "page.activations", "activations",
        ":material/show_chart:", "act.summary",
    ),
    PageSpec(
        "section.networks", "app_pages/networks/descent.py", "page.descent", "descent",
        ":material/trending_down:", "gd.summary",
    ),
    PageSpec(
        "section.networks", "app_pages/networks/backprop.py", "page.backprop", "backprop",
        ":material/account_tree:", "bp.summary",
    ),
    PageSpec(
        "section.networks", "app_pages/networks/train.py", "page.train", "train",
        ":material/model_training:", "pg.summary", one_run_at_a_time=True,
    ),
    PageSpec(
        "section.embeddings", "app_pages/embeddings/similarity.py", "page.similarity", "similarity",
        ":material/join_inner:", "sim.summary", uses_vectors=True,
    ),
    PageSpec(
        "section.embeddings", "app_pages/embeddings/map.py", "page.map", "map",
        ":material/scatter_plot:", "map.summary", uses_vectors=True,
    ),
    PageSpec(
        "section.embeddings", "app_pages/embeddings/analogies.py", "page.analogies", "analogies",
        ":material/compare_arrows:", "an.summary", uses_vectors=True,
    ),
    PageSpec(
        "section.embeddings", "app_pages/embeddings/train_embeddings.py", "page.train_embeddings", "train-embeddings",
        ":material/school:", "te.summary",
    ),
    PageSpec(
        "section.embeddings", "app_pages/embeddings/senses.py", "page.senses", "senses",
        ":material/call_split:", "ws.summary", uses_vectors=True,
    ),
    PageSpec(
        "section.texts", "app_pages/texts/sentence_vectors.py", "page.sentence_vectors", "sentence-vectors",
        ":material/notes:", "sv.summary", uses_vectors=True,
    ),
    PageSpec(
        "section.texts", "app_pages/texts/wmd.py", "page.wmd", "wmd", ":material/route:", "wmd.summary",
        uses_vectors=True,
    ),
    PageSpec(
        "section.recommendations", "app_pages/recommendations/item2vec.py", "page.item2vec", "item2vec",
        ":material/recommend:", "rs.summary",
    ),
)


def pages_in(section: SectionSpec) -> list[PageSpec]:
    return [page for page in PAGES if page.section_key == section.title_key]
