"""The join link as a QR code (segno, pure Python)."""

import segno


def qr_data_uri(text: str) -> str:
    """An SVG image address (Streamlit's st.html strips inline SVG): medium error correction (a
    projector's glare or a phone held askew still reads it), a viewBox and no size so the page
    sets the width, black on white, a quiet zone of 2 modules (phones read it; the standard's 4
    would shrink the code on a narrow sidebar)."""
    return segno.make(text, error="m").svg_data_uri(scale=1, border=2, omitsize=True, dark="#000", light="#fff")
