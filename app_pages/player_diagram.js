// The network diagram under the pointer, for the player (player.js; loaded with it as one ES
// module, after player_plotly.js): a click on a weight, a bias or a + / − handle becomes an
// EditReport for Python, and a neuron hovered is shown large over the decision surface.

// A click on the diagram of a picture at rest: a weight or a bias (hover targets whose trace
// `meta` says so; the point's number counts them as Run.edit does), or a + / − handle (its
// customdata is [action, layer]). Python decides what it does (app_pages/networks/playground_edit.py).
function clickedEdit(point) {
  const trace = point ? point['data'] : null;  // plotly's trace of the point, not a message
  const role = trace && trace.meta;
  if (role === 'edit_weight' || role === 'edit_bias') {
    return { target: role === 'edit_weight' ? 'weight' : 'bias', index: point.pointNumber };
  }
  if (role === 'edit_handles' && Array.isArray(point.customdata)) {
    return { target: String(point.customdata[0]), index: Number(point.customdata[1]) };
  }
  return null;
}

// A neuron hovered on a picture at rest is shown large over the decision surface, as in
// TensorFlow Playground: its thumbnail's colour levels, cut from the mosaic heatmap as plotly
// holds it for the epoch on screen, smoothed up to the surface's size, the points on top.
function showNeuron(gd, point) {
  hideNeuron(gd);
  const traces = plotlyPrivate.traces(gd) || [];
  const mosaic = traces.find((t) => t.meta === 'mosaic');
  const surface = traces.find((t) => t.meta === 'surface');
  const levels = mosaic && plotlyPrivate.heatmapLevels(gd, mosaic.index);
  const corner = point.customdata;
  if (!levels || !surface || surface.type !== 'heatmap' || !Array.isArray(corner)) return;
  const fl = plotlyPrivate.layout(gd);
  const box = plotlyPrivate.axisBox(fl, surface.xaxis, surface.yaxis);
  const [row, col, cells] = corner.map(Number);
  if (!(cells > 0) || !levels[row + cells - 1] || levels[row].length < col + cells) return;
  const table = colorTable(mosaic.colorscale);
  const small = document.createElement('canvas');
  small.width = small.height = cells;
  const sctx = small.getContext('2d');
  const image = sctx.createImageData(cells, cells);
  for (let r = 0; r < cells; r++) {
    for (let c = 0; c < cells; c++) {
      const i = 4 * levels[row + r][col + c], o = 4 * ((cells - 1 - r) * cells + c);
      for (let ch = 0; ch < 4; ch++) image.data[o + ch] = table[i + ch];
    }
  }
  sctx.putImageData(image, 0, 0);
  const canvas = document.createElement('canvas');
  canvas.className = 'vl-neuron-canvas';
  const dpr = window.devicePixelRatio || 1;
  Object.assign(canvas.style, { position: 'absolute', left: box.left + 'px', top: box.top + 'px',
    width: box.width + 'px', height: box.height + 'px', pointerEvents: 'none' });
  canvas.width = Math.round(box.width * dpr);
  canvas.height = Math.round(box.height * dpr);
  const ctx = canvas.getContext('2d');
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(small, 0, 0, canvas.width, canvas.height);
  const names = point['data'].hovertext;
  const title = Array.isArray(names) ? String(names[point.pointNumber] || '') : '';
  ctx.font = `${13 * dpr}px sans-serif`;
  ctx.fillStyle = 'rgba(255,255,255,0.85)';
  ctx.fillRect(0, 0, ctx.measureText(title).width + 12 * dpr, 20 * dpr);
  ctx.fillStyle = '#222';
  ctx.fillText(title, 6 * dpr, 15 * dpr);
  const paper = gd.querySelector('.svg-container > svg.main-svg');
  if (paper) paper.after(canvas);
}

function hideNeuron(gd) {
  gd.querySelectorAll('.vl-neuron-canvas').forEach((c) => c.remove());
}
