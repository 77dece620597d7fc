"""A "copy link" button: the page's address, settings included (every page keeps them in the
link), goes to the clipboard so it can be pasted into the class chat. A classroom server on
plain http has no clipboard API, so the button falls back to the older copy command and, if
even that is refused, shows the address selected for copying by hand. `params` are added to
the address copied (the playground's trained weights: too long to sit in the address bar)."""

from __future__ import annotations

import streamlit as st

_HTML = """<div class="vl-share">
  <button type="button" class="vl-copy"><svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
    <path fill="currentColor" d="M3.9 12a3.1 3.1 0 0 1 3.1-3.1h4V7H7a5 5 0 0 0 0 10h4v-1.9H7A3.1 3.1 0 0 1 3.9 12zM8 13h8v-2H8v2zm9-6h-4v1.9h4a3.1 3.1 0 0 1 0 6.2h-4V17h4a5 5 0 0 0 0-10z"/>
  </svg><span class="vl-copy-text"></span></button>
  <input class="vl-link" readonly hidden>
</div>"""

_CSS = """
.vl-share { display: flex; flex-direction: column; gap: 0.4rem; }
.vl-copy { display: inline-flex; align-items: center; gap: 0.4rem; font: inherit; font-size: 0.9rem; padding: 0.35rem 0.75rem; border-radius: 0.5rem;
  border: 1px solid rgba(49, 51, 63, 0.3); background: var(--st-background-color, #fff);
  color: var(--st-text-color, #262730); cursor: pointer; text-align: left; }
.vl-copy:disabled { opacity: 0.5; cursor: not-allowed; }
.vl-copy:not(:disabled):hover { border-color: var(--st-primary-color, #0072B2); color: var(--st-primary-color, #0072B2); }
.vl-link { font: inherit; font-size: 0.8rem; width: 100%; box-sizing: border-box; padding: 0.25rem; }
"""

_JS = """
export default function (component) {
  const { data, parentElement } = component;
  const button = parentElement.querySelector('.vl-copy');
  const text = parentElement.querySelector('.vl-copy-text');
  const field = parentElement.querySelector('.vl-link');
  text.textContent = data.label;
  button.title = data.help;
  button.disabled = Boolean(data.disabled);
  const copied = () => {
    text.textContent = '✓ ' + data.copied;
    setTimeout(() => { text.textContent = data.label; }, 2000);
  };
  const byHand = (url) => {
    field.value = url;
    field.hidden = false;
    field.focus();
    field.select();
    try { return document.execCommand('copy'); } catch (e) { return false; }
  };
  button.onclick = async () => {
    // A teacher's address holds the class's secret key (?teacher=): never in a copied link.
    const address = new URL(window.location.href);
    address.searchParams.delete('teacher');
    let url = address.toString();
    for (const [name, value] of Object.entries(data.params || {})) {
      url += (url.includes('?') ? '&' : '?') + encodeURIComponent(name) + '=' + encodeURIComponent(value);
    }
    try {
      await navigator.clipboard.writeText(url);
      field.hidden = true;
      copied();
    } catch (e) {
      if (byHand(url)) copied();  // the address stays in the field, selected, either way
    }
  };
}
"""

_copy_link = st.components.v2.component("vectorlab.copy_link", html=_HTML, css=_CSS, js=_JS)


def copy_link_button(label: str, copied: str, help_text: str, *, key: str = "copy_link",
                     params: dict[str, str] | None = None, disabled: bool = False) -> None:
    _copy_link(data={"label": label, "copied": copied, "help": help_text, "params": params or {},
                     "disabled": disabled}, key=key)
