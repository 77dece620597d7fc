"""The floor under bench/playground.py's "changed control to updated picture": a bare Streamlit
page with a data set picker and the playground's still picture for it (the same figure, built
the same way), and nothing else: no sidebar, controls, player or time-travel frames. What this
page takes on a machine is what any Streamlit page needs there to redraw that figure.

    streamlit run bench/playground_floor_app.py   (bench/playground.py starts it itself)
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import streamlit as st  # noqa: E402

from app_pages.networks.playground_controls import figure_labels  # noqa: E402
from core.nn.trainer import Setup, Training  # noqa: E402
from core.playground.messages import PlayerReport  # noqa: E402
from core.playground.session import Look, PlaygroundSession  # noqa: E402

DATA_SETS = {"Circle": "circle", "XOR": "xor", "Spiral": "spiral", "Moons": "moons"}

st.set_page_config(layout="wide")
left, main = st.columns([1, 2.7], gap="medium")
name = left.selectbox("Data set", list(DATA_SETS))
# a fresh session's reply is the still picture of a fresh run
figure = PlaygroundSession().update(Setup(dataset=DATA_SETS[name]), Training(), 1,
                                    Look(figure_labels(), False, False), PlayerReport()).figure
main.plotly_chart(figure, key="pg_chart", theme=None, width="stretch")
