"""Codes as the documents print them, generated from position unless a code was typed.

- tujuan: 1, 2, …
- sasaran under a tujuan: <tujuan>.1.<n>  (Sumsel: 1.1.1); without a tujuan: 1, 2, … (Jambi)
- IKU under a numbered sasaran: <sasaran>.<n> (Sumsel: 1.1.1.1); under a sasaran without a
  tujuan the IKU run on through the document: 1, 2, 3, 4 (Jambi).
"""

from collections.abc import Iterable


def assign_codes(goals: Iterable, strategic_targets: Iterable, indicators: Iterable) -> None:
    """Set `display_code` on every object. Each iterable must be in document order."""
    goal_codes = {}
    for position, goal in enumerate(goals, start=1):
        goal.display_code = goal.code or str(position)
        goal_codes[goal.pk] = goal.display_code

    per_goal = {}
    loose = 0
    target_codes = {}
    for target in strategic_targets:
        if target.goal_id:
            per_goal[target.goal_id] = per_goal.get(target.goal_id, 0) + 1
            generated = f"{goal_codes.get(target.goal_id, '?')}.1.{per_goal[target.goal_id]}"
        else:
            loose += 1
            generated = str(loose)
        target.display_code = target.code or generated
        target_codes[target.pk] = (target.display_code, bool(target.goal_id))

    per_target = {}
    running = 0
    for indicator in indicators:
        target_code, nested = target_codes.get(indicator.strategic_target_id, ("?", True))
        if nested:
            per_target[indicator.strategic_target_id] = (
                per_target.get(indicator.strategic_target_id, 0) + 1
            )
            generated = f"{target_code}.{per_target[indicator.strategic_target_id]}"
        else:
            running += 1
            generated = str(running)
        indicator.display_code = indicator.code or generated
