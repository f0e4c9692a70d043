"""Sections that apps above add to the unit page (the alignment of a unit's sasaran comes from
`indicators`, which depends on `organizations`, never the reverse).

A provider, registered in its AppConfig.ready, is a function of (user, unit) giving
(template name, context) pairs; the unit page includes each template with its context as
`panel`. A provider asks its own rules: it gives nothing to a user who may not see it."""

_providers = []


def register(provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def panels_for(user, unit) -> list[tuple[str, dict]]:
    found = []
    for provider in _providers:
        found.extend(provider(user, unit))
    return found
