"""A user error shown with the user's own words escaped: the message is Markdown, and its
parameters can be anything typed or uploaded (a CSV's header, an item id, a word)."""

import streamlit as st

from app_pages.common import t
from core.errors import UserInputError
from core.text.plain import plain_params


def show_plain_error(error: UserInputError) -> None:
    st.error(t(error.key, **plain_params(error.params)))
