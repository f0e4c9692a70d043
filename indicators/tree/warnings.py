"""What other apps want said before an item of a document is deleted (an IKU whose lineage has
realisasi, say): they register a provider here (in their AppConfig.ready), a function of the
item giving messages for the user. The editor asks before it deletes; `indicators` knows
nothing of the apps above it."""

_providers = []


def register(provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def before_deleting(item) -> list[str]:
    found = []
    for provider in _providers:
        found.extend(provider(item))
    return found
