"""Plotly figure builders: plain data in, go.Figure out (one module per section).

Importing the package registers the app's plotly template "vectorlab" (see `theme`).
Pages should render with ``st.plotly_chart(fig, theme=None)`` so Streamlit's own theme does
not replace it.
"""

from core.figures.theme import (
    CLASS_COLORS,
    DIVERGING,
    OKABE_ITO,
    TEMPLATE_NAME,
    TEST_COLOR,
    TRAIN_COLOR,
    round3,
    use_vectorlab_template,
)

__all__ = [
    "CLASS_COLORS", "DIVERGING", "OKABE_ITO", "TEMPLATE_NAME", "TEST_COLOR", "TRAIN_COLOR",
    "round3", "use_vectorlab_template",
]
