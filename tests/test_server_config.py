"""The server settings that measurements chose (README, "A class on one server"): a change to
one of them should be a decision, not an accident."""

import tomllib
from pathlib import Path

CONFIG = tomllib.loads((Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml").read_text())


def test_no_full_garbage_collection_after_every_script_run():
    # 0.3 s holding the GIL per run with the models loaded: half the server's CPU for a class
    assert CONFIG["runner"]["postScriptGC"] is False


def test_a_student_who_drops_off_for_minutes_finds_their_session():
    assert CONFIG["server"]["disconnectedSessionTTL"] >= 600


def test_xsrf_protection_and_no_error_details_for_students():
    assert CONFIG["server"]["enableXsrfProtection"] is True
    assert CONFIG["client"]["showErrorDetails"] == "none"
