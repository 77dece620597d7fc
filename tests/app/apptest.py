"""Opening a page in AppTest the way a shared link does: query parameters first, then the app."""

import base64
import json
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from app_pages.registry import PAGES

APP = str(Path(__file__).resolve().parents[2] / "app.py")
_URL_PATHS = {spec.path: spec.url_path for spec in PAGES}


def run_first(at: AppTest, path: str) -> None:
    """The page's first run is its own, as when a browser opens its link. (AppTest's switch_page
    needs a run first, and the Home page's run cost as much as most pages' own, some 250 times
    in the suite.) st.Page names a page by the hash of its url_path; AppTest's first run asks
    for _page_hash, and the assert below says if Streamlit ever names pages otherwise."""
    if _URL_PATHS.get(path):
        at._page_hash = calc_hash(_URL_PATHS[path])
        at.run()
        assert at._finished_page_script_hash == at._page_hash, f"{path} did not open by its url_path"
    else:
        at.run()
        at.switch_page(path).run()


def open_page(path: str, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    run_first(at, path)
    assert not at.exception, [e.message for e in at.exception]
    return at


def plotly_array(value) -> np.ndarray:
    """A trace attribute from a chart's spec: plotly's typed-array JSON or a plain list."""
    if isinstance(value, dict):
        flat = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        shape = value.get("shape")
        return flat.reshape([int(n) for n in str(shape).split(",")]) if shape else flat
    return np.asarray(value, dtype=float)


def chart_spec(at: AppTest, key: str) -> dict:
    """The plotly figure (as JSON) of the chart whose widget key contains `key`."""
    charts = [c for c in at.get("plotly_chart") if key in c.proto.id]
    assert charts, f"no chart {key}"
    return json.loads(charts[0].proto.spec)
