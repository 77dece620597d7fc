// Plays a chunk of training by painting its frames on a canvas laid over a plotly chart.
// Plotly.animate redraws the whole figure for every frame (46 ms for the playground even with
// every trace hidden, so about 15 frames/s); painting only what a frame changes (heatmaps as
// bitmaps, line traces as canvas paths, in plotly's own pixel geometry) takes 1-2 ms. The
// chart itself stays plotly's: when playback stops the page sends a figure and then its plotly
// frames, so hover, the slider and the mode bar work as always.
//
// A chunk (core/figures/playground/playback.py, playground_playback) names the chart's traces it
// changes by their `meta`: `mosaic` and `surface` (heatmaps whose values are colour levels 0..255, or
// the surface as a line's y), `edges` (line traces, x and y per frame) and `lines` (line
// traces whose x and y are `line_x` and `series`, drawn up to a frame's `upto`).
//
// Every message is declared once, in core/playground/messages.py, and below as a typedef of the
// same name and fields (tests/core/test_player_messages.py holds the two together and checks
// that this file reads no undeclared field of `data`, `chunk`, `frame` or `meta`). Plotly's
// private internals are reached only through `plotlyPrivate` (player_plotly.js, loaded first).

/**
 * @typedef {Object} Frame
 * @property {string} name the epoch
 * @property {Object} mosaic typed-array JSON: the neurons' pictures as colour levels
 * @property {Array} edges [[x, y], ...] typed-array JSON per bin of edge widths
 * @property {Object} surface typed-array JSON: the boundary's colour levels, or the curve's y
 * @property {number} upto how many points of the loss lines this epoch shows
 */
/**
 * @typedef {Object} Chunk
 * @property {string} mosaic
 * @property {string[]} edges
 * @property {string} surface
 * @property {string[]} lines
 * @property {Object[]} series
 * @property {Object} line_x
 * @property {Array} axes [epoch axis end, loss axis top]
 * @property {Frame[]} frames
 * @property {boolean} final
 * @property {boolean} replace
 */
/**
 * @typedef {Object} PlayerMessage
 * @property {string} chart_key
 * @property {string} figure
 * @property {string} token
 * @property {?Chunk} chunk
 * @property {number} run
 * @property {boolean} ask
 * @property {number} frame_ms
 * @property {number} lead
 */
/**
 * @typedef {Object} TimeTravelMessage
 * @property {string} chart_key
 * @property {?string} frames_token
 * @property {?Object[]} frames
 */
/**
 * @typedef {Object} FigureTag
 * @property {string} vl_token
 * @property {?string} vl_frames
 */
/**
 * @typedef {Object} EpochReport
 * @property {number} epoch
 * @property {string} token
 */
/**
 * @typedef {Object} EditReport
 * @property {string} target
 * @property {number} index
 * @property {string} token
 */
/**
 * @typedef {Object} PlayerReport
 * @property {?string} more
 * @property {?EpochReport} at
 * @property {?EpochReport} epoch
 * @property {?EditReport} edit
 */

/** @returns {EpochReport} */
function epochReport(epoch, token) {
  return { epoch: Number(epoch), token };
}

const TYPED = {
  u1: Uint8Array, i1: Int8Array, u2: Uint16Array, i2: Int16Array,
  u4: Uint32Array, i4: Int32Array, f4: Float32Array, f8: Float64Array,
};

// A chunk's typed-array JSON ({dtype, bdata[, shape]}) as a flat typed array, with its rows
// and columns for a 2-D one.
function decode(value) {
  const text = atob(value.bdata || '');
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  const array = new TYPED[value.dtype](bytes.buffer);
  if (value.shape) [array.rows, array.cols] = String(value.shape).split(',').map(Number);
  return array;
}

// 256 RGBA colours along a plotly colour scale, interpolated in RGB as plotly does.
function colorTable(colorscale) {
  const probe = document.createElement('canvas').getContext('2d');
  const rgba = (color) => {
    probe.clearRect(0, 0, 1, 1);
    probe.fillStyle = color;
    probe.fillRect(0, 0, 1, 1);
    return probe.getImageData(0, 0, 1, 1).data;
  };
  const stops = colorscale.map(([p, color]) => [Number(p), rgba(color)]);
  const table = new Uint8ClampedArray(256 * 4);
  for (let i = 0; i < 256; i++) {
    const p = i / 255;
    let k = 0;
    while (k < stops.length - 2 && stops[k + 1][0] < p) k++;
    const [p0, c0] = stops[k];
    const [p1, c1] = stops[Math.min(k + 1, stops.length - 1)];
    const f = p1 > p0 ? Math.min(1, Math.max(0, (p - p0) / (p1 - p0))) : 0;
    for (let ch = 0; ch < 4; ch++) table[4 * i + ch] = c0[ch] + f * (c1[ch] - c0[ch]);
  }
  return table;
}

// Layout images are SVG; they are rasterised once per size and kept across chunks.
const bitmaps = (window.__vectorlabBitmaps = window.__vectorlabBitmaps || new Map());
function loadImage(source) {
  let entry = bitmaps.get(source);
  if (!entry) {
    const img = new Image();
    img.src = source;
    entry = { img, ready: img.decode().then(() => true, () => false) };
    bitmaps.set(source, entry);
    if (bitmaps.size > 40) bitmaps.delete(bitmaps.keys().next().value);
  }
  return entry.ready.then((ok) => (ok ? entry.img : null));
}


// What a chunk's frame paints, decoded once: [{key, x, y, z}], key being the trace's `meta`.
const decodedFrames = new WeakMap();
const decodedLines = new WeakMap();
function frameData(chunk, frame) {
  let out = decodedFrames.get(frame);
  if (!out) {
    let lines = decodedLines.get(chunk);
    if (!lines) decodedLines.set(chunk, (lines = { x: decode(chunk.line_x), series: chunk.series.map(decode) }));
    const surface = decode(frame.surface);
    out = [
      { key: chunk.mosaic, z: decode(frame.mosaic) },
      ...chunk.edges.map((key, k) => ({ key, x: decode(frame.edges[k][0]), y: decode(frame.edges[k][1]) })),
      surface.rows ? { key: chunk.surface, z: surface } : { key: chunk.surface, y: surface },
      ...chunk.lines.map((key, k) => ({
        key, x: lines.x.subarray(0, frame.upto), y: lines.series[k].subarray(0, frame.upto),
      })),
    ];
    decodedFrames.set(frame, out);
  }
  return out;
}

// A canvas over one chart element, painting frames in that chart's pixel geometry.
export class Overlay {
  constructor(gd) {
    this.gd = gd;
    this.fl = plotlyPrivate.layout(gd);
    this.tables = new Map();
    this.scratch = document.createElement('canvas');
    const slider = this.fl.sliders && this.fl.sliders[0];
    this.slider = slider;
    this.traces = new Map(plotlyPrivate.traces(gd).map((t) => [t.meta, t]));
  }

  // Waits for the layout images, then covers plotly's moving traces with the canvas.
  async open() {
    const fl = this.fl;
    this.images = [];
    for (const im of fl.images || []) {
      if (!im.visible || im.layer !== 'above' || im.xref === 'paper' || im.yref === 'paper') continue;
      const img = await loadImage(im.source);
      if (!img) continue;
      const box = plotlyPrivate.axisBox(fl, im.xref, im.yref);
      const left = box.x(im.x), top = box.y(im.y);
      this.images.push({
        img, source: im.source, left, top, width: box.x(im.x + im.sizex) - left, height: box.y(im.y - im.sizey) - top,
      });
    }
    const dpr = window.devicePixelRatio || 1;
    const canvas = (this.canvas = document.createElement('canvas'));
    canvas.className = 'vl-player-canvas';
    // It takes the pointer too: hovering plotly's traces under it would name the numbers of
    // the epoch the figure opened on, not of the one painted.
    Object.assign(canvas.style, {
      position: 'absolute', left: '0', top: '0', width: fl.width + 'px', height: fl.height + 'px',
    });
    canvas.width = Math.round(fl.width * dpr);
    canvas.height = Math.round(fl.height * dpr);
    this.ctx = canvas.getContext('2d');
    this.ctx.scale(dpr, dpr);
    for (const item of this.images) {
      // a bitmap of each image at its size on screen: drawing the SVG every frame re-renders it
      const raster = document.createElement('canvas');
      raster.width = Math.max(1, Math.round(item.width * dpr));
      raster.height = Math.max(1, Math.round(item.height * dpr));
      raster.getContext('2d').drawImage(item.img, 0, 0, raster.width, raster.height);
      item.raster = raster;
    }
    const paper = this.gd.querySelector('.svg-container > svg.main-svg');
    if (!paper) return false;
    paper.after(canvas); // over the traces and the images, under the slider and hover layers
    return true;
  }

  // Plotly's own drawing of what the canvas paints goes out of sight (once the canvas has a frame):
  // the moving traces,
  hideTraces(chunk) {
    if (this.hidden) return;
    const dynamic = new Set([chunk.mosaic, chunk.surface, ...chunk.edges, ...chunk.lines]);
    this.hidden = [...this.gd.querySelectorAll('.cartesianlayer g.trace, .cartesianlayer g.hm')].filter((g) => {
      const trace = plotlyPrivate.traceOf(g);
      return trace && dynamic.has(trace.meta);
    });
    // and the layout images the canvas paints again above its frame (painted twice, their text
    // and markers would look bolder)
    const redrawn = new Set(this.images.map((im) => im.source));
    for (const el of this.gd.querySelectorAll('.layer-above .imagelayer image')) {
      if (redrawn.has(el.getAttribute('href') || el.getAttribute('xlink:href'))) this.hidden.push(el);
    }
    this.hidden.forEach((g) => { g.style.visibility = 'hidden'; });
  }

  unhide() {
    (this.hidden || []).forEach((g) => { g.style.visibility = ''; });
    this.hidden = null;
  }

  close() {
    if (this.canvas) this.canvas.remove();
    this.unhide();
  }

  draw(chunk, frame) {
    const ctx = this.ctx, fl = this.fl;
    ctx.clearRect(0, 0, fl.width, fl.height);
    for (const d of frameData(chunk, frame)) {
      const trace = this.traces.get(d.key);
      if (!trace || trace.visible !== true) continue;
      const box = plotlyPrivate.axisBox(fl, trace.xaxis, trace.yaxis);
      ctx.save();
      ctx.beginPath();
      ctx.rect(box.left, box.top, box.width, box.height);
      ctx.clip();
      if (trace.type === 'heatmap') this.heatmap(trace, d.z, box);
      else if (trace.type === 'scatter' && String(trace.mode).includes('lines')) {
        this.lines(trace, d.x || trace.x, d.y, box);  // a fitted curve's x never changes
      }
      ctx.restore();
    }
    for (const im of this.images) ctx.drawImage(im.raster, im.left, im.top, im.width, im.height);
    this.hideTraces(chunk);
    this.showStep(frame.name);
  }

  heatmap(trace, z, box) {
    if (!z || !z.rows) return;
    const { rows, cols } = z;
    let table = this.tables.get(trace.meta);
    if (!table) this.tables.set(trace.meta, (table = colorTable(trace.colorscale)));
    const scratch = this.scratch;
    if (scratch.width !== cols || scratch.height !== rows) { scratch.width = cols; scratch.height = rows; }
    const sctx = scratch.getContext('2d');
    const image = sctx.createImageData(cols, rows);
    const px = image.data;
    for (let r = 0; r < rows; r++) {
      const out = (rows - 1 - r) * cols; // row 0 is at the bottom of the plot
      for (let c = 0; c < cols; c++) {
        const i = 4 * z[r * cols + c], o = 4 * (out + c);
        px[o] = table[i]; px[o + 1] = table[i + 1]; px[o + 2] = table[i + 2]; px[o + 3] = table[i + 3];
      }
    }
    sctx.putImageData(image, 0, 0);
    const left = box.x(trace.x0 - trace.dx / 2), right = box.x(trace.x0 + (cols - 0.5) * trace.dx);
    const top = box.y(trace.y0 + (rows - 0.5) * trace.dy), bottom = box.y(trace.y0 - trace.dy / 2);
    this.ctx.imageSmoothingEnabled = false;
    this.ctx.drawImage(scratch, left, top, right - left, bottom - top);
  }

  lines(trace, x, y, box) {
    if (!x || !y) return;
    const ctx = this.ctx;
    ctx.beginPath();
    let pen = false;
    for (let i = 0, n = Math.min(x.length, y.length); i < n; i++) {
      const xv = x[i], yv = y[i];
      if (!Number.isFinite(xv) || !Number.isFinite(yv)) { pen = false; continue; }
      if (pen) ctx.lineTo(box.x(xv), box.y(yv));
      else ctx.moveTo(box.x(xv), box.y(yv));
      pen = true;
    }
    ctx.strokeStyle = trace.line.color;
    ctx.lineWidth = trace.line.width;
    ctx.stroke();
  }

  // A chunk's epochs may run past the chart's epoch axis: the page keeps one figure while a run
  // plays (a new one stalls the animation for 150-250 ms while plotly draws it), and the
  // chunk says which axes it needs. Moving them costs plotly 10-30 ms and keeps its layout.
  fit(chunk) {
    const [end, top] = chunk.axes || [], fl = this.fl, update = {};
    for (const name of ['xaxis3', 'xaxis4']) {
      if (end && fl[name] && fl[name].range[1] !== end) update[name + '.range'] = [0, end];
    }
    if (top && fl.yaxis3 && fl.yaxis3.range[1] !== top) update['yaxis3.range'] = [0, top];
    if (!Object.keys(update).length) return;
    window.Plotly.relayout(this.gd, update).catch(() => {});
    this.unhide();  // plotly may have drawn the lines again
  }

  // The slider's counter and grip follow the frames, as they do under Plotly.animate; the
  // grip stands where the epoch is on the epoch axis (the slider of a figure being played
  // spans that axis).
  showStep(name) {
    const slider = this.slider, axis = this.fl.xaxis3;
    const group = this.gd.querySelector('.slider-group');
    if (!slider || !group || !axis) return;
    const label = group.querySelector(':scope > .slider-label');
    if (label) {
      if (label.getAttribute('text-anchor') !== 'end') {
        // Plotly anchors the counter at its left end, with room for the longest epoch on its
        // slider (one digit on a fresh run's): anchored at its right end, longer ones fit.
        const box = label.getBBox();
        label.setAttribute('x', box.x + box.width);
        label.setAttribute('text-anchor', 'end');
      }
      label.textContent = (slider.currentvalue.prefix || '') + name;
    }
    const p = Math.min(1, Math.max(0, Number(name) / (axis.range[1] || 1)));
    const grip = group.querySelector('.slider-grip-rect');
    const transform = plotlyPrivate.gripTransform(slider, p);
    if (grip && transform) grip.setAttribute('transform', transform);
  }
}

// The player of one chart: a queue of frames (each with its chunk), one painted every
// `frameMs` on the overlay of whichever chart element shows the run now.
class Player {
  constructor() {
    this.queue = [];
    this.overlay = null;
    this.raf = null;
    this.last = -Infinity;
    this.epoch = null;
    this.paintMs = [];  // read by bench/playground.py
  }

  // Frames of a new chunk of the same run join the queue after what is already there.
  enqueue(chunk) {
    const tail = this.queue.length ? Number(this.queue[this.queue.length - 1].frame.name) : Number(this.epoch ?? -1);
    for (const frame of chunk.frames) if (Number(frame.name) > tail) this.queue.push({ chunk, frame });
  }

  // Paint on `gd` from now on (Streamlit gives each figure a new chart element), starting with
  // the frame on screen, before the browser shows plotly's picture of another epoch. The newest
  // call wins: an older one still waiting for its images is dropped.
  async show(gd) {
    if (!plotlyPrivate.layout(gd)) return;  // purged before it was painted on
    const seq = (this.seq = (this.seq || 0) + 1);
    this.opening = true;
    const overlay = new Overlay(gd);
    let opened = false;
    try {
      opened = await overlay.open();
    } catch (error) {
      opened = false;  // laid out again while opening: the next tick looks for the chart anew
    }
    if (seq !== this.seq) { overlay.close(); return; }
    this.opening = false;
    if (!opened) { overlay.close(); return; }
    if (this.overlay) this.overlay.close();
    this.overlay = overlay;
    if (this.current) {
      overlay.fit(this.current.chunk);
      overlay.draw(this.current.chunk, this.current.frame);
    }
  }

  start(frameMs, onFrame) {
    this.frameMs = frameMs;
    this.onFrame = onFrame;
    if (this.raf === null) this.raf = requestAnimationFrame((now) => this.tick(now));
  }

  tick(now) {
    this.raf = requestAnimationFrame((t) => this.tick(t));
    if (this.overlay && plotlyPrivate.layout(this.overlay.gd) !== this.overlay.fl) {
      // plotly laid the chart out again (the window was resized) or Streamlit replaced it
      this.overlay.close();
      this.overlay = null;
    }
    if (!this.overlay && !this.opening && this.locate) {
      // whichever chart shows the run now, once plotly has laid it out: a chart caught between
      // two layouts is found again a frame later, and painting goes on in its new geometry
      const gd = this.locate();
      // not on another figure: Streamlit may draw the next run's before this player hears of it
      const meta = gd && plotlyPrivate.layout(gd) && gd.layout && gd.layout.meta;
      if (gd && gd.isConnected && meta && meta.vl_token === this.figure) this.show(gd);
    }
    if (this.hold || !this.overlay || !this.queue.length || now - this.last < this.frameMs - 4) return;  // rAF jitters
    this.last = now;
    const { chunk, frame } = (this.current = this.queue.shift());
    const started = performance.now();
    this.overlay.fit(chunk);
    this.overlay.draw(chunk, frame);
    this.paintMs.push(performance.now() - started);
    if (this.paintMs.length > 500) this.paintMs.shift();
    this.epoch = frame.name;
    this.onFrame(this.queue.length);
  }

  stop() {
    this.hold = false;
    if (this.raf !== null) cancelAnimationFrame(this.raf);
    this.raf = null;
    this.queue = [];
    this.epoch = null;
    this.current = null;
    this.seq = (this.seq || 0) + 1;  // a show() still opening is dropped
    this.opening = false;
    if (this.overlay) this.overlay.close();
    this.overlay = null;
  }
}

// The time-travel frames of a still picture come after it (app_pages/player.py, time_travel):
// they go to whichever chart element shows a figure that names them (layout.meta.vl_frames),
// now and whenever Streamlit draws that figure again.
function framesOn(gd) {
  const meta = gd && plotlyPrivate.layout(gd) && gd.layout && gd.layout.meta;
  const wanted = meta && meta.vl_frames;
  const list = plotlyPrivate.frames(gd);
  return { wanted, added: Boolean(wanted && list && gd.__vlFrames && gd.__vlFrames.token === wanted
      && gd.__vlFrames.list === list && list.length) };
}

// Python learns where the student scrubbed to, and what they clicked on the diagram (on every
// chart element that shows the run: one may take the place of another with the same figure,
// before the player looks again).
function watchSlider(me, gd) {
  if (!gd || !gd.on || gd.__vectorlab) return;
  gd.__vectorlab = true;
  gd.on('plotly_hover', (e) => {
    const point = e && e.points && e.points[0];
    const trace = point ? point['data'] : null;
    if (!me.playing && trace && trace.meta === 'neuron_targets') showNeuron(gd, point);
  });
  gd.on('plotly_unhover', () => hideNeuron(gd));
  gd.on('plotly_click', (e) => {
    const edit = e && e.points && e.points.length ? clickedEdit(e.points[0]) : null;
    if (!edit || me.playing || !me.edit) return;
    me.edit(edit);
  });
  let timer = null;
  gd.on('plotly_sliderchange', (e) => {
    if (me.playing || !e || !e.step || !e.step.args || !me.report) return;
    me.epoch = e.step.args[0][0];
    clearTimeout(timer);  // a drag sends many changes: report where it comes to rest
    timer = setTimeout(() => me.report(me.epoch), 250);
  });
}

function keepFramesOn(me, selector) {
  const apply = () => {
    const gd = document.querySelector(selector);
    if (plotlyPrivate.layout(gd)) watchSlider(me, gd);
    const { wanted, added } = framesOn(gd);
    if (!me.frames || wanted !== me.frames.token || added || !window.Plotly) return;
    if (gd.__vlFrames && gd.__vlFrames.token === wanted && gd.__vlFrames.adding) return;
    gd.__vlFrames = { token: wanted, adding: true };
    plotlyPrivate.clearFrames(gd);  // those of an earlier figure go first
    window.Plotly.addFrames(gd, me.frames.list)
      .then(() => { gd.__vlFrames = { token: wanted, list: plotlyPrivate.frames(gd) }; })
      .catch(() => { gd.__vlFrames = null; });  // purged meanwhile: the next look tries again
  };
  apply();
  // Cheap, and the only way to learn that Streamlit drew the chart again.
  if (!me.framesTimer) me.framesTimer = setInterval(apply, 100);
}

export default function (component) {
  const { data, setTriggerValue, setStateValue } = component;
  // Streamlit replaces the chart's element whenever the figure changes, so what the player
  // knows lives here, per chart; a figure names itself in layout.meta.vl_token (data.figure),
  // and data.token names what the page sent this time (a chunk, or a still picture).
  const players = (window.__vectorlabPlayers = window.__vectorlabPlayers || {});
  const me = (players[data.chart_key] = players[data.chart_key] || { player: new Player(), epoch: null });
  const player = me.player;
  const selector = '.st-key-' + data.chart_key + ' .js-plotly-plot';
  if ('frames' in data) {  // time_travel's element
    if (data.frames && (!me.frames || me.frames.token !== data.frames_token)) {
      me.frames = { token: data.frames_token, list: data.frames };
    }
    keepFramesOn(me, selector);
    return;
  }
  player.locate = () => document.querySelector(selector);
  const report = (epoch) => setStateValue('epoch', epochReport(epoch, data.token));
  me.report = report;  // a chart's slider handler, set once, reports about the newest picture
  /** @param {{target: string, index: number}} edit */
  me.edit = (edit) => setTriggerValue('edit', /** @type {EditReport} */ ({ ...edit, token: data.token }));
  const chunk = data.chunk && data.chunk.frames.length ? data.chunk : null;
  if (!chunk && me.playing && me.run !== data.run) {
    // A new run (Reset, a new data set) while playing: nothing of the old one to hold, and its
    // frames must not move the new picture's axes (they left a fresh run's at 0..1000).
    player.stop();
    me.playing = false;
  }
  if (data.ask && me.queued !== data.token) {
    // A control changed while playing: hold the frame on screen and say which epoch it is,
    // so that training goes on from there with the new settings.
    me.queued = data.token;
    player.hold = true;
    setTriggerValue('at', epochReport(player.epoch ?? me.epoch ?? -1, data.token));
  }
  if (chunk && me.queued !== data.token) {
    // Queue the new frames at once: the old chart goes on painting what is left of the last
    // chunk while the new one is drawn. Ask for the next chunk while `lead` frames remain, so
    // that it is here before they run out (the last chunk of a run asks when it is over).
    me.queued = data.token;
    if (me.run !== data.run || !me.playing) player.stop();
    me.run = data.run;
    me.playing = true;
    player.figure = data.figure;  // the figure it paints on
    if (chunk.replace) player.queue = [];  // trained with the settings just changed
    player.hold = false;
    player.enqueue(chunk);
    let asked = false;
    player.start(data.frame_ms, (left) => {
      if (asked || me.queued !== data.token || left > (chunk.final ? 0 : data.lead)) return;
      asked = true;
      setTriggerValue('more', data.token);
    });
  }
  let tries = 0;
  const attach = () => {
    const gd = document.querySelector(selector);
    const meta = gd && window.Plotly && plotlyPrivate.layout(gd) && gd.layout && gd.layout.meta;
    const ready = meta && meta.vl_token === data.figure;
    // polled before each paint: a new chart is covered in the frame it first shows up in
    if (!ready) { if (tries++ < 600) requestAnimationFrame(attach); return; }
    if (me.gd === gd && me.handled === data.figure) return;  // the same chart: painting goes on
    const frames = framesOn(gd);
    if (!chunk && me.playing && player.epoch !== null && frames.wanted && !frames.added && tries++ < 600) {
      // Paused: the canvas holds the epoch on screen until plotly can show it (its frames
      // come after the picture; a fresh run's picture has none to wait for).
      player.hold = true;
      requestAnimationFrame(attach);
      return;
    }
    me.gd = gd;
    me.handled = data.figure;
    watchSlider(me, gd);
    if (chunk) {
      player.show(gd);
      return;
    }
    if (me.playing) {
      // Paused, or the last chunk is over: plotly draws the epoch the student was looking at
      // (this figure opened on the newest), and Python learns where that is.
      const epoch = player.epoch;
      player.stop();
      me.playing = false;
      if (epoch !== null) {
        me.epoch = epoch;
        // rejected (with no reason) when a newer picture interrupts it: nothing to do then
        window.Plotly.animate(gd, [String(epoch)], { mode: 'immediate', frame: { duration: 0, redraw: true } })
          .catch(() => {});
        report(epoch);
      }
    }
  };
  attach();
}
