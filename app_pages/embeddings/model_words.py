"""Word fields that follow the chosen model: defaults come from its vocabulary
(core.embeddings.default_words), and a field still showing the previous model's default takes
the new model's when the model changes."""

import streamlit as st

from app_pages.common import model_name


def follow_the_model(marker: str, defaults: dict[str, object]) -> None:
    """Call before `url_state`. `forget_other_models_words` resets word fields when the model's
    language changes; vectors trained on an English corpus keep the language but may not know
    "cat". A field the user changed stays as typed (an unknown word is then named, with close
    spellings): only the previous model's untouched defaults give way."""
    state = st.session_state
    name = model_name()
    previous = state.get(marker)
    if previous is not None and previous[0] != name:
        for key, old_default in previous[1].items():
            if key in state and state[key] == old_default and defaults.get(key) != old_default:
                state.pop(key)
                st.query_params.pop(key, None)
    state[marker] = (name, dict(defaults))
