"""What changed between two versions of a document, from their snapshots."""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from core.numbers import format_number
from indicators.labels import FIELD_LABELS

NUMBER = re.compile(r"-?\d+\.\d+")  # a decimal: integers (years, codes) stay as they are

# The labels of what a snapshot holds besides an IKU's fields (those are in
# `indicators.labels`): the document's own Indonesian terms.
OTHER_LABELS = {
    "text": "Uraian",
    "supports": "Mendukung (tautan ke atasan)",
    "indicators": "Indikator Tujuan",
    "strategic_target": "Sasaran Strategis",
    "baseline_value": "Nilai Baseline",
    "baseline_not_available": "Baseline tidak ada",
    "target_ranges": "Batas atas target rentang",
    "tugas": "Tugas",
    "functions": "Fungsi",
    "place": "Tempat",
    "date": "Tanggal",
    "jabatan": "Jabatan",
    "pangkat": "Pangkat",
    "nip": "NIP",
}


def _label(key: str) -> str:
    return OTHER_LABELS.get(key) or FIELD_LABELS.get(key, key)


@dataclass
class Section:
    title: str
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    changed: list = field(default_factory=list)  # (label of the item, [(field, old, new)])

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def _number(value) -> str:
    """A number of a snapshot (kept as text, '82.5') as the portal shows numbers ('82,5')."""
    try:
        return format_number(Decimal(value)) if NUMBER.fullmatch(str(value)) else str(value)
    except InvalidOperation:
        return str(value)


def _show(value) -> str:
    if isinstance(value, list):
        return "; ".join(map(_number, value))
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_number(v)}" for k, v in value.items())
    return "" if value is None else _number(value)


def _blank(value) -> bool:
    """A key that a snapshot of an earlier version did not have reads as empty."""
    return value in (None, "", [], {}, False)


def _field_changes(old: dict, new: dict, skip=("code", "id")) -> list[tuple[str, str, str]]:
    changes = []
    for key in new:
        if key in skip or old.get(key) == new.get(key):
            continue
        if _blank(old.get(key)) and _blank(new.get(key)):
            continue
        if key == "targets":
            for year in sorted(set(old.get(key, {})) | set(new.get(key, {}))):
                before, after = old.get(key, {}).get(year), new.get(key, {}).get(year)
                if before != after:
                    changes.append((f"Target {year}", _show(before), _show(after)))
            continue
        changes.append((_label(key), _show(old.get(key)), _show(new.get(key))))
    return changes


def _items(title, old_items, new_items, label) -> Section:
    section = Section(title)
    old_by_code = {item["code"]: item for item in old_items}
    new_by_code = {item["code"]: item for item in new_items}
    for code, item in new_by_code.items():
        if code not in old_by_code:  # with the upper sasaran or IKU it supports, if linked
            supports = f" · Mendukung: {item['supports']}" if item.get("supports") else ""
            section.added.append(label(item) + supports)
        else:
            changes = _field_changes(old_by_code[code], item)
            if changes:
                section.changed.append((label(item), changes))
    section.removed = [label(item) for code, item in old_by_code.items() if code not in new_by_code]
    return section


def compare_snapshots(old: dict, new: dict) -> list[Section]:
    profile = Section("Profil dan tanda tangan")
    for key in ("tugas", "functions"):
        if old["unit"].get(key) != new["unit"].get(key):
            profile.changed.append(
                ("Unit", [(_label(key), _show(old["unit"][key]), _show(new["unit"][key]))])
            )
    signature = _field_changes(
        old["signature"], new["signature"], skip=("style", "nip_style", "underline", "kind")
    )
    if signature:
        profile.changed.append(("Tanda tangan", signature))
    return [
        profile,
        _items("Tujuan", old["goals"], new["goals"], lambda i: f"{i['code']}. {i['text']}"),
        _items(
            "Sasaran strategis",
            old["strategic_targets"],
            new["strategic_targets"],
            lambda i: f"{i['code']} {i['text']}",
        ),
        _items(
            "Indikator Kinerja Utama",
            old["indicators"],
            new["indicators"],
            lambda i: f"{i['code']} {i['name']}",
        ),
    ]
