"""What waits for a user, gathered from every app for the dashboard's "Needs your attention".

An app that has something to ask of users registers a provider (in its AppConfig.ready): a
function of the user giving (url, label, note) items. The dashboard lives in `indicators`; the
figures awaiting approval live in `performance`, which depends on `indicators`, never the
reverse: this registry is how the dashboard hears of them."""

_providers = []


def register(provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def items_for(user) -> list[tuple[str, str, str]]:
    found = []
    for provider in _providers:
        found.extend(provider(user))
    return found
