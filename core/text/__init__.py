"""Text processing: tokenising, decoding uploads, sentence vectors and WMD."""
