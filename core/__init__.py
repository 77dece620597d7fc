"""Vectorlab's logic: pure Python, never imports streamlit (see DESIGN.md)."""
