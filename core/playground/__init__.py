"""The playground's state (one object with verbs) and the messages it exchanges with the
browser's player (app_pages/player.js)."""
