"""Client-side playback of a plotly figure's animation frames.

Streamlit reruns are too slow to animate training (5-10 redraws/s measured here), so the server
trains a chunk of epochs, ships them as plotly frames, and this small component asks the
browser's plotly (Streamlit's own copy, `window.Plotly`) to play them: 25+ frames/s with no
round trips. It reports back when a chunk has finished playing (so the page can train the
next one) and where the student stopped or scrubbed to (so training continues from the epoch
they see, not the one the server got to).
"""

from __future__ import annotations

import streamlit as st

_JS = """
export default function (component) {
  const { data, setTriggerValue, setStateValue } = component;
  // Streamlit replaces the chart's element whenever the figure changes, so what the player
  // knows lives here, per chart; the figure names its token in layout.meta.vl_token.
  const players = (window.__vectorlabPlayers = window.__vectorlabPlayers || {});
  const me = (players[data.chart_key] = players[data.chart_key] || { playing: null, epoch: null });
  const selector = '.st-key-' + data.chart_key + ' .js-plotly-plot';
  const report = (epoch) => setStateValue('epoch', { epoch: Number(epoch), token: data.token });
  let tries = 0;
  const attach = () => {
    const gd = document.querySelector(selector);
    const ready = gd && window.Plotly && gd.layout && gd.layout.meta
        && gd.layout.meta.vl_token === data.token && gd._transitionData && gd._transitionData._frames;
    if (!ready) { if (tries++ < 400) setTimeout(attach, 25); return; }
    if (me.gd === gd && me.handled === data.token) return;
    me.gd = gd;
    me.handled = data.token;
    if (!gd.__vectorlab) {
      gd.__vectorlab = true;
      let timer = null;
      gd.on('plotly_animatingframe', (e) => { me.epoch = e.name; });
      gd.on('plotly_sliderchange', (e) => {
        if (me.playing || !e || !e.step || !e.step.args) return;
        me.epoch = e.step.args[0][0];
        clearTimeout(timer);  // a drag sends many changes: report where it comes to rest
        timer = setTimeout(() => report(me.epoch), 250);
      });
    }
    if (!data.play || data.play.length === 0) {
      if (me.playing && me.epoch !== null) {
        // Paused mid-chunk: this picture opened on the chunk's end, so show the epoch the
        // student was looking at, and tell Python where that is.
        window.Plotly.animate(gd, [String(me.epoch)], { mode: 'immediate', frame: { duration: 0, redraw: true } });
        report(me.epoch);
      }
      me.playing = null;
      return;
    }
    me.playing = data.token;
    window.Plotly.animate(gd, data.play, {
      frame: { duration: data.frame_ms, redraw: true }, transition: { duration: 0 }, mode: "immediate",
    }).then(() => {
      if (me.playing !== data.token) return;
      me.playing = null;
      setTriggerValue('finished', data.token);
    }, () => {});
  };
  attach();
}
"""

_player = st.components.v2.component("vectorlab.player", js=_JS)


def tag_figure(figure, token: str):
    """Name the picture, so the player acts on this figure and not on the one it replaces."""
    figure.update_layout(meta={"vl_token": token})
    return figure


def player(chart_key: str, token: str, play: list[str], frame_ms: int = 40, key: str = "player"):
    """Play frames `play` of the chart with key `chart_key` once per new `token` (the figure
    must carry the same token in `layout.meta.vl_token`, see `tag_figure`). The result
    has `.finished` (the token of a chunk that played to its end, for one run) and `.epoch`
    ({"epoch": n, "token": token} where the student paused or scrubbed to, or None)."""
    return _player(
        data={"chart_key": chart_key, "token": token, "play": play, "frame_ms": frame_ms},
        key=key,
        on_finished_change=lambda: None,
        on_epoch_change=lambda: None,
    )
