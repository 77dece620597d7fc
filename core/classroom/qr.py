"""The join link as a QR code: an SVG that scales to whatever box holds it (segno, pure Python)."""

import segno


def qr_svg(text: str) -> str:
    """Medium error correction (a projector's glare or a phone held askew still reads it); a
    viewBox and no size, so the page sets the width; black on white with the quiet zone the
    standard asks for (4 modules) kept tight at 2, which phones read."""
    return segno.make(text, error="m").svg_inline(scale=1, border=2, omitsize=True, dark="#000", light="#fff")
