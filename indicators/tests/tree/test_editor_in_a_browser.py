"""A real browser (Debian's Chromium) walks through the staf's main task:
add a sasaran and an IKU with a fraction formula and targets, see it in the preview, get
the PDF and read its text. Skipped, with the reason, where Chromium is not installed."""

import io
import shutil
import urllib.request
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from indicators.models import Indicator
from indicators.tests.factories import DocumentFactory
from organizations.models import Membership
from organizations.tests.factories import MembershipFactory, OfficialFactory

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (CHROMIUM and CHROMEDRIVER),
        reason="Chromium not installed: apt-get install chromium chromium-driver",
    ),
]


@pytest.fixture
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,1600",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def test_staf_adds_an_iku_previews_and_prints(live_server, browser, transactional_db):
    official = OfficialFactory(name="HAMDAN, SH., M.Si", jabatan="Kepala Dinas")
    document = DocumentFactory(unit=official.unit, layout="ringkas", signatory=official)
    MembershipFactory(unit=document.unit, role=Membership.Role.STAF, user__username="jambi.staf")
    # While a click navigates, an element found on the old page can vanish under the check;
    # Chromium then answers with a plain WebDriverException. The wait retries until the new
    # page shows what is expected.

    wait = WebDriverWait(browser, 10, ignored_exceptions=(WebDriverException,))

    def shows(text):
        """Wait for the page that follows a click to show `text`."""
        wait.until(ec.text_to_be_present_in_element((By.TAG_NAME, "main"), text))
        return True

    def click(element):
        browser.execute_script(
            "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element
        )
        element.click()

    browser.get(live_server.url + reverse("login"))
    browser.find_element(By.NAME, "username").send_keys("jambi.staf")
    browser.find_element(By.NAME, "password").send_keys("secret-pass-123")
    click(browser.find_element(By.CSS_SELECTOR, "main form button.btn-primary"))
    wait.until(ec.url_to_be(live_server.url + "/"))

    browser.get(live_server.url + reverse("indicators:document_detail", args=[document.pk]))
    click(browser.find_element(By.LINK_TEXT, "Tambah sasaran strategis"))
    browser.find_element(By.NAME, "text").send_keys("Meningkatnya kualitas koperasi")
    click(browser.find_element(By.CSS_SELECTOR, "main form button.btn-primary"))
    assert shows("Sasaran strategis disimpan.")

    click(browser.find_element(By.LINK_TEXT, "Tambah IKU"))
    browser.find_element(By.NAME, "name").send_keys("Persentase Koperasi Berkualitas")
    browser.find_element(By.NAME, "satuan").send_keys("%")
    browser.find_element(By.NAME, "formula").send_keys(
        "Jumlah koperasi berkualitas / Jumlah seluruh koperasi × 100%"
    )
    # The live preview shows the stacked fraction as it will print.
    wait.until(
        ec.presence_of_element_located((By.CSS_SELECTOR, "#formula-preview .frac .frac-den"))
    )
    denominator = browser.find_element(By.CSS_SELECTOR, "#formula-preview .frac-den")
    assert denominator.text == "Jumlah seluruh koperasi"
    browser.find_element(By.NAME, "target_2024").send_keys("70")
    browser.find_element(By.NAME, "target_2025").send_keys("72,5")
    browser.find_element(By.NAME, "target_2026").send_keys("3,4")
    browser.find_element(By.NAME, "baseline").send_keys("3,4")
    click(browser.find_element(By.CSS_SELECTOR, "main form button.btn-primary"))
    assert shows("Indikator “Persentase Koperasi Berkualitas” disimpan.")
    assert shows("2025: 72,5")
    # "3,4" typed in Chromium is 3,4: a text input keeps the comma (a number input dropped it).
    saved = Indicator.objects.get(name="Persentase Koperasi Berkualitas")
    assert saved.baseline_value == Decimal("3.4")
    assert saved.targets.get(year=2026).value == Decimal("3.4")
    assert shows("Baseline: 3,4 (tiga koma empat)")

    click(browser.find_element(By.LINK_TEXT, "Pratinjau"))
    # The preview shows the pages of the PDF itself, drawn as pictures, loaded in the browser.
    image = wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".pdf-page img")))
    wait.until(lambda driver: driver.execute_script("return arguments[0].naturalWidth", image))
    width, height = browser.execute_script(
        "return [arguments[0].naturalWidth, arguments[0].naturalHeight]", image
    )
    assert height > width  # an A4 portrait page: the ringkas layout fits upright

    browser.back()
    wait.until(ec.presence_of_element_located((By.LINK_TEXT, "Unduh PDF")))
    link = browser.find_element(By.LINK_TEXT, "Unduh PDF").get_attribute("href")
    cookie = browser.get_cookie("sessionid")["value"]
    request = urllib.request.Request(link, headers={"Cookie": f"sessionid={cookie}"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - live server
        assert response.headers["Content-Disposition"].startswith("attachment;")
        pdf = response.read()
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.split())
    assert "Meningkatnya kualitas koperasi" in text
    assert "Persentase Koperasi Berkualitas ( satuan % )" in text
    assert "Jumlah koperasi berkualitas" in text and "Jumlah seluruh koperasi" in text
    assert "HAMDAN, SH., M.Si" in text


WORD_PASTE = (
    '<p class="MsoNormal" style="font-family:Calibri;color:#1F3864">Koperasi '
    '<b style="mso-bidi-font-weight:normal">aktif</b> adalah:</p>'
    '<p class="MsoListParagraphCxSpFirst" style="text-indent:-18.0pt;mso-list:l0 level1 lfo1">'
    '<span style="font-family:Symbol;mso-list:Ignore">·<span>&nbsp;&nbsp;</span></span>'
    '<span style="font-size:11pt">yang melaksanakan RAT</span></p>'
    '<p class="MsoListParagraphCxSpLast" style="text-indent:-18.0pt;mso-list:l0 level1 lfo1">'
    '<span style="font-family:Symbol;mso-list:Ignore">·<span>&nbsp;&nbsp;</span></span>'
    '<span style="color:red">yang memiliki NIK</span></p>'
)


def test_penjelasan_is_edited_as_text_and_a_word_paste_keeps_its_list(
    live_server, browser, transactional_db
):
    document = DocumentFactory(layout="ringkas")
    target = document.strategic_targets.create(text="Sasaran", order=0)
    MembershipFactory(unit=document.unit, role=Membership.Role.STAF, user__username="staf.word")
    wait = WebDriverWait(browser, 10, ignored_exceptions=(WebDriverException,))
    browser.get(live_server.url + reverse("login"))
    browser.find_element(By.NAME, "username").send_keys("staf.word")
    browser.find_element(By.NAME, "password").send_keys("secret-pass-123")
    browser.find_element(By.CSS_SELECTOR, "main form button.btn-primary").click()
    wait.until(ec.url_to_be(live_server.url + "/"))

    url = reverse("indicators:indicator_create", args=[document.pk])
    browser.get(f"{live_server.url}{url}?sasaran={target.pk}")
    # The textarea becomes an editor with a toolbar; no HTML to type.
    editor = wait.until(
        ec.presence_of_element_located(
            (By.CSS_SELECTOR, ".prose-editor[data-editor-ready] .ProseMirror")
        )
    )
    assert not browser.find_element(By.NAME, "explanation").is_displayed()
    browser.find_element(By.NAME, "name").send_keys("Persentase koperasi aktif")
    browser.execute_script(
        """
        const [target, html] = arguments;
        target.focus();
        const data = new DataTransfer();
        data.setData('text/html', html);
        data.setData('text/plain', target.innerText);
        target.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true,
                                                           cancelable: true}));
        """,
        editor,
        WORD_PASTE,
    )
    wait.until(lambda driver: editor.find_elements(By.CSS_SELECTOR, "ul li"))
    button = browser.find_element(By.CSS_SELECTOR, "main form button.btn-primary")
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", button
    )
    button.click()
    wait.until(ec.text_to_be_present_in_element((By.TAG_NAME, "main"), "disimpan"))
    saved = Indicator.objects.get(name="Persentase koperasi aktif")
    html = saved.explanation
    assert "<ul><li><p>yang melaksanakan RAT</p></li><li><p>yang memiliki NIK</p></li></ul>" in (
        html
    ), html
    assert "<strong>aktif</strong>" in html
    assert "style" not in html and "Mso" not in html and "·" not in html
