// The one adapter to plotly.js's private internals, for the player (player.js). Written for
// plotly.js 4.2.0, the version bundled with streamlit 1.67.0: PLOTLY_WRITTEN_FOR names it, and
// tests/browser/test_train_page.py and tests/core/test_player_messages.py fail when the
// installed version differs. Nothing outside this block reads a name that starts with `_` on
// a plotly object.
//
// Why private at all: the player paints frames on a canvas in plotly's own pixel geometry (an
// axis's offset, length and value-to-pixel function), finds the drawn traces by their data,
// moves the slider's grip as plotly would, and swaps a figure's frames in place (Streamlit
// redraws a chart whose frames array it does not know).

const PLOTLY_WRITTEN_FOR = '4.2.0';
// plotly's slider constants (src/components/sliders/constants.js)
const GRIP_WIDTH = 20;
const STEP_INSET = 10;

const plotlyPrivate = {
  // The layout plotly computed for a chart (null before it is drawn or after a purge); a new
  // object whenever plotly lays the chart out again.
  layout: (gd) => (gd && gd._fullLayout) || null,

  // The traces plotly computed (defaults filled in), in drawing order.
  traces: (gd) => gd._fullData,

  // A pair of axes by their references ('x2', 'y2'): the plot area in pixels of the chart and
  // value -> pixel functions.
  axisBox(fl, xref, yref) {
    const xa = fl[xref.replace('x', 'xaxis')];
    const ya = fl[yref.replace('y', 'yaxis')];
    return {
      left: xa._offset, top: ya._offset, width: xa._length, height: ya._length,
      x: (v) => xa._offset + xa.l2p(v), y: (v) => ya._offset + ya.l2p(v),
    };
  },

  // The trace a drawn element (g.trace, g.hm) belongs to: d3 keeps its data on the element.
  traceOf(element) {
    const cd = element.__data__;
    return cd && cd[0] && cd[0].trace;
  },

  // The transform of a slider's grip at fraction `p` of its rail, or null before it is laid out.
  gripTransform(slider, p) {
    const dims = slider && slider._dims;
    if (!dims) return null;
    const x = dims.inputAreaStart + STEP_INSET + (dims.inputAreaLength - 2 * STEP_INSET) * p;
    return `translate(${x - GRIP_WIDTH / 2},${dims.currentValueTotalHeight})`;
  },

  // A heatmap's values as plotly computed them for the picture on screen (rows of numbers,
  // row 0 at the bottom), or null: after a slider step they are the frame's, not the figure's.
  heatmapLevels(gd, index) {
    const cd = gd.calcdata && gd.calcdata[index];
    return cd && cd[0] && cd[0].z ? cd[0].z : null;
  },

  // The figure's frames array (plotly's own), or null.
  frames(gd) {
    const td = gd && gd._transitionData;
    return td && td._frames ? td._frames : null;
  },

  // Drop every frame, in place: Plotly.deleteFrames sorts indices as strings and, given more
  // than ten, deletes the wrong ones and fails; and Streamlit takes a new frames array for a new
  // figure and draws the chart again.
  clearFrames(gd) {
    const td = gd._transitionData;
    if (!td || !td._frames) return;
    td._frames.splice(0);
    for (const name of Object.keys(td._frameHash || {})) delete td._frameHash[name];
  },
};
