"""Asking for a file a worker prepares, as a user's browser does."""


def get_when_ready(client, url, **kwargs):
    """GET `url`; when the page says the file is being prepared (202), the worker has run by
    the time the response is back (tests run tasks when the request commits): GET it again,
    as the waiting page's own refresh does."""
    response = client.get(url, **kwargs)
    if response.status_code == 202:
        response = client.get(url, **kwargs)
    return response
