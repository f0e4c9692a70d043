from django.urls import reverse


def test_indonesian_by_default_even_for_an_english_browser(client, staf):
    client.force_login(staf)
    page = client.get(reverse("indicators:dashboard"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Dasbor" in page.content.decode()


def test_english_can_be_chosen(client, staf):
    client.force_login(staf)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get(reverse("indicators:dashboard")).content.decode()
    assert "Dashboard" in page and "Dasbor" not in page
    client.post(reverse("set_language"), {"language": "id", "next": "/"})
    assert "Dasbor" in client.get(reverse("indicators:dashboard")).content.decode()
