"""The messages between Python and the player (core/playground/messages.py) against their JSDoc
typedefs in app_pages/player.js, and the plotly adapter (app_pages/player_plotly.js) against the
plotly.js that Streamlit ships."""

import json
import re
from pathlib import Path

import pytest
import streamlit

from core.nn.trainer import Setup, Training
from core.playground import messages
from core.playground.messages import EpochReport, FigureTag, PlayerMessage, PlayerReport, TimeTravelMessage
from core.playground.session import Look, PlaygroundSession

APP_PAGES = Path(__file__).resolve().parents[2] / "app_pages"
# the player is two files of one ES module: the diagram's clicks and hovers, and the playback
PLAYER_JS = "\n".join((APP_PAGES / name).read_text(encoding="utf-8") for name in ("player_diagram.js", "player.js"))
ADAPTER_JS = (APP_PAGES / "player_plotly.js").read_text(encoding="utf-8")
DECLARED = [messages.Frame, messages.Chunk, PlayerMessage, TimeTravelMessage, FigureTag, EpochReport,
            messages.EditReport, PlayerReport]


def typedefs(source: str) -> dict[str, list[str]]:
    """{typedef name: its @property names, in order} from the JSDoc blocks of `source`."""
    out = {}
    for block in re.findall(r"/\*\*(.*?)\*/", source, re.S):
        name = re.search(r"@typedef\s+\{\w+\}\s+(\w+)", block)
        if name:
            out[name.group(1)] = re.findall(r"@property\s+\{[^}]*\}\s+(\w+)", block)
    return out


def _played_chunk_message() -> PlayerMessage:
    session = PlaygroundSession()
    session.update(Setup(), Training(), 2, Look({}, False, False), PlayerReport())
    session.play(PlayerReport())
    reply = session.update(Setup(), Training(), 2, Look({}, False, False), PlayerReport())
    session._settle()
    return PlayerMessage(chart_key="pg_chart", figure=reply.figure.layout.meta["vl_token"], token=reply.token,
                         chunk=reply.chunk, run=reply.serial, ask=False, frame_ms=33, lead=20)


@pytest.mark.parametrize("cls", DECLARED, ids=lambda cls: cls.__name__)
def test_every_message_has_a_typedef_naming_exactly_its_fields(cls):
    assert typedefs(PLAYER_JS).get(cls.__name__) == messages.field_names(cls)


def test_messages_built_by_python_carry_exactly_the_declared_fields_through_json():
    message = json.loads(json.dumps(_played_chunk_message().to_json()))
    defs = typedefs(PLAYER_JS)
    assert list(message) == defs["PlayerMessage"]
    assert list(message["chunk"]) == defs["Chunk"] and message["chunk"]["frames"]
    assert all(list(frame) == defs["Frame"] for frame in message["chunk"]["frames"])
    still = json.loads(json.dumps(TimeTravelMessage("pg_chart", None, None).to_json()))
    assert list(still) == defs["TimeTravelMessage"]
    assert set(FigureTag("1-0-still", "1-frames-3").to_json()) == set(defs["FigureTag"])


def test_a_chunk_from_a_builder_with_a_field_more_or_less_is_refused():
    chunk = _played_chunk_message().chunk.to_json()
    with pytest.raises(ValueError, match="Chunk"):
        messages.Chunk.from_playback({**chunk, "extra": 1}, final=False, replace=False)
    frames = [{k: v for k, v in frame.items() if k != "upto"} for frame in chunk["frames"]]
    with pytest.raises(ValueError, match="Frame"):
        messages.Chunk.from_playback({**chunk, "frames": frames}, final=False, replace=False)


def test_player_js_reads_only_declared_fields():
    defs = typedefs(PLAYER_JS)
    # the variables that hold each message in player.js
    holders = {"data": defs["PlayerMessage"] + defs["TimeTravelMessage"], "chunk": defs["Chunk"],
               "frame": defs["Frame"], "meta": defs["FigureTag"]}
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", PLAYER_JS, flags=re.S)
    for holder, fields in holders.items():
        read = set(re.findall(rf"(?<![\w.]){holder}\.(\w+)", code)) | set(re.findall(rf"\.{holder}\.(\w+)", code))
        assert read, holder
        assert read <= set(fields), (holder, read - set(fields))


def test_what_the_player_reports_is_what_python_reads():
    defs = typedefs(PLAYER_JS)
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", PLAYER_JS, flags=re.S)
    reported = set(re.findall(r"set(?:State|Trigger)Value\('(\w+)'", code))
    assert reported == set(defs["PlayerReport"])
    body = re.search(r"function epochReport\([^)]*\) \{\s*return \{([^}]*)\}", code).group(1)
    assert [part.split(":")[0].strip() for part in body.split(",")] == defs["EpochReport"]
    report = PlayerReport.parse({"more": "1-3-play", "epoch": {"epoch": 7, "token": "1-3-still"},
                                 "at": {"epoch": "x", "token": "t"}})
    assert report == PlayerReport(more="1-3-play", at=None, epoch=EpochReport(7, "1-3-still"))
    assert PlayerReport.parse(None) == PlayerReport() and PlayerReport.parse("<script>") == PlayerReport()


def test_only_the_adapter_touches_plotlys_private_names():
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", PLAYER_JS, flags=re.S)
    private = re.findall(r"\.(_[A-Za-z]\w*|__data__|l2p)\b", code)
    assert private == [], private  # gd.__vl* are the player's own marks, not plotly's
    assert "_fullLayout" in ADAPTER_JS and "_transitionData" in ADAPTER_JS


def test_the_adapter_is_written_for_the_plotly_js_streamlit_ships():
    pinned = re.search(r"PLOTLY_WRITTEN_FOR = '([\d.]+)'", ADAPTER_JS).group(1)
    bundles = list((Path(streamlit.__file__).parent / "static" / "static" / "js").glob("PlotlyChart*.js"))
    assert bundles, "Streamlit no longer ships a PlotlyChart bundle: check player_plotly.js"
    shipped = re.search(r'"src/version\.js"\(\w+\)\{\w+\.version=`([\d.]+)`', bundles[0].read_text(encoding="utf-8"))
    assert shipped and shipped.group(1) == pinned, (
        f"plotly.js {shipped and shipped.group(1)} ships; player_plotly.js was written for {pinned}: "
        "check every private name it uses, then update PLOTLY_WRITTEN_FOR")


def test_a_click_on_the_diagram_reaches_python_as_an_edit_report():
    from core.playground.messages import EditReport

    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", PLAYER_JS, flags=re.S)
    # what clickedEdit returns, plus the token the page adds, are EditReport's fields
    returned = set(re.findall(r"return \{ target: [^,]+, index: [^}]+\}", code))
    assert len(returned) == 2
    assert "{ ...edit, token: data.token }" in code and typedefs(PLAYER_JS)["EditReport"] == ["target", "index", "token"]
    for role in ("edit_weight", "edit_bias", "edit_handles"):
        assert f"'{role}'" in code
    good = {"target": "weight", "index": 5, "token": "3-12-still"}
    assert PlayerReport.parse({"edit": good}).edit == EditReport("weight", 5, "3-12-still")
    for bad in ({**good, "target": "delete_everything"}, {**good, "index": -1}, {**good, "index": "x"},
                {**good, "token": 3}, "<script>", None, {"target": "bias"}):
        assert PlayerReport.parse({"edit": bad}).edit is None, bad
