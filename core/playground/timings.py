"""The playground's timings, each with the measurement behind it (2-core machine, headless
Chromium; bench/playground.py unless said otherwise)."""

# Frames per server round trip. The first chunk after Play is short so that the picture starts
# moving at once; while a chunk plays, the next one trains in a background thread
# (core.nn.ahead), and the player asks for it before its frames run out, so chunks follow each
# other without a pause.
FIRST_CHUNK_FRAMES = 15
CHUNK_FRAMES = 240
# One frame per display refresh (60 Hz): the player paints a frame on its canvas in 1-2 ms
# (bench: paint_ms_median) and counts 12 ms as due (requestAnimationFrame jitters by a few ms).
# At 33 ms the page saw 29.6 frames/s; TensorFlow Playground draws 58 in the same Chromium.
FRAME_MS = 16
# Frames left when the player asks for the next chunk (40 x 16 ms = 0.64 s): longer than a
# round trip, which takes 0.1-0.3 s here.
LEAD_FRAMES = 40
# Seconds of training for a chunk while the student waits (the first after Play, or one after a
# rewind). At 60 frames/s the first chunk must reach the spiral's separation (epoch ~53 at 5
# epochs a frame) by itself: with 0.25 s it stopped near epoch 50 and the spiral waited for a
# second chunk (separated 1.11-1.20 s after Play); with 0.4 s, 0.90-0.94 s (first frame on the
# default network 0.44 -> 0.49 s).
COMPUTE_BUDGET_S = 0.4
# A thread training ahead whose browser has gone away stops by itself.
AHEAD_MAX_S = 15.0
# The thread training ahead begins a moment after the reply (at most a quarter of the frames it
# carries): on a 2-core laptop the server sending the reply and the browser drawing it share
# the cores with it. On the spiral: the first frame 0.45 s after Play when it began at once,
# 0.35 s when it waited 0.3 s.
AHEAD_AFTER_S = 0.3
# How long the page waits for the thread to train a chunk worth sending when the player asks
# for more (chunks shrank to a frame or two without it, each a whole round trip).
MORE_WAIT_S = 0.3
# Epochs on the slider of a paused figure (about 17 kB each): thirty students pressing Pause
# together must not fill a school's Wi-Fi (120 frames were 3 MB a Pause). Plotly measures every
# step's label each time it draws the figure: 80 steps took ~50 ms of a ~100 ms newPlot here.
MAX_STILL_FRAMES = 40
