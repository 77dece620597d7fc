"""Which recorded epochs become frames of the playground's picture."""

from __future__ import annotations


def playing_epochs(recorded: list[int], start: int, speed: int) -> list[int]:
    """The recorded epochs after `start`, at least `speed` apart (recorded ones are 1, 2, 4...
    apart as a long run is thinned), always ending with the newest."""
    out, last = [], start
    for epoch in recorded:
        if epoch > start and (epoch - last >= speed or epoch == recorded[-1]):
            out.append(epoch)
            last = epoch
    return out


def still_epochs(recorded: list[int], seen: int, newest: int, cap: int) -> list[int]:
    """The epochs of a paused picture's time-travel slider: the recorded ones evenly thinned to
    at most `cap`, plus the one on screen and the newest."""
    step = -(-len(recorded) // cap)  # ceiling: the cap is a real cap
    return sorted(set(recorded[::step]) | {seen, newest})


def kept_epoch(recorded: list[int], epoch: int, newest: int) -> int | None:
    """The recorded epoch that stands for `epoch` on screen: the last at or before it (a long
    run thins its snapshots as it trains, so the epoch painted may have made way for the one
    before it); None for an epoch past `newest` or before every recorded one."""
    kept = [e for e in recorded if e <= epoch]
    return kept[-1] if epoch <= newest and kept else None
